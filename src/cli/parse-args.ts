/**
 * argv -> a command and its options. Pure, so it is unit-tested;
 * usage errors throw UsageError (exit code 2).
 */
import {FromError, readFrom} from '../config/from.js'
export class UsageError extends Error {
  override name = 'UsageError'
}

export type Format = 'html' | 'pdf'
export const FORMATS: readonly Format[] = ['html', 'pdf']

export type Command =
  | {command: 'help'; topic?: string | undefined}
  | {command: 'version'}
  | {command: 'styles'; filter?: string | undefined}
  | {command: 'doctor'; browser?: string | undefined}
  | {command: 'refs'; files: string[]; lang: string}
  | {
      command: 'packet'
      file: string
      outDir: string
      formats: Format[]
      browser?: string | undefined
      browserEndpoint: string[]
      /** Seconds. */
      timeout: number
      quiet: boolean
      root?: string | undefined
      /** Bytes. */
      maxInputSize?: number | undefined
      scripts: boolean
    }
  | {
      command: 'build'
      inputs: string[]
      outDir: string
      formats: Format[]
      csl?: string | undefined
      /** Input format with extension toggles (Pandoc's names). */
      from?: string | undefined
      bibliography: string[]
      strict: boolean
      quiet: boolean
      browser?: string | undefined
      browserEndpoint: string[]
      /** Seconds. */
      timeout: number
      jobs?: number | undefined
      root?: string | undefined
      /** Bytes. */
      maxInputSize?: number | undefined
      scripts: boolean
      force: boolean
      json: boolean
      watch: boolean
      /** 1-based: build the i-th of n stable parts of the input list. */
      shard?: {index: number; count: number} | undefined
    }

export const HELP = `handout: Markdown manuscripts + bibliographies -> print-ready HTML handouts

Usage
  handout build [files|dirs|globs...] [options]   build each manuscript to OUT/<name>.html
  handout styles [filter]                         list CSL styles found, and where
  handout packet FILE [-o DIR] [options]          bind a reading packet (packets/NAME.yml) into DIR/NAME.pdf and .html
  handout doctor [--browser PATH]                 check browser, fonts, styles, locales, Node
  handout refs FILE... [--lang LANG]              print the CSL-JSON handout reads from bibliographies
  handout --help | --version

Build options
  -o, --out DIR            output folder (default: out)
  -f, --format LIST        html, pdf or html,pdf (default: html,pdf)
      --csl STYLE          CSL style name or path (overrides front matter \`csl\`)
      --from FORMAT        input format, Pandoc's names: markdown (default), commonmark, gfm,
                           with toggles: +/-smart, citations, tex_math_dollars, raw_tex, autolink_bare_uris
  -b, --bibliography FILE  extra bibliography (.bib .bibtex .json .yaml .ris); repeatable
      --strict             warnings (unknown keys, …) fail the document
  -q, --quiet              print problems only
      --browser PATH       Chromium/Chrome for PDF (else HANDOUT_BROWSER, system, Puppeteer's)
      --browser-endpoint WS  print with a running browser (ws://…); repeat to spread a batch over several
      --root DIR           project folder: files the documents name must be inside it (default: .)
      --max-input-size MB  largest file read (default: 50)
      --scripts            run the documents' own scripts in the print page (default: per front matter \`scripts\`)
      --timeout SECONDS    give up a document's PDF after this long (default: 60)
  -j, --jobs N             documents printed at once (default: CPU cores)
      --force              rebuild even what the cache says is up to date
  -w, --watch              rebuild what changes (manuscript, bibliography, style, stylesheet); Ctrl-C stops
      --json               print a machine-readable report on stdout
      --shard I/N          build only the I-th of N stable parts (split a batch across machines)

With no inputs, \`handout build\` builds manuscripts/.
Exit codes: 0 success, 1 a document failed (or warned under --strict), 2 usage error.
`

function value(argv: string[], index: number, flag: string): string {
  const next = argv[index + 1]
  if (next === undefined || (next.startsWith('-') && next !== '-')) throw new UsageError(`\`${flag}\` needs a value`)
  return next
}

export function parseArgs(argv: string[]): Command {
  const [first, ...rest] = argv
  if (first === undefined || first === '-h' || first === '--help' || first === 'help') return {command: 'help', topic: rest[0]}
  if (first === '-v' || first === '--version' || first === 'version') return {command: 'version'}
  if (first === 'doctor') {
    let browser: string | undefined
    for (let i = 0; i < rest.length; i++) {
      if (rest[i] !== '--browser') throw new UsageError('`handout doctor` takes only `--browser PATH`')
      browser = value(rest, i, '--browser')
      i++
    }
    return {command: 'doctor', browser}
  }
  if (first === 'refs') {
    const files: string[] = []
    let lang = 'en'
    for (let i = 0; i < rest.length; i++) {
      const arg = rest[i]!
      if (arg === '--lang') {
        lang = value(rest, i, '--lang')
        i++
      } else if (arg.startsWith('--lang=')) lang = arg.slice('--lang='.length)
      else if (arg.startsWith('-')) throw new UsageError(`Unknown option for refs: ${arg} (it takes files and \`--lang LANG\`)`)
      else files.push(arg)
    }
    if (files.length === 0) throw new UsageError('`handout refs` takes one or more bibliography files, e.g. `handout refs refs.bib`')
    return {command: 'refs', files, lang: lang.split(/[-_]/)[0]!.toLowerCase()}
  }
  if (first === 'styles') {
    if (rest.some((a) => a.startsWith('-'))) throw new UsageError(`Unknown option for styles: ${rest.find((a) => a.startsWith('-'))}`)
    return {command: 'styles', filter: rest[0]}
  }
  if (first === 'packet') {
    const build = parseArgs(['build', ...rest]) as Extract<Command, {command: 'build'}>
    // A packet's default time limit is longer (a whole volume paginates at once).
    const timeoutGiven = rest.some((arg) => arg === '--timeout' || arg.startsWith('--timeout='))
    if (build.inputs.length !== 1 || build.inputs[0] === 'manuscripts') throw new UsageError('`handout packet` takes one packet file, e.g. `handout packet packets/ketamine-reading-packet.yml`')
    if (build.csl || build.from || build.bibliography.length || build.strict || build.force || build.json || build.shard || build.jobs || build.watch) {
      throw new UsageError('`handout packet` takes -o, --format, --browser, --browser-endpoint, --timeout, --root, --max-input-size, --scripts and -q; set csl and stylesheet in the packet file')
    }
    return {
      command: 'packet',
      file: build.inputs[0]!,
      outDir: build.outDir,
      formats: build.formats,
      browser: build.browser,
      browserEndpoint: build.browserEndpoint,
      timeout: timeoutGiven ? build.timeout : 300,
      quiet: build.quiet,
      root: build.root,
      maxInputSize: build.maxInputSize,
      scripts: build.scripts
    }
  }
  if (first !== 'build') throw new UsageError(`Unknown command \`${first}\`: use \`handout build\`, \`handout styles\` or \`handout --help\``)

  const result: Extract<Command, {command: 'build'}> = {
    command: 'build',
    inputs: [],
    outDir: 'out',
    formats: ['html', 'pdf'],
    bibliography: [],
    strict: false,
    quiet: false,
    timeout: 60,
    force: false,
    json: false,
    watch: false,
    browserEndpoint: [],
    scripts: false
  }
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i]!
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined]
    const take = (): string => {
      if (inline !== undefined) return inline
      const v = value(rest, i, flag)
      i++
      return v
    }
    switch (flag) {
      case '-o':
      case '--out':
        result.outDir = take()
        break
      case '-f':
      case '--format': {
        const formats = take().split(',').map((f) => f.trim()).filter(Boolean)
        for (const f of formats) {
          if (!FORMATS.includes(f as Format)) throw new UsageError(`Unknown format \`${f}\`: use html, pdf or html,pdf`)
        }
        if (formats.length === 0) throw new UsageError('`--format` needs html, pdf or html,pdf')
        result.formats = formats as Format[]
        break
      }
      case '--csl':
        result.csl = take()
        break
      case '--from': {
        const from = take()
        try {
          readFrom(from)
        } catch (error) {
          if (error instanceof FromError) throw new UsageError(error.message)
          throw error
        }
        result.from = from
        break
      }
      case '-b':
      case '--bibliography':
        result.bibliography.push(take())
        break
      case '--strict':
        result.strict = true
        break
      case '-q':
      case '--quiet':
        result.quiet = true
        break
      case '--browser':
        result.browser = take()
        break
      case '--browser-endpoint':
        result.browserEndpoint.push(take())
        break
      case '--root':
        result.root = take()
        break
      case '--max-input-size': {
        const megabytes = Number(take())
        if (!Number.isFinite(megabytes) || megabytes <= 0) throw new UsageError('`--max-input-size` takes a number of megabytes above 0')
        result.maxInputSize = Math.round(megabytes * 1024 * 1024)
        break
      }
      case '--scripts':
        result.scripts = true
        break
      case '-j':
      case '--jobs': {
        const jobs = Number(take())
        if (!Number.isInteger(jobs) || jobs < 1) throw new UsageError('`--jobs` takes a whole number of 1 or more')
        result.jobs = jobs
        break
      }
      case '--force':
        result.force = true
        break
      case '--json':
        result.json = true
        break
      case '-w':
      case '--watch':
        result.watch = true
        break
      case '--shard': {
        const match = /^(\d+)\/(\d+)$/.exec(take())
        const index = Number(match?.[1])
        const count = Number(match?.[2])
        if (!match || count < 1 || index < 1 || index > count) throw new UsageError('`--shard` takes I/N with 1 <= I <= N, e.g. `--shard 2/4`')
        result.shard = {index, count}
        break
      }
      case '--timeout': {
        const seconds = Number(take())
        if (!Number.isFinite(seconds) || seconds <= 0) throw new UsageError('`--timeout` takes a number of seconds above 0')
        result.timeout = seconds
        break
      }
      default:
        if (arg.startsWith('-') && arg !== '-') throw new UsageError(`Unknown option \`${arg}\`; see \`handout --help\``)
        result.inputs.push(arg)
    }
  }
  if (result.inputs.length === 0) result.inputs.push('manuscripts')
  return result
}

/**
 * argv -> a command and its options. Pure, so it is unit-tested;
 * usage errors throw UsageError (exit code 2).
 */
import {parseArgs as nodeParseArgs} from 'node:util'
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
      command: 'preview'
      inputs: string[]
      /** Default: a free port. */
      port?: number | undefined
      /** Default: 127.0.0.1. */
      host?: string | undefined
      open: boolean
      build: Extract<Command, {command: 'build'}>
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

/** What a `handout build` (and `handout packet`) option holds, once read. */
type BuildCommand = Extract<Command, {command: 'build'}>

interface OptionSpec {
  short?: string
  /** How the value is shown in the help ("DIR"); none: a switch. */
  value?: string
  multiple?: true
  help: string
  /** Continuation lines of the help, aligned under it. */
  more?: string[]
  /** Store what was given (a value, or true for a switch) into the command. */
  set(command: BuildCommand, given: string | true): void
}

/** A number read from an option's value, or a usage error that says what the option takes. */
const number = (flag: string, takes: string, ok: (n: number) => boolean) => (text: string): number => {
  const n = Number(text)
  if (!ok(n)) throw new UsageError(`\`${flag}\` takes ${takes}`)
  return n
}
const seconds = number('--timeout', 'a number of seconds above 0', (n) => Number.isFinite(n) && n > 0)
const megabytes = number('--max-input-size', 'a number of megabytes above 0', (n) => Number.isFinite(n) && n > 0)
const jobCount = number('--jobs', 'a whole number of 1 or more', (n) => Number.isInteger(n) && n >= 1)

/**
 * The options of `handout build`, in the order of the help: one table from
 * which argv is read (node:util's parseArgs), each value checked and stored,
 * and the help written.
 */
export const BUILD_OPTIONS: Record<string, OptionSpec> = {
  out: {short: 'o', value: 'DIR', help: 'output folder (default: out)', set: (c, v) => void (c.outDir = String(v))},
  format: {
    short: 'f',
    value: 'LIST',
    help: 'html, pdf or html,pdf (default: html,pdf)',
    set(c, v) {
      const formats = String(v).split(',').map((f) => f.trim()).filter(Boolean)
      for (const f of formats) if (!FORMATS.includes(f as Format)) throw new UsageError(`Unknown format \`${f}\`: use html, pdf or html,pdf`)
      if (formats.length === 0) throw new UsageError('`--format` needs html, pdf or html,pdf')
      c.formats = formats as Format[]
    }
  },
  csl: {value: 'STYLE', help: 'CSL style name or path (overrides front matter `csl`)', set: (c, v) => void (c.csl = String(v))},
  from: {
    value: 'FORMAT',
    help: "input format, Pandoc's names: markdown (default), commonmark, gfm,",
    more: ['with toggles: +/-smart, citations, tex_math_dollars, raw_tex, autolink_bare_uris'],
    set(c, v) {
      try {
        readFrom(String(v))
      } catch (error) {
        if (error instanceof FromError) throw new UsageError(error.message)
        throw error
      }
      c.from = String(v)
    }
  },
  bibliography: {short: 'b', value: 'FILE', multiple: true, help: 'extra bibliography (.bib .bibtex .json .yaml .ris); repeatable', set: (c, v) => void c.bibliography.push(String(v))},
  strict: {help: 'warnings (unknown keys, …) fail the document', set: (c) => void (c.strict = true)},
  quiet: {short: 'q', help: 'print problems only', set: (c) => void (c.quiet = true)},
  browser: {value: 'PATH', help: "Chromium/Chrome for PDF (else HANDOUT_BROWSER, system, Puppeteer's)", set: (c, v) => void (c.browser = String(v))},
  'browser-endpoint': {value: 'WS', multiple: true, help: 'print with a running browser (ws://…); repeat to spread a batch over several', set: (c, v) => void c.browserEndpoint.push(String(v))},
  root: {value: 'DIR', help: 'project folder: files the documents name must be inside it (default: .)', set: (c, v) => void (c.root = String(v))},
  'max-input-size': {value: 'MB', help: 'largest file read (default: 50)', set: (c, v) => void (c.maxInputSize = Math.round(megabytes(String(v)) * 1024 * 1024))},
  scripts: {help: "run the documents' own scripts in the print page (default: per front matter `scripts`)", set: (c) => void (c.scripts = true)},
  timeout: {value: 'SECONDS', help: "give up a document's PDF after this long (default: 60)", set: (c, v) => void (c.timeout = seconds(String(v)))},
  jobs: {short: 'j', value: 'N', help: 'documents printed at once (default: CPU cores)', set: (c, v) => void (c.jobs = jobCount(String(v)))},
  force: {help: 'rebuild even what the cache says is up to date', set: (c) => void (c.force = true)},
  watch: {short: 'w', help: 'rebuild what changes (manuscript, bibliography, style, stylesheet); Ctrl-C stops', set: (c) => void (c.watch = true)},
  json: {help: 'print a machine-readable report on stdout', set: (c) => void (c.json = true)},
  shard: {
    value: 'I/N',
    help: 'build only the I-th of N stable parts (split a batch across machines)',
    set(c, v) {
      const match = /^(\d+)\/(\d+)$/.exec(String(v))
      const index = Number(match?.[1])
      const count = Number(match?.[2])
      if (!match || count < 1 || index < 1 || index > count) throw new UsageError('`--shard` takes I/N with 1 <= I <= N, e.g. `--shard 2/4`')
      c.shard = {index, count}
    }
  }
}

/** The options a packet takes (the others are set in the packet file). */
const PACKET_OPTIONS = new Set(['out', 'format', 'browser', 'browser-endpoint', 'timeout', 'root', 'max-input-size', 'scripts', 'quiet'])

/** The build options a preview takes (it writes nothing, so none about outputs). */
const PREVIEW_BUILD_OPTIONS = new Set(['csl', 'from', 'bibliography', 'browser', 'browser-endpoint', 'root', 'max-input-size', 'scripts', 'timeout'])

/** `handout preview`'s own options, taken out of argv before the build options are read. */
function readPreview(rest: string[]): Command {
  let port: number | undefined
  let host: string | undefined
  let open = false
  const others: string[] = []
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i]!
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined]
    if (flag === '--port') {
      const text = inline ?? value(rest, i++, '--port')
      const n = Number(text)
      if (!Number.isInteger(n) || n < 0 || n > 65535) throw new UsageError('`--port` takes a port number from 0 to 65535 (0: any free port)')
      port = n
    } else if (flag === '--host') {
      host = inline ?? value(rest, i++, '--host')
    } else if (arg === '--open') {
      open = true
    } else {
      others.push(arg)
    }
  }
  const {build, given} = readBuild(others)
  const refused = [...given].filter((name) => !PREVIEW_BUILD_OPTIONS.has(name))
  if (refused.length > 0) throw new UsageError(`\`handout preview\` writes nothing, so it does not take \`--${refused[0]}\`; it takes --port, --host, --open, --csl, --from, -b, --browser, --browser-endpoint, --root, --max-input-size, --scripts and --timeout`)
  return {command: 'preview', inputs: build.inputs, port, host, open, build}
}

/** The help's option lines, from BUILD_OPTIONS. */
function optionsHelp(): string {
  const lines: string[] = []
  for (const [name, spec] of Object.entries(BUILD_OPTIONS)) {
    const head = `${spec.short ? `-${spec.short}, ` : '    '}--${name}${spec.value ? ` ${spec.value}` : ''}`
    lines.push(`  ${head.padEnd(23)}  ${spec.help}`)
    for (const more of spec.more ?? []) lines.push(`${' '.repeat(27)}${more}`)
  }
  return lines.join('\n')
}

export const HELP = `handout: Markdown manuscripts + bibliographies -> print-ready HTML handouts

Usage
  handout build [files|dirs|globs...] [options]   build each manuscript to OUT/<name>.html
  handout styles [filter]                         list CSL styles found, and where
  handout packet FILE [-o DIR] [options]          bind a reading packet (packets/NAME.yml) into DIR/NAME.pdf and .html
  handout preview [FILE|DIR] [--port N] [--open]  show the pages in a browser, updated on every save
  handout doctor [--browser PATH]                 check browser, fonts, styles, locales, Node
  handout refs FILE... [--lang LANG]              print the CSL-JSON handout reads from bibliographies
  handout --help | --version

Build options
${optionsHelp()}

With no inputs, \`handout build\` builds manuscripts/.
Exit codes: 0 success, 1 a document failed (or warned under --strict), 2 usage error.
`

function value(argv: string[], index: number, flag: string): string {
  const next = argv[index + 1]
  if (next === undefined || (next.startsWith('-') && next !== '-')) throw new UsageError(`\`${flag}\` needs a value`)
  return next
}

type Token = {kind: 'option'; name: string; value: string | undefined} | {kind: 'positional'; value: string}

/** argv after the command, read by node:util's parseArgs against BUILD_OPTIONS; its errors become usage errors. */
function readTokens(args: string[]): Token[] {
  const options: Record<string, {type: 'string' | 'boolean'; short?: string; multiple?: boolean}> = {}
  for (const [name, spec] of Object.entries(BUILD_OPTIONS)) {
    options[name] = {type: spec.value ? 'string' : 'boolean', ...(spec.short ? {short: spec.short} : {}), ...(spec.multiple ? {multiple: true} : {})}
  }
  let tokens
  try {
    tokens = nodeParseArgs({args, options, allowPositionals: true, strict: true, tokens: true}).tokens
  } catch (error) {
    const {code, message} = error as {code?: string; message: string}
    // Node names the option as given ('-o', '--out' or '-o, --out <value>'); say it the way the user wrote it.
    const given = args.map((arg) => arg.split('=')[0]!).find((arg) => arg.startsWith('-') && message.includes(`'${arg}`) || message.includes(` ${arg} `)) ?? /'(-[^',\s]*)/.exec(message)?.[1] ?? 'an option'
    const long = /--[a-z-]+/.exec(message)?.[0] ?? given
    if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') throw new UsageError(`Unknown option \`${given}\`; see \`handout --help\``)
    if (/does not take an argument/.test(message)) throw new UsageError(`\`${long}\` takes no value`)
    if (/ambiguous/.test(message)) throw new UsageError(`\`${given}\` needs a value; to give one that starts with "-", write \`${long}=-…\``)
    if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') throw new UsageError(`\`${given}\` needs a value`)
    throw new UsageError(message)
  }
  return tokens.flatMap((token): Token[] => {
    if (token.kind === 'positional') return [{kind: 'positional', value: token.value}]
    if (token.kind === 'option') return [{kind: 'option', name: token.name, value: token.value}]
    return []
  })
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
    const {build, given} = readBuild(rest)
    const refused = [...given].filter((name) => !PACKET_OPTIONS.has(name))
    if (build.inputs.length !== 1 || build.inputs[0] === 'manuscripts') throw new UsageError('`handout packet` takes one packet file, e.g. `handout packet packets/ketamine-reading-packet.yml`')
    if (refused.length > 0) {
      throw new UsageError('`handout packet` takes -o, --format, --browser, --browser-endpoint, --timeout, --root, --max-input-size, --scripts and -q; set csl and stylesheet in the packet file')
    }
    return {
      command: 'packet',
      file: build.inputs[0]!,
      outDir: build.outDir,
      formats: build.formats,
      browser: build.browser,
      browserEndpoint: build.browserEndpoint,
      // A packet's default time limit is longer (a whole volume paginates at once).
      timeout: given.has('timeout') ? build.timeout : 300,
      quiet: build.quiet,
      root: build.root,
      maxInputSize: build.maxInputSize,
      scripts: build.scripts
    }
  }
  if (first === 'preview') return readPreview(rest)
  if (first !== 'build') throw new UsageError(`Unknown command \`${first}\`: use \`handout build\`, \`handout styles\` or \`handout --help\``)

  return readBuild(rest).build
}

/** `handout build`'s options after the command, and the names of those given. */
function readBuild(rest: string[]): {build: BuildCommand; given: Set<string>} {
  const result: BuildCommand = {
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
  const given = new Set<string>()
  for (const token of readTokens(rest)) {
    if (token.kind === 'positional') {
      result.inputs.push(token.value)
    } else {
      BUILD_OPTIONS[token.name]!.set(result, token.value ?? true)
      given.add(token.name)
    }
  }
  if (result.inputs.length === 0) result.inputs.push('manuscripts')
  return {build: result, given}
}

/**
 * argv -> a command and its options. Pure, so it is unit-tested;
 * usage errors throw UsageError (exit code 2).
 */
export class UsageError extends Error {
  override name = 'UsageError'
}

export type Format = 'html'
export const FORMATS: readonly Format[] = ['html']

export type Command =
  | {command: 'help'; topic?: string | undefined}
  | {command: 'version'}
  | {command: 'styles'; filter?: string | undefined}
  | {
      command: 'build'
      inputs: string[]
      outDir: string
      formats: Format[]
      csl?: string | undefined
      bibliography: string[]
      strict: boolean
      quiet: boolean
    }

export const HELP = `handout: Markdown manuscripts + bibliographies -> print-ready HTML handouts

Usage
  handout build [files|dirs|globs...] [options]   build each manuscript to OUT/<name>.html
  handout styles [filter]                         list CSL styles found, and where
  handout --help | --version

Build options
  -o, --out DIR            output folder (default: out)
  -f, --format LIST        html (default: html)
      --csl STYLE          CSL style name or path (overrides front matter \`csl\`)
  -b, --bibliography FILE  extra bibliography (.bib .bibtex .json .yaml .ris); repeatable
      --strict             warnings (unknown keys, …) fail the document
  -q, --quiet              print problems only

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
  if (first === 'styles') {
    if (rest.some((a) => a.startsWith('-'))) throw new UsageError(`Unknown option for styles: ${rest.find((a) => a.startsWith('-'))}`)
    return {command: 'styles', filter: rest[0]}
  }
  if (first !== 'build') throw new UsageError(`Unknown command \`${first}\`: use \`handout build\`, \`handout styles\` or \`handout --help\``)

  const result: Extract<Command, {command: 'build'}> = {
    command: 'build',
    inputs: [],
    outDir: 'out',
    formats: ['html'],
    bibliography: [],
    strict: false,
    quiet: false
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
          if (f === 'pdf') throw new UsageError('`--format pdf` is not available yet: PDF output comes with the print stage; use `--format html`')
          if (!FORMATS.includes(f as Format)) throw new UsageError(`Unknown format \`${f}\`: use ${FORMATS.join(', ')}`)
        }
        result.formats = formats as Format[]
        break
      }
      case '--csl':
        result.csl = take()
        break
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
      default:
        if (arg.startsWith('-') && arg !== '-') throw new UsageError(`Unknown option \`${arg}\`; see \`handout --help\``)
        result.inputs.push(arg)
    }
  }
  if (result.inputs.length === 0) result.inputs.push('manuscripts')
  return result
}

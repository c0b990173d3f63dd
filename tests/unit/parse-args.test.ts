import {describe, expect, it} from 'vitest'
import {parseArgs, UsageError} from '../../src/cli/parse-args.js'

describe('parseArgs', () => {
  it('builds manuscripts/ by default', () => {
    expect(parseArgs(['build'])).toMatchObject({command: 'build', inputs: ['manuscripts'], outDir: 'out', formats: ['html', 'pdf'], timeout: 60})
  })
  it('reads every build flag', () => {
    expect(
      parseArgs([
        'build', 'a.md', 'b/', '-o', 'dist', '--format=pdf', '--csl', 'ieee', '-b', 'x.bib', '--bibliography', 'y.json', '--strict', '-q',
        '--browser', '/opt/chrome', '--browser-endpoint', 'ws://127.0.0.1:9222/x', '--browser-endpoint=ws://10.0.0.2:9222/y', '--timeout', '90',
        '-j', '3', '--force', '--json', '--shard', '2/4', '--root', '..', '--max-input-size', '2.5', '--scripts'
      ])
    ).toEqual({
      command: 'build', inputs: ['a.md', 'b/'], outDir: 'dist', formats: ['pdf'], csl: 'ieee', bibliography: ['x.bib', 'y.json'],
      strict: true, quiet: true, browser: '/opt/chrome', browserEndpoint: ['ws://127.0.0.1:9222/x', 'ws://10.0.0.2:9222/y'], timeout: 90,
      jobs: 3, force: true, json: true, shard: {index: 2, count: 4}, watch: false, root: '..', maxInputSize: 2621440, scripts: true
    })
    expect(parseArgs(['build', '-w'])).toMatchObject({watch: true})
  })
  it('knows help, version and styles', () => {
    expect(parseArgs([])).toMatchObject({command: 'help'})
    expect(parseArgs(['--version'])).toEqual({command: 'version'})
    expect(parseArgs(['styles', 'chicago'])).toEqual({command: 'styles', filter: 'chicago'})
    expect(parseArgs(['doctor'])).toEqual({command: 'doctor', browser: undefined})
    expect(parseArgs(['refs', 'a.bib', 'b.json', '--lang', 'de-DE'])).toEqual({command: 'refs', files: ['a.bib', 'b.json'], lang: 'de'})
    expect(() => parseArgs(['refs'])).toThrow(UsageError)
    expect(parseArgs(['doctor', '--browser', '/x'])).toEqual({command: 'doctor', browser: '/x'})
  })
  it('rejects unknown commands, options, formats and missing values', () => {
    expect(() => parseArgs(['biuld'])).toThrow(UsageError)
    expect(() => parseArgs(['build', '--frobnicate'])).toThrow(/Unknown option/)
    expect(() => parseArgs(['build', '--format', 'docx'])).toThrow(/Unknown format/)
    expect(() => parseArgs(['build', '--timeout', '0'])).toThrow(/--timeout/)
    expect(() => parseArgs(['doctor', '--frobnicate'])).toThrow(UsageError)
    expect(() => parseArgs(['build', '--shard', '3/2'])).toThrow(/--shard/)
    expect(() => parseArgs(['build', '--jobs', '0'])).toThrow(/--jobs/)
    expect(() => parseArgs(['build', '-o'])).toThrow(/needs a value/)
    expect(() => parseArgs(['build', '--max-input-size', 'big'])).toThrow(/--max-input-size/)
    expect(() => parseArgs(['build', '--out', '-x'])).toThrow('`--out` needs a value; to give one that starts with "-", write `--out=-…`')
    expect(() => parseArgs(['build', '--json=1'])).toThrow('`--json` takes no value')
    expect(() => parseArgs(['build', '-xyz'])).toThrow('Unknown option `-x`')
    expect(parseArgs(['build', '--out=-x'])).toMatchObject({outDir: '-x'})
  })
  it('writes the help from the same table it reads options by', async () => {
    const {BUILD_OPTIONS, HELP} = await import('../../src/cli/parse-args.js')
    for (const [name, spec] of Object.entries(BUILD_OPTIONS)) {
      expect(HELP).toContain(`--${name}${spec.value ? ` ${spec.value}` : ''}`)
      expect(HELP).toContain(spec.help)
      if (spec.short) expect(HELP).toContain(`-${spec.short}, --${name}`)
    }
  })
  it('gives a packet a longer time limit unless one is given, even the build default', () => {
    expect(parseArgs(['packet', 'p.yml'])).toMatchObject({command: 'packet', timeout: 300})
    expect(parseArgs(['packet', 'p.yml', '--timeout', '60'])).toMatchObject({command: 'packet', timeout: 60})
    expect(parseArgs(['packet', 'p.yml', '--root', 'x', '--scripts'])).toMatchObject({command: 'packet', root: 'x', scripts: true})
    expect(parseArgs(['packet', 'p.yml', '--timeout=300', '-q'])).toMatchObject({command: 'packet', timeout: 300, quiet: true})
    expect(() => parseArgs(['packet', 'p.yml', '--csl', 'ieee'])).toThrow(/set csl and stylesheet in the packet file/)
    expect(() => parseArgs(['packet', 'p.yml', '--force'])).toThrow(UsageError)
  })
})

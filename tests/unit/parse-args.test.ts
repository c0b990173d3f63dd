import {describe, expect, it} from 'vitest'
import {parseArgs, UsageError} from '../../src/cli/parse-args.js'

describe('parseArgs', () => {
  it('builds manuscripts/ by default', () => {
    expect(parseArgs(['build'])).toMatchObject({command: 'build', inputs: ['manuscripts'], outDir: 'out', formats: ['html']})
  })
  it('reads every build flag', () => {
    expect(
      parseArgs(['build', 'a.md', 'b/', '-o', 'dist', '--format=html', '--csl', 'ieee', '-b', 'x.bib', '--bibliography', 'y.json', '--strict', '-q'])
    ).toEqual({command: 'build', inputs: ['a.md', 'b/'], outDir: 'dist', formats: ['html'], csl: 'ieee', bibliography: ['x.bib', 'y.json'], strict: true, quiet: true})
  })
  it('knows help, version and styles', () => {
    expect(parseArgs([])).toMatchObject({command: 'help'})
    expect(parseArgs(['--version'])).toEqual({command: 'version'})
    expect(parseArgs(['styles', 'chicago'])).toEqual({command: 'styles', filter: 'chicago'})
  })
  it('rejects unknown commands, options, formats and missing values', () => {
    expect(() => parseArgs(['biuld'])).toThrow(UsageError)
    expect(() => parseArgs(['build', '--frobnicate'])).toThrow(/Unknown option/)
    expect(() => parseArgs(['build', '--format', 'docx'])).toThrow(/Unknown format/)
    expect(() => parseArgs(['build', '--format', 'pdf'])).toThrow(/not available yet/)
    expect(() => parseArgs(['build', '-o'])).toThrow(/needs a value/)
  })
})

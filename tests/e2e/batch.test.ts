/**
 * Batch builds: the cache (hits, misses, --force), --shard, --json, a failing
 * document among good ones, and concurrent printing (same bytes as one by one).
 */
import {spawnSync} from 'node:child_process'
import {cpSync, mkdtempSync, readFileSync, statSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join, resolve} from 'node:path'
import {beforeAll, describe, expect, it} from 'vitest'
import {inShard} from '../../src/cli/shard.js'

const cli = resolve('dist/cli.js')
let work: string

function run(args: string[], env: NodeJS.ProcessEnv = {}) {
  const result = spawnSync(process.execPath, [cli, ...args], {cwd: work, encoding: 'utf8', env: {...process.env, ...env}})
  return {code: result.status, stdout: result.stdout, stderr: result.stderr}
}

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'handout-batch-'))
  cpSync(resolve('manuscripts/references.bib'), join(work, 'docs/references.bib'), {recursive: true})
  for (let i = 1; i <= 4; i++) {
    writeFileSync(join(work, `docs/doc${i}.md`), `---\ntitle: Document ${i}\nbibliography: references.bib\ncsl: ieee\n---\n\n# Part ${i}\n\nClaim [@li2010; @krystal2019] and @zanos2016.\n`)
  }
})

describe('the build cache', () => {
  it('skips unchanged documents, rebuilds what changed, and --force rebuilds all', () => {
    const first = run(['build', 'docs', '-o', 'out', '--format', 'html'])
    expect(first.code).toBe(0)
    expect(first.stdout).toMatch(/4 built, 0 cached, 0 failed/)
    const html = join(work, 'out/doc1.html')
    const before = statSync(html).mtimeMs

    const second = run(['build', 'docs', '-o', 'out', '--format', 'html'])
    expect(second.stdout).toMatch(/0 built, 4 cached, 0 failed/)
    expect(statSync(html).mtimeMs).toBe(before)

    // A manuscript changes: only it is rebuilt.
    writeFileSync(join(work, 'docs/doc2.md'), readFileSync(join(work, 'docs/doc2.md'), 'utf8') + '\nMore.\n')
    expect(run(['build', 'docs', '-o', 'out', '--format', 'html']).stdout).toMatch(/1 built, 3 cached, 0 failed/)

    // The shared bibliography changes: every document that reads it is rebuilt.
    writeFileSync(join(work, 'docs/references.bib'), readFileSync(join(work, 'docs/references.bib'), 'utf8') + '\n% touched\n')
    expect(run(['build', 'docs', '-o', 'out', '--format', 'html']).stdout).toMatch(/4 built, 0 cached, 0 failed/)

    // Other options are another build.
    expect(run(['build', 'docs', '-o', 'out', '--format', 'html', '--csl', 'apa']).stdout).toMatch(/4 built, 0 cached/)
    expect(run(['build', 'docs', '-o', 'out', '--format', 'html', '--csl', 'apa', '--force']).stdout).toMatch(/4 built, 0 cached/)

    // A deleted output is made again.
    spawnSync('rm', [join(work, 'out/doc3.html')])
    expect(run(['build', 'docs', '-o', 'out', '--format', 'html', '--csl', 'apa']).stdout).toMatch(/1 built, 3 cached/)
  })
})

describe('--shard', () => {
  it('splits the inputs into disjoint, stable parts that cover them all', () => {
    const names = Array.from({length: 40}, (_, i) => `manuscripts/doc${i}.md`)
    const parts = [1, 2, 3].map((i) => names.filter((n) => inShard(n, i, 3)))
    expect(parts.flat().sort()).toEqual([...names].sort())
    expect(new Set(parts.flat()).size).toBe(names.length)
    for (const part of parts) expect(part.length).toBeGreaterThan(5)
    expect(names.filter((n) => inShard(n, 2, 3))).toEqual(parts[1])
  })

  it('builds only its part from the command line', () => {
    const built = [1, 2].flatMap((i) => {
      const report = JSON.parse(run(['build', 'docs', '-o', `shard${i}`, '--format', 'html', '--shard', `${i}/2`, '--json']).stdout) as {documents: Array<{input: string}>}
      return report.documents.map((d) => d.input)
    })
    expect(built.sort()).toEqual(['docs/doc1.md', 'docs/doc2.md', 'docs/doc3.md', 'docs/doc4.md'])
  })
})

describe('--json and failures in a batch', () => {
  it('reports every document with status, outputs, pages, messages and time; one bad document fails alone', () => {
    writeFileSync(join(work, 'docs/bad.md'), '---\nbibliography: references.bib\n---\n\nSee [@krystal2091] and [@li2010].\n')
    writeFileSync(join(work, 'docs/broken.md'), '---\ntitle: [oops\n---\n')
    const {code, stdout} = run(['build', 'docs/doc1.md', 'docs/bad.md', 'docs/broken.md', '-o', 'json', '--json', '--strict'])
    expect(code).toBe(1)
    const report = JSON.parse(stdout) as {
      documents: Array<{input: string; status: string; outputs: string[]; pages: number | null; milliseconds: number; messages: Array<Record<string, unknown>>}>
      summary: string
    }
    const byInput = Object.fromEntries(report.documents.map((d) => [d.input, d]))
    expect(byInput['docs/doc1.md']!.status).toBe('built')
    expect(byInput['docs/doc1.md']!.outputs).toEqual(['json/doc1.html', 'json/doc1.pdf'])
    expect(byInput['docs/doc1.md']!.pages).toBe(1)
    expect(byInput['docs/bad.md']!.status).toBe('failed')
    expect(byInput['docs/bad.md']!.messages[0]).toMatchObject({severity: 'warning', file: 'docs/bad.md', line: 5, column: 6, ruleId: 'unknown-key', expected: ['krystal2019', 'krystal2013']})
    expect(String(byInput['docs/bad.md']!.messages[0]!.url)).toMatch(/README\.md#rule-unknown-key$/)
    expect(byInput['docs/broken.md']!.messages[0]).toMatchObject({severity: 'error', line: 2, ruleId: 'yaml-syntax'})
    expect(report.summary).toMatch(/^1 built, 0 cached, 2 failed/)
  }, 180_000)
})

describe('concurrent printing', () => {
  it('gives the same PDF bytes with four tabs as with one', () => {
    const env = {SOURCE_DATE_EPOCH: '1700000000'}
    expect(run(['build', 'docs/doc1.md', 'docs/doc2.md', 'docs/doc3.md', 'docs/doc4.md', '-o', 'one', '--format', 'pdf', '--jobs', '1'], env).code).toBe(0)
    expect(run(['build', 'docs/doc1.md', 'docs/doc2.md', 'docs/doc3.md', 'docs/doc4.md', '-o', 'four', '--format', 'pdf', '--jobs', '4'], env).code).toBe(0)
    for (let i = 1; i <= 4; i++) {
      expect(readFileSync(join(work, `four/doc${i}.pdf`)).equals(readFileSync(join(work, `one/doc${i}.pdf`))), `doc${i}`).toBe(true)
    }
  }, 240_000)
})

describe('--watch', () => {
  it('rebuilds a document when its bibliography changes, with one browser throughout, and stops cleanly on Ctrl-C', async () => {
    const {spawn} = await import('node:child_process')
    const {existsSync, mkdirSync, readdirSync} = await import('node:fs')
    const tmp = join(work, 'tmp-watch')
    mkdirSync(join(work, 'watched'))
    mkdirSync(tmp)
    cpSync(join(work, 'docs/references.bib'), join(work, 'watched/references.bib'))
    writeFileSync(join(work, 'watched/w.md'), '---\nbibliography: references.bib\ncsl: ieee\n---\n\nClaim [@li2010].\n')
    const child = spawn(process.execPath, [cli, 'build', 'watched/w.md', '-o', 'watch-out', '--watch'], {cwd: work, env: {...process.env, TMPDIR: tmp}})
    let log = ''
    child.stderr.on('data', (d: Buffer) => (log += d))
    const until = async (test: () => boolean): Promise<void> => {
      for (let i = 0; i < 400 && !test(); i++) await new Promise((r) => setTimeout(r, 50))
      expect(test(), log).toBe(true)
    }
    await until(() => log.includes('watching for changes') && existsSync(join(work, 'watch-out/w.pdf')))
    // Chromium keeps a temp file of its own there too; count handout's profiles.
    const profilesNow = (): string[] => readdirSync(tmp).filter((f) => f.startsWith('handout-chromium-'))
    const profiles = profilesNow()
    expect(profiles).toHaveLength(1)
    const bib = join(work, 'watched/references.bib')
    writeFileSync(bib, readFileSync(bib, 'utf8').replace('{mTOR}-Dependent Synapse', '{mTOR}-Watched Synapse'))
    await until(() => readFileSync(join(work, 'watch-out/w.html'), 'utf8').includes('mTOR-watched synapse'))
    await until(() => (log.match(/1 built/g) ?? []).length >= 2)
    expect(profilesNow()).toEqual(profiles)
    child.kill('SIGINT')
    const code = await new Promise<number | null>((r) => child.on('exit', (c) => r(c)))
    expect(code).toBe(0)
    expect(readdirSync(tmp)).toEqual([])
  }, 180_000)
})

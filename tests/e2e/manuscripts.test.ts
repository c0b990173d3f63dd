/**
 * Real Pandoc-Markdown manuscripts by other people (conformance/manuscripts,
 * sources and licences in each case's source.json and LICENSE-SOURCE): each
 * builds with the `handout` command from its own folder, as its author would
 * build it, with exit 0 and no error. How close each comes to pandoc's HTML
 * is measured by `npm run conformance` (scripts/manuscripts.mjs), not here.
 */
import {spawnSync} from 'node:child_process'
import {cpSync, existsSync, mkdtempSync, readdirSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join, resolve} from 'node:path'
import {afterAll, describe, expect, it} from 'vitest'

const cli = resolve('dist/cli.js')
const corpus = resolve('conformance/manuscripts')
const cases = readdirSync(corpus, {withFileTypes: true}).filter((d) => d.isDirectory()).map((d) => d.name).sort()
const work = mkdtempSync(join(tmpdir(), 'handout-manuscripts-'))
afterAll(() => rmSync(work, {recursive: true, force: true}))

describe('real manuscripts', () => {
  it('holds at least ten, each with its source and licence', () => {
    expect(cases.length).toBeGreaterThanOrEqual(10)
    for (const name of cases) {
      expect(existsSync(join(corpus, name, 'source.json')), name).toBe(true)
      expect(existsSync(join(corpus, name, 'LICENSE-SOURCE')), name).toBe(true)
    }
  })

  for (const name of cases) {
    it(`${name} builds with exit 0 and no error`, () => {
      const dir = join(work, name)
      cpSync(join(corpus, name), dir, {recursive: true})
      const [manuscript] = readdirSync(dir).filter((file) => file.endsWith('.md'))
      const result = spawnSync(process.execPath, [cli, 'build', manuscript!, '-f', 'html', '-o', 'out'], {cwd: dir, encoding: 'utf8'})
      expect(result.stderr).not.toMatch(/ {2}error {2}|internal error/i)
      expect(result.status).toBe(0)
      expect(existsSync(join(dir, 'out', manuscript!.replace(/\.md$/, '.html')))).toBe(true)
    })
  }
})

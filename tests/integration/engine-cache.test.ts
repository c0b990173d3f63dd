/**
 * A reused citeproc engine (a batch, `--watch`, the warm engine of the start-up
 * snapshot) renders exactly what a new one does, whatever ran on it before:
 * other documents, other link options, another language setting. A rebuild
 * whose cites and items are unchanged takes the engine's answers from the
 * last build, and gives what a new engine would.
 */
import {mkdtempSync, readFileSync, rmSync, writeFileSync, copyFileSync} from 'node:fs'
import {join} from 'node:path'
import {tmpdir} from 'node:os'
import {afterAll, describe, expect, it, vi} from 'vitest'
import CSL from 'citeproc'
import {build} from '../../src/build/index.js'
import {EngineCache} from '../../src/cite/engine.js'
import {forgetCollators} from '../../src/cite/rules/index.js'

const dir = mkdtempSync(join(tmpdir(), 'handout-engines-'))
copyFileSync('tests/fixtures/refs.bib', join(dir, 'refs.bib'))
const body = readFileSync('tests/fixtures/basic-apa/input.md', 'utf8').replace(/^---[\s\S]*?\n---\n/, '')
const docs: Record<string, string> = {
  'linked.md': `---\ntitle: Linked\nbibliography: refs.bib\nlink-citations: true\n---\n${body}`,
  'plain.md': `---\ntitle: Plain\nbibliography: refs.bib\nlink-bibliography: false\nlang: en-US\n---\n${body}`,
  'notes.md': readFileSync('tests/fixtures/note-style/input.md', 'utf8').replace('../refs.bib', 'refs.bib'),
  'source.md': `---\ntitle: Source\nbibliography: refs.bib\nsource: krystal2019\nlink-citations: true\n---\n\nAs [@li2010; @zarate2006] show.\n`,
  'german.md': `---\ntitle: Deutsch\nbibliography: refs.bib\nlang: de-DE\n---\n${body}`
}
for (const [name, text] of Object.entries(docs)) writeFileSync(join(dir, name), text)
afterAll(() => rmSync(dir, {recursive: true, force: true}))

async function html(names: string[], engines?: EngineCache): Promise<Map<string, string>> {
  const out = mkdtempSync(join(dir, 'out-'))
  const results = await build(names.map((n) => join(dir, n)), {outDir: out, cache: false, engines, root: dir})
  const texts = new Map<string, string>()
  for (const result of results) {
    expect(result.ok, result.input).toBe(true)
    texts.set(result.input.split('/').pop()!, readFileSync(result.html!, 'utf8'))
  }
  return texts
}

describe('reused citeproc engines', () => {
  it('render every document as a new engine would, in any order and with any options before', async () => {
    const names = Object.keys(docs)
    const fresh = new Map<string, string>()
    for (const name of names) fresh.set(name, (await html([name])).get(name)!)

    const engines = new EngineCache()
    const forwards = await html(names, engines)
    // As after a start-up snapshot: the collators are made again.
    forgetCollators()
    const backwards = await html([...names].reverse(), engines)
    for (const name of names) {
      expect(forwards.get(name), name).toBe(fresh.get(name))
      expect(backwards.get(name), name).toBe(fresh.get(name))
    }
    // No language and en-US share APA's engine (APA names no default-locale);
    // German and the note style have their own.
    expect(engines.size).toBe(3)
  })
})

describe('a rebuild with the same cites', () => {
  const engine = CSL.Engine.prototype as unknown as {process_CitationCluster: () => string}

  it('renders no citation again, and gives what a new engine gives', async () => {
    const names = Object.keys(docs)
    const engines = new EngineCache()
    for (const name of names) {
      const fresh = (await html([name])).get(name)!
      expect((await html([name], engines)).get(name), name).toBe(fresh)
      const spy = vi.spyOn(engine, 'process_CitationCluster')
      try {
        expect((await html([name], engines)).get(name), name).toBe(fresh)
        expect(spy, name).not.toHaveBeenCalled()
      } finally {
        spy.mockRestore()
      }
    }
  })

  it('takes an edit of the text, and renders again when a cite or an item changes', async () => {
    const engines = new EngineCache()
    const write = (text: string) => writeFileSync(join(dir, 'edited.md'), `---\ntitle: Edited\nbibliography: edited.bib\n---\n\n${text}\n`)
    const bib = readFileSync(join(dir, 'refs.bib'), 'utf8')
    writeFileSync(join(dir, 'edited.bib'), bib)
    write('As @li2010 shows [@zarate2006, p. 3].')
    const first = (await html(['edited.md'], engines)).get('edited.md')!
    const spy = vi.spyOn(engine, 'process_CitationCluster')
    try {
      write('Indeed, as @li2010 shows [@zarate2006, p. 3].')
      const edited = (await html(['edited.md'], engines)).get('edited.md')!
      expect(spy).not.toHaveBeenCalled()
      expect(edited).toContain('Indeed, as')
      expect(edited.replace('Indeed, as', 'As')).toBe(first)

      write('Indeed, as @li2010 shows [@zarate2006, p. 4].')
      expect((await html(['edited.md'], engines)).get('edited.md')).toContain('2006, 4)')
      expect(spy).toHaveBeenCalled()
      spy.mockClear()

      const title = /title\s*=\s*[{"]+([^}"]+)/.exec(bib.slice(bib.indexOf('li2010')))![1]!
      writeFileSync(join(dir, 'edited.bib'), bib.replace(title, 'A Title Changed Between Builds'))
      const retitled = (await html(['edited.md'], engines)).get('edited.md')!
      expect(spy).toHaveBeenCalled()
      expect(retitled).toContain('A Title Changed Between Builds')
    } finally {
      spy.mockRestore()
    }
  })
})

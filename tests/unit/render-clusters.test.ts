/**
 * renderClusters (one pass over a document's clusters) gives what citeproc-js's
 * own rebuildProcessorState (one processCitationCluster call per cluster) gives:
 * the same text for every cluster and the same bibliography, on random
 * documents in author-date, numeric and note styles (positions, ibid., near
 * notes, year suffixes, name disambiguation, grouped sorts, unsorted clusters).
 */
import {existsSync, readFileSync} from 'node:fs'
import {describe, expect, it} from 'vitest'
import CSL, {type Citation, type CitationItem, type Engine} from 'citeproc'
import {renderClusters} from '../../src/cite/render-clusters.js'
import {createLocaleResolver, systemStyles} from '../../src/load/style.js'
import {applyEngineRules, installRules, withRules} from '../../src/cite/rules/index.js'
import type {CslItem} from '../../src/load/csl-item.js'

const person = (family: string, given: string) => ({family, given})
const article = (id: string, authors: Array<{family: string; given: string}>, year: number, title: string, extra: Partial<CslItem> = {}): CslItem =>
  ({id, type: 'article-journal', author: authors, issued: {'date-parts': [[year]]}, title, 'container-title': 'Journal of Tests', volume: '3', page: '1-10', ...extra}) as CslItem

// Twins (same author and year), one family name with two given names, a shared container.
const ITEMS: CslItem[] = [
  article('doe2000a', [person('Doe', 'John')], 2000, 'First findings'),
  article('doe2000b', [person('Doe', 'John')], 2000, 'Second findings'),
  article('doe2001', [person('Doe', 'Jane')], 2001, 'Other findings'),
  article('roe1999', [person('Roe', 'Richard'), person('Poe', 'Edgar')], 1999, 'A pair'),
  article('roe1999b', [person('Roe', 'Richard'), person('Moe', 'Martha')], 1999, 'Another pair'),
  article('many2010', [person('Alpha', 'A.'), person('Beta', 'B.'), person('Gamma', 'C.'), person('Delta', 'D.')], 2010, 'Four authors'),
  {id: 'book2012', type: 'book', author: [person('Smith', 'Sam')], issued: {'date-parts': [[2012]]}, title: 'A book', publisher: 'Press', 'publisher-place': 'Town'} as CslItem,
  {id: 'chap2012', type: 'chapter', author: [person('Smith', 'Sam')], editor: [person('Ed', 'Eddie')], issued: {'date-parts': [[2012]]}, title: 'A chapter', 'container-title': 'A collection', publisher: 'Press', page: '3-9'} as CslItem,
  {id: 'anon2015', type: 'webpage', title: 'No author here', issued: {'date-parts': [[2015]]}, URL: 'https://example.org/x'} as CslItem,
  article('zed2020', [person('Zed', 'Zoe')], 2020, 'Last one')
]
const KEYS = ITEMS.map((item) => item.id)

const STYLES = [
  'apa',
  'chicago-author-date',
  'chicago-fullnote-bibliography',
  'chicago-note-bibliography-with-ibid',
  'modern-language-association',
  'ieee',
  'vancouver',
  'nature',
  'american-medical-association',
  'harvard-cite-them-right',
  'oscola',
  // Year-first citation sorts with collapse="year": one author's works are grouped (grouped sort).
  'acta-ornithologica',
  'aerosol-science-and-technology'
]

function random(seed: number) {
  let state = seed
  return (n: number): number => {
    state = (state * 1103515245 + 12345) % 2147483648
    return state % n
  }
}

/** A random document: clusters with notes (several in one note, skipped notes), locators, affixes. */
function document(seed: number, note: boolean): Citation[] {
  const pick = random(seed)
  const citations: Citation[] = []
  let noteIndex = 0
  for (let c = 0; c < 40; c++) {
    // As handout numbers them: every in-text citation has a note number of its own.
    if (!note || pick(4) !== 0) noteIndex += note ? 1 + pick(2) : 1
    const items: CitationItem[] = []
    for (let i = 0, n = 1 + pick(3); i < n; i++) {
      const item: CitationItem = {id: KEYS[pick(KEYS.length)]!}
      const locator = pick(5)
      if (locator === 1) item.locator = String(1 + pick(3))
      if (locator === 2) {
        item.locator = String(2 + pick(2))
        item.label = 'chapter'
      }
      if (pick(8) === 0) item.prefix = 'see '
      if (pick(10) === 0) item.suffix = ', emphasis added'
      if (pick(12) === 0) item['suppress-author'] = true
      items.push(item)
    }
    const citation: Citation = {citationID: `c${c}`, citationItems: items, properties: {noteIndex}}
    if (pick(15) === 0) citation.properties.unsorted = true
    citations.push(citation)
  }
  return citations
}

function engine(style: string): Engine {
  installRules()
  const items = new Map(ITEMS.map((item) => [item.id, item]))
  const retrieveLocale = createLocaleResolver(process.cwd())
  const xml = readFileSync(`${systemStyles()}/${style}.csl`, 'utf8')
  // handout's engine: its rules change both renderings alike.
  const made = new CSL.Engine(withRules({retrieveLocale: (lang: string) => retrieveLocale(lang), retrieveItem: (id: string) => items.get(id)}), xml, 'en-US', true)
  applyEngineRules(made)
  return made
}

const clone = <T>(value: T): T => structuredClone(value)

describe.skipIf(!existsSync(systemStyles()))('renderClusters', () => {
  for (const style of STYLES) {
    it(`renders as rebuildProcessorState does: ${style}`, async () => {
      for (let seed = 1; seed <= 6; seed++) {
        const reference = engine(style)
        const note = reference.opt.xclass === 'note'
        const doc = document(seed * 7919, note)
        const expected = new Map(reference.rebuildProcessorState(clone(doc), 'html', []).map(([id, , html]) => [id, html]))
        const ours = engine(style)
        const rendered = await renderClusters(ours, clone(doc))
        for (const citation of doc) expect(rendered.get(citation.citationID!), `${style} seed ${seed} ${citation.citationID}`).toBe(expected.get(citation.citationID!))
        expect(ours.makeBibliography(), `${style} seed ${seed} bibliography`).toEqual(reference.makeBibliography())
      }
    })
  }

  it('stops when its signal is aborted', async () => {
    const controller = new AbortController()
    controller.abort(new Error('stop'))
    await expect(renderClusters(engine('apa'), document(3, false), controller.signal)).rejects.toThrow('stop')
  })
})

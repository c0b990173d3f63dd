import {describe, expect, it} from 'vitest'
import CSL from 'citeproc'
import {bibliographyEntries} from '../../src/cite/bibliography-entries.js'
import {createLocaleResolver} from '../../src/load/style.js'

// Sorted by `note`, printing only the title: the item without a title comes first, and prints nothing.
const STYLE = `<?xml version="1.0" encoding="utf-8"?>
<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0">
  <info><id>t</id><title>t</title><updated>2020-01-01T00:00:00+00:00</updated></info>
  <citation><layout><text variable="title"/></layout></citation>
  <bibliography><sort><key variable="note"/></sort><layout><text variable="title"/></layout></bibliography>
</style>`
const ITEMS: Record<string, object> = {
  blank: {id: 'blank', type: 'book', note: '1'},
  alpha: {id: 'alpha', type: 'book', title: 'Alpha', note: '3'},
  beta: {id: 'beta', type: 'book', title: 'Beta', note: '2'}
}
const retrieveLocale = createLocaleResolver(process.cwd())

describe('bibliographyEntries', () => {
  it('keeps every entry with its own key when one prints nothing (citeproc-js drops its text, not its id)', () => {
    const engine = new CSL.Engine({retrieveLocale: (lang: string) => retrieveLocale(lang), retrieveItem: (id: string) => ITEMS[id]}, STYLE)
    engine.updateItems(['alpha', 'blank', 'beta'])
    const result = engine.makeBibliography()
    if (!result) throw new Error('no bibliography')
    const [meta, texts] = result
    // What citeproc-js gives: three ids, two texts, misaligned.
    expect(meta.entry_ids.map(String)).toEqual(['blank', 'beta', 'alpha'])
    expect(texts).toHaveLength(2)
    const entries = bibliographyEntries(engine, meta, texts)
    expect(entries.map(({ids, html}) => [ids[0], html.replace(/<[^>]+>/g, '').trim()])).toEqual([
      ['blank', ''],
      ['beta', 'Beta'],
      ['alpha', 'Alpha']
    ])
  })
})

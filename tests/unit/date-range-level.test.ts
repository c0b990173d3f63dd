import {describe, expect, it} from 'vitest'
import CSL from 'citeproc'
import {plainDateRanges} from '../../src/cite/rules/date-range-level.js'
import {createLocaleResolver} from '../../src/load/style.js'

// Nature's shape: a book's range inside a parenthesised group, and a later
// `<date>` (another type's) with its own affixes and italics.
const STYLE = `<?xml version="1.0" encoding="utf-8"?>
<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0">
  <info><id>t</id><title>t</title><updated>2020-01-01T00:00:00+00:00</updated></info>
  <citation><layout><text variable="title"/></layout></citation>
  <bibliography><layout>
    <choose>
      <if type="book">
        <group delimiter=", " prefix="(" suffix=")">
          <text variable="publisher"/>
          <date variable="issued"><date-part name="year"/></date>
        </group>
      </if>
      <else>
        <date variable="issued" prefix="[" suffix="]" font-style="italic"><date-part name="year"/></date>
      </else>
    </choose>
  </layout></bibliography>
</style>`
const ITEMS: Record<string, object> = {
  book: {id: 'book', type: 'book', publisher: 'Addison-Wesley', issued: {'date-parts': [[1984], [1986]]}},
  report: {id: 'report', type: 'report', issued: {'date-parts': [[1990], [1992]]}}
}
const retrieveLocale = createLocaleResolver(process.cwd())

function entries(fix: boolean): string[] {
  const engine = new CSL.Engine({retrieveLocale: (lang: string) => retrieveLocale(lang), retrieveItem: (id: string) => ITEMS[id]}, STYLE)
  if (fix) plainDateRanges(engine)
  // Twice: the first range an engine prints and the ranges after it.
  const out: string[] = []
  for (let round = 0; round < 2; round++) {
    engine.updateItems(['book', 'report'])
    const result = engine.makeBibliography()
    if (!result) throw new Error('no bibliography')
    out.push(...result[1].map((html) => html.trim()))
  }
  return out
}

describe('plainDateRanges', () => {
  it('keeps another date’s affixes and italics off a range’s end', () => {
    // What citeproc-js gives alone: the later date's "[…]" on the first range, its italics on every later one.
    expect(entries(false)).toEqual([
      '<div class="csl-entry">(Addison-Wesley, 1984–[<i>1986</i>])</div>',
      '<div class="csl-entry">[<i>1990–<i>1992</i></i>]</div>',
      '<div class="csl-entry">(Addison-Wesley, 1984–<i>1986</i>)</div>',
      '<div class="csl-entry">[<i>1990–<i>1992</i></i>]</div>'
    ])
    expect(entries(true)).toEqual([
      '<div class="csl-entry">(Addison-Wesley, 1984–1986)</div>',
      '<div class="csl-entry">[<i>1990–1992</i>]</div>',
      '<div class="csl-entry">(Addison-Wesley, 1984–1986)</div>',
      '<div class="csl-entry">[<i>1990–1992</i>]</div>'
    ])
  })
})

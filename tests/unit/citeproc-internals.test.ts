/**
 * handout reads and wraps citeproc-js internals (src/cite/: the Pandoc rules,
 * the speed-ups, the per-engine mends, cluster rendering). `citeproc` is pinned
 * to one exact version in package.json; this test fails loudly, naming the
 * internal, when an upgrade moves one. Each rule's own test then shows what it
 * changes (the behaviour citeproc-js has without it is asserted there too).
 */
import {readFileSync} from 'node:fs'
import CSL from 'citeproc'
import {describe, expect, it} from 'vitest'
import {createLocaleResolver} from '../../src/load/style.js'

const PINNED = '2.4.63'

const STYLE = `<?xml version="1.0" encoding="utf-8"?>
<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0">
  <info><id>t</id><title>t</title><updated>2020-01-01T00:00:00+00:00</updated></info>
  <macro name="year"><date variable="issued"><date-part name="year"/></date></macro>
  <citation><sort><key macro="year"/></sort><layout><group delimiter=" "><text variable="title"/><text macro="year"/></group></layout></citation>
  <bibliography><layout><group delimiter=". "><text variable="title"/></group></layout></bibliography>
</style>`

type Dict = Record<string, unknown>
const at = (root: unknown, path: string): unknown => path.split('.').reduce<unknown>((value, key) => (value as Dict | undefined)?.[key], root)

describe('citeproc-js internals handout relies on', () => {
  it(`is citeproc ${PINNED}, as package.json pins it`, () => {
    const pkg = JSON.parse(readFileSync('node_modules/citeproc/package.json', 'utf8')) as {version: string}
    const declared = (JSON.parse(readFileSync('package.json', 'utf8')) as {dependencies: Record<string, string>}).dependencies.citeproc
    expect(declared, 'package.json must pin citeproc exactly').toBe(PINNED)
    expect(pkg.version).toBe(PINNED)
  })

  it.each([
    ['SKIP_WORDS', 'object'],
    ['STARTSWITH_ROMANESQUE_REGEXP', 'object'],
    ['Util.Names.initializeWith', 'function'],
    ['getSpliceDelimiter', 'function'],
    ['getCitationCluster', 'function'],
    ['Registry.Comparifier', 'function'],
    ['Output.Formats.html.text_escape', 'function'],
    ['Attributes.@variable', 'function'],
    ['XmlJSON.prototype.getNodesByName', 'function'],
    ['getSortCompare', 'function'],
    ['toLocaleLowerCase', 'function'],
    ['parseXml', 'function'],
    ['Token', 'function'],
    ['parseLocator', 'function'],
    ['getSortKeys', 'function'],
    ['getAmbiguousCite', 'function'],
    ['LOCATOR_LABELS_REGEXP', 'object'],
    ['LOCATOR_LABELS_MAP', 'object'],
    ['POSITION_FIRST', 'number'],
    ['POSITION_SUBSEQUENT', 'number'],
    ['POSITION_IBID', 'number'],
    ['POSITION_IBID_WITH_LOCATOR', 'number'],
    ['START', 'number'],
    ['END', 'number']
  ])('CSL.%s is a %s', (path, type) => {
    // Attribute names hold an "@": read that step by hand.
    const value = path.startsWith('Attributes.') ? (CSL as unknown as {Attributes: Dict}).Attributes[path.slice(11)] : at(CSL, path)
    expect(typeof value, `CSL.${path}`).toBe(type)
  })

  const retrieveLocale = createLocaleResolver(process.cwd())
  const engine = new CSL.Engine(
    {retrieveLocale: (lang: string) => retrieveLocale(lang), retrieveItem: (id: string) => ({id, type: 'book', title: 'T', issued: {'date-parts': [[2000]]}})},
    STYLE
  )
  // Some state exists only once something has been rendered.
  engine.updateItems(['a'])
  engine.makeBibliography()

  it.each([
    ['dateput.queue', 'object'],
    ['dateput.string', 'function'],
    ['dateput.openLevel', 'function'],
    ['tmp.date_token', 'object'],
    ['tmp.done_vars', 'object'],
    ['tmp.group_context.mystack', 'object'],
    ['tmp.loadedItemIDs', 'object'],
    ['tmp.taintedItemIDs', 'object'],
    ['macros', 'object'],
    ['citation.tokens', 'object'],
    ['citation.opt', 'object'],
    ['citation.srt.compareCompositeKeys', 'function'],
    ['citation_sort.tokens', 'object'],
    ['bibliography.tokens', 'object'],
    ['registry.refhash', 'object'],
    ['registry.registry', 'object'],
    ['registry.citationreg.citationById', 'object'],
    ['fun.flipflopper.processTags', 'function'],
    ['opt.development_extensions', 'object'],
    ['process_CitationCluster', 'function'],
    ['restoreProcessorState', 'function']
  ])('an engine has %s (a %s)', (path, type) => {
    expect(typeof at(engine, path), `engine.${path}`).toBe(type)
  })

  it("closes a <group> and a macro call with END group tokens told apart by the macro's `sort_direction` string", () => {
    const internals = engine as unknown as {citation: {tokens: Array<{name: string; tokentype: number; realGroup?: boolean; strings: Dict}>}}
    const ends = internals.citation.tokens.filter((t) => t.name === 'group' && t.tokentype === (CSL as unknown as {END: number}).END && t.realGroup)
    // The layout's <group> and the call of macro "year".
    expect(ends.map((t) => 'sort_direction' in t.strings).sort()).toEqual([false, true])
  })
})

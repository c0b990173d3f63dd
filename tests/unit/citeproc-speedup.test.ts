/**
 * The citeproc-js speed-ups change how, not what: the same sort order, the
 * same lower case, the same macros as citeproc-js's own code.
 */
import CSL from 'citeproc'
import {describe, expect, it} from 'vitest'
import {speedUpMacroLookup, styleWithRules} from '../../src/cite/rules/speed-macro-lookup.js'
import {speedUpStringCompare} from '../../src/cite/rules/speed-string-compare.js'
import {withRules} from '../../src/cite/rules/sys.js'

type Compare = (a: string, b: string) => number
const csl = CSL as unknown as {
  getSortCompare: (this: unknown, locale?: string) => Compare
  toLocaleLowerCase: (this: unknown, str: string) => string
  XmlJSON: {prototype: {getNodesByName: (node: unknown, name: string, value?: string) => unknown[]}}
}

const words = ['Émile', 'emile', 'Zarate', 'zanos', '[Anon.]', 'Anon', 'item 10', 'item 9', 'Øresund', 'Oresund', 'de la Cruz', 'Dela Cruz', 'İstanbul', 'IŞIK', 'ışık', 'Ąžuolas']
// An engine's state as the speed-ups see it; `ruled`: built with handout's sys (the speed-ups act only there).
const state = (lang: string, ruled = false) => ({tmp: {lang_array: [lang, 'en-US']}, ...(ruled ? {sys: withRules({})} : {})})

describe('citeproc speed-ups', () => {
  // The originals, taken before the patch (the patch is global and idempotent).
  const originalCompare = csl.getSortCompare
  const originalLower = csl.toLocaleLowerCase
  const originalLookup = csl.XmlJSON.prototype.getNodesByName
  const before = new Map<string, {order: string[]; lower: string[]}>()
  for (const lang of ['en-US', 'de-DE', 'tr-TR', 'lt-LT', 'fr-FR']) {
    const s = state(lang)
    const compare = originalCompare.call(s, lang)
    before.set(lang, {order: [...words].sort(compare), lower: words.map((w) => originalLower.call(s, w))})
  }
  speedUpMacroLookup()
  speedUpStringCompare()

  it('sorts and lower-cases as citeproc-js does, in languages with and without their own case rules', () => {
    for (const [lang, expected] of before) {
      const s = state(lang, true)
      // Taken, not left to the original.
      expect(csl.getSortCompare.call(s, lang)).not.toBe(csl.getSortCompare.call(state(lang), lang))
      expect([...words].sort(csl.getSortCompare.call(s, lang)), lang).toEqual(expected.order)
      expect(words.map((w) => csl.toLocaleLowerCase.call(s, w)), lang).toEqual(expected.lower)
    }
    // Turkish keeps its dotless ı: the fast path is not taken there.
    expect(csl.toLocaleLowerCase.call(state('tr-TR', true), 'I')).toBe('ı')
    expect(csl.toLocaleLowerCase.call(state('en-US', true), 'I')).toBe('i')
  })

  it('finds macros as the full tree walk does', () => {
    const style = {
      name: 'style',
      attrs: {},
      children: [
        {name: 'macro', attrs: {name: 'author'}, children: [{name: 'names', attrs: {}, children: []}]},
        {name: 'citation', attrs: {}, children: [{name: 'layout', attrs: {}, children: [{name: 'text', attrs: {macro: 'author'}, children: []}]}]},
        {name: 'macro', attrs: {name: 'title'}, children: [{name: 'text', attrs: {}, children: []}]}
      ]
    }
    const lookup = csl.XmlJSON.prototype.getNodesByName
    expect(lookup).not.toBe(originalLookup)
    // A style parsed by styleWithRules is marked: the short way is taken for it only.
    const marked = styleWithRules(
      '\uFEFF <style xmlns="http://purl.org/net/xbiblio/csl" version="1.0"><macro name="author"><names variable="author"/></macro>' +
        '<citation><layout><text macro="author"/></layout></citation><macro name="title"><text variable="title"/></macro></style>'
    ) as typeof style
    expect(marked.name).toBe('style')
    const self = csl.XmlJSON.prototype
    const walked: unknown[] = []
    const counting = function (this: unknown, ...args: Parameters<typeof originalLookup>) {
      walked.push(args[1])
      return originalLookup.apply(this, args)
    }
    csl.XmlJSON.prototype.getNodesByName = counting
    try {
      for (const tree of [style, marked]) {
        for (const name of ['author', 'title', 'missing']) {
          walked.length = 0
          const fast = lookup.call(self, tree, 'macro', name)
          const steps = walked.length
          expect(fast).toEqual(originalLookup.call(self, tree, 'macro', name))
          // The unmarked tree is walked by citeproc-js's own lookup; the marked one is not.
          expect(steps > 0, `${name} ${tree === marked ? 'marked' : 'unmarked'}`).toBe(tree !== marked)
        }
      }
    } finally {
      csl.XmlJSON.prototype.getNodesByName = lookup
    }
  })
})

describe('the flip-flop speed-up', () => {
  const titles = [
    'Plain title with no marks at all',
    'A title with <i>italics</i> and <b>bold</b> and <sup>2</sup>',
    'A "quoted" word and a \'single\' one',
    'Only \'single\' quotes here',
    'An apostrophe’s place, l’homme, and d’une',
    'Small <span style="font-variant:small-caps;">caps</span> and <span class="nocase">iPhone</span>',
    'Nested "quotes with \'inner\' ones" here',
    'Brackets (“already curly”) and « guillemets »',
    'Unbalanced " quote and < sign'
  ]
  const items = new Map(titles.map((title, i) => [`t${i}`, {id: `t${i}`, type: 'article-journal', title, 'container-title': title, author: [{family: 'Doe', given: 'J.'}], issued: {'date-parts': [[2000 + i]]}}]))
  const render = async (lang: string, fast: boolean): Promise<string[]> => {
    const {readFileSync, existsSync} = await import('node:fs')
    const {createLocaleResolver, systemStyles} = await import('../../src/load/style.js')
    const {speedUpFlipFlop} = await import('../../src/cite/rules/speed-flip-flop.js')
    const path = `${systemStyles()}/chicago-author-date.csl`
    if (!existsSync(path)) return []
    const locale = createLocaleResolver(process.cwd())
    const engine = new CSL.Engine({retrieveLocale: (l) => locale(l), retrieveItem: (id) => items.get(id)}, readFileSync(path, 'utf8'), lang, true)
    if (fast) speedUpFlipFlop(engine)
    engine.updateItems([...items.keys()])
    return (engine.makeBibliography() as [unknown, string[]])[1]
  }

  it('gives what citeproc-js gives, with the quote marks of several locales', async () => {
    for (const lang of ['en-US', 'fr-FR', 'de-DE', 'ja-JP']) {
      const fast = await render(lang, true)
      expect(fast, lang).toEqual(await render(lang, false))
    }
  })
})

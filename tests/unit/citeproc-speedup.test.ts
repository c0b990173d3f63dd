/**
 * The citeproc-js speed-ups change how, not what: the same sort order, the
 * same lower case, the same macros as citeproc-js's own code.
 */
import CSL from 'citeproc'
import {describe, expect, it} from 'vitest'
import {speedUpMacroLookup, speedUpStringCompare} from '../../src/cite/citeproc-speedup.js'

type Compare = (a: string, b: string) => number
const csl = CSL as unknown as {
  getSortCompare: (this: unknown, locale?: string) => Compare
  toLocaleLowerCase: (this: unknown, str: string) => string
  XmlJSON: {prototype: {getNodesByName: (node: unknown, name: string, value?: string) => unknown[]}}
}

const words = ['Émile', 'emile', 'Zarate', 'zanos', '[Anon.]', 'Anon', 'item 10', 'item 9', 'Øresund', 'Oresund', 'de la Cruz', 'Dela Cruz', 'İstanbul', 'IŞIK', 'ışık', 'Ąžuolas']
const state = (lang: string) => ({tmp: {lang_array: [lang, 'en-US']}})

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
      const s = state(lang)
      expect([...words].sort(csl.getSortCompare.call(s, lang)), lang).toEqual(expected.order)
      expect(words.map((w) => csl.toLocaleLowerCase.call(s, w)), lang).toEqual(expected.lower)
    }
    // Turkish keeps its dotless ı: the fast path is not taken there.
    expect(csl.toLocaleLowerCase.call(state('tr-TR'), 'I')).toBe('ı')
    expect(csl.toLocaleLowerCase.call(state('en-US'), 'I')).toBe('i')
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
    for (const name of ['author', 'title', 'missing']) {
      const self = csl.XmlJSON.prototype
      expect(lookup.call(self, style, 'macro', name)).toEqual(originalLookup.call(self, style, 'macro', name))
    }
  })
})

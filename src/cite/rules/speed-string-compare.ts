import CSL from 'citeproc'
import {followsRules} from './sys.js'

type Compare = (a: string, b: string) => number
interface CaseState {
  tmp: {lang_array?: string[]}
}
interface CslStatics {
  getSortCompare: ((this: CaseState, locale?: string) => Compare) & {__handoutFast?: true}
  toLocaleLowerCase: (this: CaseState, str: string) => string
  stringCompare?: Compare
}

/** Languages whose lower case differs from Unicode's default (dotted and dotless i, Lithuanian accents). */
const TAILORED_CASE = new Set(['tr', 'az', 'lt'])

/**
 * Sorting and lower-casing, the same results faster.
 * - citeproc-js compares sort keys with `a.localeCompare(b, locale, options)`,
 *   which builds a new collator on every call; one `Intl.Collator` per locale with
 *   the same options compares the same way (ECMA-402 defines the one
 *   by the other).
 * - It lower-cases with `toLocaleLowerCase(langArray)`, which resolves the
 *   locale list on every call; for every language but Turkish, Azeri and
 *   Lithuanian that equals `toLowerCase()`, and those keep the original.
 * citeproc-js calls both as statics with the engine as `this`: process-wide
 * wrappers that act only for engines that follow handout's rules (sys.ts).
 */
/**
 * Collators by locale: immutable, so shared by every engine. Not kept in
 * handout's start-up snapshot (V8 cannot save ICU objects): see forgetCollators.
 */
const collators = new Map<string, Intl.Collator>()

function collatorFor(locale: string): Intl.Collator {
  let collator = collators.get(locale)
  if (!collator) {
    collator = new Intl.Collator(locale, {sensitivity: 'base', ignorePunctuation: true, numeric: true})
    collators.set(locale, collator)
  }
  return collator
}

/** Drop the cached collators (made again on the next comparison). */
export function forgetCollators(): void {
  collators.clear()
}

export function speedUpStringCompare(): void {
  const csl = CSL as unknown as CslStatics
  if (csl.getSortCompare.__handoutFast) return
  const lower = csl.toLocaleLowerCase
  const original = csl.getSortCompare
  csl.toLocaleLowerCase = function (str) {
    if (!followsRules(this)) return lower.call(this, str)
    const first = this?.tmp?.lang_array?.[0]
    if (first && !TAILORED_CASE.has(first.split(/[-_]/)[0]!.toLowerCase())) return str.toLowerCase()
    return lower.call(this, str)
  }
  const sortCompare = function (this: CaseState, defaultLocale?: string): Compare {
    if (!followsRules(this)) return original.call(this, defaultLocale)
    if (csl.stringCompare) return csl.stringCompare
    const locale = defaultLocale || 'en-US'
    const strcmp: Compare = (a, b) => collatorFor(locale).compare(csl.toLocaleLowerCase.call(this, a), csl.toLocaleLowerCase.call(this, b))
    const stripPunct = (str: string): string => str.replace(/^[[\]'"]*/g, '')
    // As the original: brackets are skipped only where the collator does not already ignore them.
    if (!strcmp('[x', 'x')) return strcmp
    return (a, b) => strcmp(stripPunct(a), stripPunct(b))
  }
  csl.getSortCompare = Object.assign(sortCompare, {__handoutFast: true as const})
}

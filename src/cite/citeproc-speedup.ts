/**
 * citeproc-js looks a macro up by walking the whole style tree on every
 * expansion (`XmlJSON.getNodesByName(root, 'macro', name)`), which is most of
 * the 100+ ms an engine takes to build. CSL allows macros only as children of
 * `<style>`, so for that one call a scan of the root's children returns the
 * same nodes in the same order. Every other call goes to the original.
 * Stateless: it changes how a lookup is done, not what it returns.
 */
import CSL from 'citeproc'

interface JsonNode {
  name?: string
  attrs?: Record<string, string>
  children?: unknown[]
}
type Lookup = (this: unknown, node: JsonNode, name: string, nameattrval?: string, ret?: JsonNode[]) => JsonNode[]

/** Idempotent; called before an engine is built. */
export function speedUpMacroLookup(): void {
  const xmlJson = (CSL as unknown as {XmlJSON: {prototype: {getNodesByName: Lookup; __handoutFast?: true}}}).XmlJSON.prototype
  if (xmlJson.__handoutFast) return
  const original = xmlJson.getNodesByName
  xmlJson.getNodesByName = function (node, name, nameattrval, ret) {
    if (name === 'macro' && nameattrval && !ret && node?.name === 'style' && Array.isArray(node.children)) {
      const found: JsonNode[] = []
      for (const child of node.children) {
        const c = child as JsonNode
        if (c && typeof c === 'object' && c.name === 'macro' && c.attrs?.name === nameattrval && c.children) found.push(c)
      }
      return found
    }
    return original.call(this, node, name, nameattrval, ret)
  }
  xmlJson.__handoutFast = true
}

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
  csl.toLocaleLowerCase = function (str) {
    const first = this?.tmp?.lang_array?.[0]
    if (first && !TAILORED_CASE.has(first.split(/[-_]/)[0]!.toLowerCase())) return str.toLowerCase()
    return lower.call(this, str)
  }
  const sortCompare = function (this: CaseState, defaultLocale?: string): Compare {
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

interface FlipFlopEngine {
  fun: {flipflopper: {processTags: ((blob: {blobs?: unknown}) => void) & {__handoutFast?: true}}}
  getTerm(term: string): string | undefined
}

/**
 * citeproc-js runs every piece of text it outputs through its "flip-flop"
 * parser of inline markup (`<i>`, `<b>`, `<sup>`, small caps, quotes), which
 * splits the text on a large regular expression and returns at once when it
 * finds none. Every one of those marks holds `<`, a straight quote, or one of
 * the locale's quote marks (and `’`, which it first turns into `'`): a text
 * with none of these characters is returned at once here, as it would be there.
 * Per engine (the quote marks are its locale's), 5% of a long document's time.
 */
export function speedUpFlipFlop(engine: unknown): void {
  const state = engine as FlipFlopEngine
  const flip = state.fun.flipflopper
  if (flip.processTags.__handoutFast) return
  const marks = ['open-quote', 'close-quote', 'open-inner-quote', 'close-inner-quote'].map((term) => state.getTerm(term) ?? '').join('')
  const characters = new Set(['<', '"', "'", '\u2019', ...marks])
  const original = flip.processTags
  flip.processTags = Object.assign(
    function (this: unknown, blob: {blobs?: unknown}) {
      const text = blob?.blobs
      if (typeof text === 'string') {
        let marked = false
        for (const character of text) {
          if (characters.has(character)) {
            marked = true
            break
          }
        }
        if (!marked) return
      }
      original.call(this, blob)
    },
    {__handoutFast: true as const}
  )
}

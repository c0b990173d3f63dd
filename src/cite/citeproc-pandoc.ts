/**
 * Where citeproc-js's HTML output differs from Pandoc's by taste, not by the
 * CSL specification, handout follows Pandoc (manuscripts and their outputs
 * move both ways):
 * - superscript characters (the French locale's `nᵒ`, `²`, `ª`, `™`) stay as
 *   they are; citeproc-js rewrites them as `<sup>o</sup>`;
 * - `text-case="title"` leaves lower case only the stop words of the CSL
 *   specification (1.0.2, "Title case conversion") and name particles, as Pandoc
 *   does; citeproc-js keeps 150 words and phrases lower case ("beyond", "due to");
 * - with `collapse="year"` and an `after-collapse-delimiter`, the years of one
 *   author are joined by the cite-group delimiter (default ", ", CSL 1.0.2):
 *   "(Doe 2005, 2006; Roe 2007)"; citeproc-js used the layout's "; " there.
 *   A cite with a locator is not grouped: "Doe (2005; 2006, 30)";
 * - a cluster is sorted in runs, which an item with a prefix starts (and an
 *   item after a run whose first item has a suffix), so "see also" stays
 *   before what it introduces; the caller numbers the runs (`handoutGroup`).
 *   citeproc-js sorts the whole cluster;
 * - a variable a `<substitute>` printed is empty for the rest of the entry's
 *   conditions too, as CSL 1.0.2 says it is "suppressed in the rest of the
 *   output" (Pandoc's citeproc replaces it by `SubstitutedVal`): an edited book
 *   whose editors stand in for its author is not "edited" for APA's "no event
 *   if published in proceedings" or MLA's volume test. citeproc-js only stopped
 *   printing it again.
 */
import CSL from 'citeproc'

type ClusterInput = Array<[unknown, {locator?: string} | undefined]>
interface SpliceState {
  citation: {opt: {'after-collapse-delimiter'?: string; collapse?: string; layout_delimiter?: string; cite_group_delimiter?: string}}
  tmp: {have_collapsed?: boolean; splice_delimiter?: string; handoutCluster?: ClusterInput | undefined}
}
type Patched<F> = F & {__handoutPandoc?: true}
type GetSpliceDelimiter = Patched<(this: SpliceState, lastLocator: boolean, lastCollapsed: boolean, pos: number) => string | undefined>
type GetCitationCluster = Patched<(this: SpliceState, inputList: ClusterInput, citation: unknown) => unknown>
type Pair = [unknown, {handoutGroup?: number} | undefined]
interface Comparifier {
  compareCompositeKeys: (a: Pair, b: Pair) => number
}
type ComparifierConstructor = Patched<new (state: unknown, keyset: string) => Comparifier>

interface HtmlFormat {
  text_escape: ((text: string) => string) & {__handoutPandoc?: true}
}

/**
 * The CSL 1.0.2 specification's stop words, and the few Pandoc adds (CSL test
 * suite cases): "about" and the name particles (`d'` and `l'` as citeproc-js
 * splits words, `d` and `l` as Pandoc does).
 */
const STOP_WORDS = [
  'a', 'an', 'and', 'as', 'at', 'but', 'by', 'down', 'for', 'from', 'in', 'into', 'nor', 'of', 'on', 'onto', 'or', 'over', 'so', 'the', 'till', 'to', 'up', 'via', 'with', 'yet',
  'about', 'van', 'von', 'de', 'd', "d'", 'l', "l'"
]

interface ConditionState {
  tmp: {done_vars: string[]; can_block_substitute?: boolean; handoutSubstituted?: Map<unknown, Set<string>>}
}
interface AttributeToken {
  name: string
  tests?: Array<(Item: Record<string, unknown>, item: unknown) => boolean>
  variables_real?: string[]
  execs: Array<(state: ConditionState, Item: Record<string, unknown>) => unknown>
}
type VariableAttribute = Patched<(this: AttributeToken, state: ConditionState, arg: string) => void>

type InitializeWith = Patched<(state: {opt: Record<string, unknown>}, name: string, terminator: string, normalizeOnly?: boolean) => string>

type Csl = {
  SKIP_WORDS: string[]
  STARTSWITH_ROMANESQUE_REGEXP: RegExp
  Util: {Names: {initializeWith: InitializeWith}}
  getSpliceDelimiter: GetSpliceDelimiter
  getCitationCluster: GetCitationCluster
  Registry: {Comparifier: ComparifierConstructor}
  Attributes: Record<string, VariableAttribute>
  Output: {Formats: {html: HtmlFormat}}
}

/** Applied once per process, before an engine is built (idempotent). */
export function followPandocOutput(): void {
  const csl = CSL as unknown as Csl
  // Read when an engine loads a locale.
  csl.SKIP_WORDS = STOP_WORDS
  sortInRuns(csl)
  joinGroupsWithCiteGroupDelimiter(csl)
  keepSuperscripts(csl)
  initializeAsPandoc(csl)
  emptySubstitutedVariables(csl)
}

const hasValue = (value: unknown): boolean =>
  Array.isArray(value) ? value.length > 0 : value !== undefined && value !== null && value !== '' && !(typeof value === 'object' && Object.keys(value).length === 0)

/**
 * The `variable` attribute, compiled per node: on a printing node inside a
 * `<substitute>`, it notes which of the item's variables stood in (per item);
 * on a condition, such a variable tests empty while citeproc-js still counts it
 * as done in this rendering (`done_vars` starts afresh with every cite and entry).
 */
function emptySubstitutedVariables(csl: Csl): void {
  const original = csl.Attributes['@variable']!
  if (original.__handoutPandoc) return
  csl.Attributes['@variable'] = Object.assign(
    function (this: AttributeToken, state: ConditionState, arg: string) {
      const before = this.tests?.length ?? 0
      original.call(this, state, arg)
      const variables = arg.split(/\s+/)
      if (this.name === 'if' || this.name === 'else-if' || this.name === 'condition') {
        const tests = this.tests ?? []
        for (let i = before; i < tests.length; i++) {
          const test = tests[i]!
          const variable = variables[i - before]!
          tests[i] = (Item, item) =>
            !(state.tmp.done_vars.includes(variable) && state.tmp.handoutSubstituted?.get(Item.id)?.has(variable)) && test(Item, item)
        }
      } else if (this.variables_real) {
        const real = this.variables_real
        this.execs.push((state, Item) => {
          if (!state.tmp.can_block_substitute) return
          const noted = (state.tmp.handoutSubstituted ??= new Map())
          for (const variable of real) {
            if (!hasValue(Item[variable])) continue
            let set = noted.get(Item.id)
            if (!set) noted.set(Item.id, (set = new Set()))
            set.add(variable)
          }
        })
      }
    },
    {__handoutPandoc: true as const}
  )
}

/**
 * Given names initialised as Pandoc's citeproc does (citeproc 0.6,
 * `initialize`): `Peng-fei` -> `P.`, `Shin-ichiro` -> `S.`, `J.-P.` and
 * `Jean-Pierre` -> `J.-P.`, `J.-B. E. M.` with `initialize-with=""` ->
 * `J-BEM`, and with `initialize="false"` initials keep their hyphen;
 * citeproc-js gave `P. fei`, `S. ichiro`, `J. P.`.
 */
function initializeAsPandoc(csl: Csl): void {
  const names = csl.Util.Names
  if (names.initializeWith.__handoutPandoc) return
  const original = names.initializeWith
  names.initializeWith = Object.assign(
    function (this: unknown, state: {opt: Record<string, unknown>}, name: string, terminator: string, normalizeOnly?: boolean): string {
      if (!name || /<[^>]+>/.test(name) || !csl.STARTSWITH_ROMANESQUE_REGEXP.test(name)) return original.call(this, state, name, terminator, normalizeOnly)
      return initialize(name, !normalizeOnly, state.opt['initialize-with-hyphen'] !== false, terminator ?? '')
    },
    {__handoutPandoc: true as const}
  )
}

type Word = {initial: boolean; text: string}

/** citeproc's `initialize` (Citeproc/Eval.hs), word for word. */
export function initialize(name: string, makeInitials: boolean, useHyphen: boolean, initializeWith: string): string {
  const words: Word[] = []
  let cs = ''
  for (const c of name) {
    if (c === '.') {
      if (cs) words.push({initial: true, text: cs})
      cs = ''
    } else if (c === '-') {
      if (cs) words.push({initial: false, text: cs})
      cs = '-'
    } else if (c === ' ') {
      if ([...cs].length === 1) words.push({initial: true, text: cs})
      else if (cs) words.push({initial: false, text: cs})
      cs = ''
    } else cs += c
  }
  if ([...cs].length === 1) words.push({initial: true, text: cs})
  else if (cs) words.push({initial: false, text: cs})
  const isUpper = (c: string | undefined): boolean => c !== undefined && /\p{Lu}/u.test(c)
  const isLower = (c: string): boolean => /\p{Ll}/u.test(c)
  const addSuffix = (t: string): string => (t ? t + initializeWith : '')
  const toInitial = (t: string): string => {
    const chars = [...t]
    if (chars[0] === '-') return isUpper(chars[1]) ? (useHyphen ? '-' : '') + chars[1]!.toUpperCase() : ''
    if (isUpper(chars[0])) {
      const rest = chars.slice(2)
      if (isUpper(chars[1]) && rest.length > 0 && rest.every(isLower)) return chars[0]! + chars[1]!.toLowerCase()
      return chars[0]!
    }
    return t
  }
  const out = words
    .map(({initial, text}) => {
      if (initial) return addSuffix(text)
      if ([...text].every(isLower)) return initializeWith.endsWith(' ') ? `${text} ` : ` ${text} `
      return makeInitials ? addSuffix(toInitial(text)) : `${text} `
    })
    .join('')
    .replace(/ -/g, '-')
  return out.replace(/^ +| +$/g, '')
}

/** Cites are compared as [item data, citation item] pairs: the run first, then the style's keys. */
function sortInRuns(csl: Csl): void {
  if (csl.Registry.Comparifier.__handoutPandoc) return
  const Original = csl.Registry.Comparifier
  csl.Registry.Comparifier = Object.assign(
    function (this: Comparifier, state: unknown, keyset: string) {
      Original.call(this, state, keyset)
      const compare = this.compareCompositeKeys
      this.compareCompositeKeys = (a, b) => (a[1]?.handoutGroup ?? 0) - (b[1]?.handoutGroup ?? 0) || compare(a, b)
    } as unknown as ComparifierConstructor,
    {__handoutPandoc: true as const}
  )
}

function joinGroupsWithCiteGroupDelimiter(csl: Csl): void {
  if (csl.getSpliceDelimiter.__handoutPandoc) return
  // The cluster's cites, for the splice below (citeproc-js passes it only the previous one's locator).
  const cluster = csl.getCitationCluster
  csl.getCitationCluster = Object.assign(
    function (this: SpliceState, inputList: ClusterInput, citation: unknown) {
      this.tmp.handoutCluster = inputList
      try {
        return cluster.call(this, inputList, citation)
      } finally {
        this.tmp.handoutCluster = undefined
      }
    },
    {__handoutPandoc: true as const}
  )
  const splice = csl.getSpliceDelimiter
  csl.getSpliceDelimiter = Object.assign(
    function (this: SpliceState, lastLocator: boolean, lastCollapsed: boolean, pos: number) {
      const chosen = splice.call(this, lastLocator, lastCollapsed, pos)
      const opt = this.citation.opt
      // Inside a group of one author's years, where citeproc-js fell back to the layout
      // delimiter; a cite with a locator stays out of the group, as in Pandoc.
      const locator = this.tmp.handoutCluster?.[pos]?.[1]?.locator
      if (opt['after-collapse-delimiter'] !== undefined && !lastLocator && !locator && this.tmp.have_collapsed && /^year/.test(opt.collapse ?? '') && chosen === opt.layout_delimiter) {
        this.tmp.splice_delimiter = opt.cite_group_delimiter || ', '
      }
      return this.tmp.splice_delimiter
    },
    {__handoutPandoc: true as const}
  )
}

/** citeproc-js's own HTML escape, less its superscript rewrite. */
function keepSuperscripts(csl: Csl): void {
  const html = csl.Output.Formats.html
  if (html.text_escape.__handoutPandoc) return
  html.text_escape = Object.assign(
    (text: string): string =>
      (text || '').replace(/&/g, '&#38;').replace(/</g, '&#60;').replace(/>/g, '&#62;').replace(/\s\s/g, '\u00A0 '),
    {__handoutPandoc: true as const}
  )
}

/** Number variables whose hyphen Pandoc prints as typed (citeproc-js makes it an en dash, as for pages). */
const HYPHEN_KEPT = ['number', 'issue', 'volume', 'edition', 'collection-number', 'chapter-number', 'number-of-volumes']
const asShown = new WeakMap<object, object>()

/**
 * An item as citeproc-js should see it to print as Pandoc does: a hyphen in
 * `number`, `issue` or `volume` stays a hyphen (`99-02`, `1-3`): citeproc-js
 * keeps a hyphen escaped as `\-`; `event` is also `event-title`, CSL 1.0.2's
 * name, which citeproc-js does not know. Per item, made once.
 */
export function pandocItem<T extends object>(item: T): T {
  const made = asShown.get(item)
  if (made) return made as T
  let copy: Record<string, unknown> | undefined
  for (const field of HYPHEN_KEPT) {
    const value = (item as Record<string, unknown>)[field]
    if (typeof value === 'string' && /(^|[^\\])-/.test(value)) {
      const next: Record<string, unknown> = copy ?? {...(item as Record<string, unknown>)}
      next[field] = value.replace(/(^|[^\\])-/g, '$1\\-')
      copy = next
    }
  }
  // CSL 1.0.2 calls `event` `event-title` (APA uses both); citeproc-js knows only `event`.
  const record = item as Record<string, unknown>
  if (record.event !== undefined && record['event-title'] === undefined) copy = {...(copy ?? record), 'event-title': record.event}
  const result = (copy ?? item) as T
  asShown.set(item, result)
  return result
}

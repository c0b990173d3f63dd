/**
 * One citeproc-js engine per document (reused across the documents of a build).
 */
import CSL from 'citeproc'
import {applyEngineRules, installRules, pandocItem, resetEngineRules, styleWithRules, withRules} from './rules/index.js'
import type {Engine} from 'citeproc'
import type {CslItem} from '../load/csl-item.js'
import {locatorTerms, type LocatorTerms} from './locator.js'
import {escapeHtml} from '../escape.js'
import {firstLine, HandoutError} from '../errors.js'
import type {CiteMemo} from './cite-memo.js'
import type {ElementContent} from 'hast'

export interface EngineOptions {
  styleXml: string
  /** Where the style came from (a path, or `bundled:NAME`), for messages. */
  styleOrigin?: string | undefined
  /** BCP 47; undefined: the style's default-locale, else en-US. */
  lang?: string | undefined
  items: {get(id: string): CslItem | undefined}
  retrieveLocale: (lang: string) => string | undefined
  linkCitations: boolean
  linkBibliography: boolean
}

export interface CiteEngine {
  engine: Engine
  isNote: boolean
  terms: LocatorTerms
  /** The last document's answers, for its next build (cite-memo.ts). */
  memo?: CiteMemo | undefined
  /** The last `source` reference made, for the next build (remark-source.ts). */
  sourceMemo?: {key: string; nodes: ElementContent[] | undefined} | undefined
}

/**
 * An engine whose items can be swapped: building one costs 100+ ms (style and
 * locale parsing), so a build reuses it for every document with the same style,
 * language and link options, resetting its state in between.
 */
interface ReusableEngine {
  engine: CiteEngine
  /** The XML of the locale the engine was built with (it must not have changed to be reused). */
  localeXml: string | undefined
  reset(options: EngineOptions): void
}

type Terms = Record<string, Record<string, string | string[]>>

interface XmlNode {
  name?: string
  attrs?: Record<string, string>
  children?: Array<XmlNode | string>
}

/** Terms of a locale file, `{page: {short: ['p.', 'pp.'], long: [...]}}`, via citeproc-js's XML parser. */
function rawTerms(xml: string | undefined): Terms | undefined {
  if (!xml) return undefined
  const terms: Terms = {}
  const text = (node: XmlNode | string | undefined): string =>
    typeof node === 'string' ? node : (node?.children ?? []).map(text).join('')
  const walk = (node: XmlNode | string): void => {
    if (typeof node === 'string') return
    if (node.name === 'term' && node.attrs?.name) {
      const form = node.attrs.form ?? 'long'
      const single = node.children?.find((c): c is XmlNode => typeof c !== 'string' && c.name === 'single')
      const multiple = node.children?.find((c): c is XmlNode => typeof c !== 'string' && c.name === 'multiple')
      ;(terms[node.attrs.name] ??= {})[form] = single ? [text(single), text(multiple)] : text(node)
      return
    }
    for (const child of node.children ?? []) walk(child)
  }
  try {
    walk((CSL as unknown as {parseXml(xml: string): XmlNode}).parseXml(xml))
  } catch {
    return undefined
  }
  return terms
}

function createReusableEngine(options: EngineOptions): ReusableEngine {
  let items = options.items
  let retrieveLocale = options.retrieveLocale
  let linkCitations = options.linkCitations
  const sys = withRules({
    retrieveLocale: (lang: string) => retrieveLocale(lang),
    // `system_id` lets citeproc-js call wrapCitationEntry (link-citations).
    retrieveItem: (id: string) => {
      const found = items.get(id)
      const item = found && pandocItem(found)
      return item && linkCitations ? {...item, system_id: id} : item
    },
    // Collapsed ranges (`[1–3]`) come without an id: leave them unlinked.
    wrapCitationEntry: (str: string, id: string | undefined) =>
      id === undefined ? str : `<a href="#ref-${escapeHtml(String(id))}" role="doc-biblioref">${str}</a>`
  })
  installRules()
  let engine: Engine
  try {
    engine = new CSL.Engine(sys, styleWithRules(options.styleXml) as string, options.lang, Boolean(options.lang))
  } catch (error) {
    // A style that passed the checks of load/style.ts but that citeproc-js cannot read.
    throw new HandoutError(`CSL style cannot be used: ${firstLine(error)}`, {
      ruleId: 'style-invalid',
      file: options.styleOrigin,
      note: 'Pick another style (`handout styles` lists them), or check the style against the CSL schema'
    })
  }
  applyEngineRules(engine)
  // Both are read as citations and entries are rendered, so they may change between documents.
  const setLinks = (next: EngineOptions): void => {
    linkCitations = next.linkCitations
    engine.opt.development_extensions.wrap_url_and_doi = next.linkBibliography
    engine.opt.development_extensions.apply_citation_wrapper = next.linkCitations
  }
  setLinks(options)
  // Locator labels: the locale files' own terms (as Pandoc reads them), then the
  // engine's, which a style may override (IEEE's chapter is "ch.", yet "chap." is meant too).
  // Only the document's locale counts, as in Pandoc: a German text's "pp." is no label.
  const localeXml = options.retrieveLocale(engine.opt.lang)
  const localeTerms = [rawTerms(localeXml), engine.locale[engine.opt.lang]?.terms].filter(
    (t): t is NonNullable<typeof t> => Boolean(t)
  )
  return {
    engine: {engine, isNote: engine.opt.xclass === 'note', terms: locatorTerms(...localeTerms)},
    localeXml,
    reset(next) {
      items = next.items
      retrieveLocale = next.retrieveLocale
      setLinks(next)
      // Forget every citation, registered item and cached item data.
      engine.restoreProcessorState([])
      engine.updateUncitedItems([])
      const internals = engine as unknown as {registry: {refhash: Record<string, unknown>}; tmp: {loadedItemIDs: Record<string, boolean>}}
      internals.registry.refhash = {}
      internals.tmp.loadedItemIDs = {}
      resetEngineRules(engine)
    }
  }
}

/**
 * Engines of one processor (one build, or the warm engines of handout's start-up
 * snapshot), keyed by the style's text and language. An engine is
 * reused only while its locale file reads the same (a project's `csl/` may hold its own).
 */
export class EngineCache {
  readonly #engines = new Map<string, ReusableEngine>()

  /** How many engines were built. */
  get size(): number {
    return this.#engines.size
  }

  get(requested: EngineOptions): CiteEngine {
    // Without a language, citeproc-js takes the style's default-locale, else en-US:
    // a style without one gives the same engine for no language and for en-US.
    const options = requested.lang || /<style\b[^>]*\sdefault-locale=/.test(requested.styleXml) ? requested : {...requested, lang: 'en-US'}
    const key = `${options.lang ?? ''}\u0000${options.styleXml}`
    const cached = this.#engines.get(key)
    if (cached && cached.localeXml === options.retrieveLocale(cached.engine.engine.opt.lang)) {
      cached.reset(options)
      return cached.engine
    }
    const created = createReusableEngine(options)
    this.#engines.set(key, created)
    return created.engine
  }
}

declare module 'unified' {
  interface Data {
    /** citeproc engines shared by the plugins of one processor. */
    handoutEngines?: EngineCache | undefined
  }
}

/** The processor's engine cache (created on first use; lives as long as the processor). */
export function engineCache(processor: {data(): import('unified').Data}): EngineCache {
  const data = processor.data()
  data.handoutEngines ??= new EngineCache()
  return data.handoutEngines
}

/**
 * One citeproc-js engine per document.
 */
import CSL from 'citeproc'
import type {Engine} from 'citeproc'
import type {CslItem} from '../load/csl-item.js'
import {locatorTerms, type LocatorTerms} from './locator.js'

export interface EngineOptions {
  styleXml: string
  /** BCP 47; undefined: the style's default-locale, else en-US. */
  lang?: string | undefined
  items: Map<string, CslItem>
  retrieveLocale: (lang: string) => string | undefined
  linkCitations: boolean
  linkBibliography: boolean
}

export interface CiteEngine {
  engine: Engine
  isNote: boolean
  terms: LocatorTerms
}

function escapeAttribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;')
}

export function createEngine(options: EngineOptions): CiteEngine {
  const sys = {
    retrieveLocale: (lang: string) => options.retrieveLocale(lang),
    // `system_id` lets citeproc-js call wrapCitationEntry (link-citations).
    retrieveItem: (id: string) => {
      const item = options.items.get(id)
      return item && options.linkCitations ? {...item, system_id: id} : item
    },
    // Collapsed ranges (`[1–3]`) come without an id: leave them unlinked.
    wrapCitationEntry: (str: string, id: string | undefined) =>
      id === undefined ? str : `<a href="#ref-${escapeAttribute(String(id))}" role="doc-biblioref">${str}</a>`
  }
  const engine = new CSL.Engine(sys, options.styleXml, options.lang, Boolean(options.lang))
  engine.opt.development_extensions.wrap_url_and_doi = options.linkBibliography
  engine.opt.development_extensions.apply_citation_wrapper = options.linkCitations
  const localeTerms = [engine.locale[engine.opt.lang]?.terms, engine.locale['en-US']?.terms].filter(
    (t): t is NonNullable<typeof t> => Boolean(t)
  )
  return {engine, isNote: engine.opt.xclass === 'note', terms: locatorTerms(...localeTerms)}
}

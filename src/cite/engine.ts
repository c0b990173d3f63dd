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
    retrieveItem: (id: string) => options.items.get(id),
    wrapCitationEntry: (str: string, id: string) =>
      `<a href="#ref-${escapeAttribute(id)}" role="doc-biblioref">${str}</a>`
  }
  const engine = new CSL.Engine(sys, options.styleXml, options.lang, Boolean(options.lang))
  engine.opt.development_extensions.wrap_url_and_doi = options.linkBibliography
  engine.opt.development_extensions.apply_citation_wrapper = options.linkCitations
  const localeTerms = [engine.locale[engine.opt.lang]?.terms, engine.locale['en-US']?.terms].filter(
    (t): t is NonNullable<typeof t> => Boolean(t)
  )
  return {engine, isNote: engine.opt.xclass === 'note', terms: locatorTerms(...localeTerms)}
}

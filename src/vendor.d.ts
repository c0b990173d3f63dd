/** Minimal types for untyped dependencies (only what handout calls). */
declare module '@citation-js/core' {
  export const plugins: {
    input: {chain(data: unknown, options: Record<string, unknown>): unknown}
    config: {get(name: string): unknown}
  }
  export const util: {
    Grammar: new (rules: Record<string, (this: never) => unknown>, state: unknown) => {parse(lexer: unknown): unknown}
  }
}
declare module '@citation-js/plugin-bibtex'
declare module '@citation-js/plugin-bibtex/lib/input/file.js' {
  export const bibtexGrammar: unknown
  export function parse(text: string): unknown
}
declare module '@citation-js/plugin-ris'

declare module 'citeproc' {
  export interface CitationItem {
    id: string
    locator?: string
    label?: string
    prefix?: string
    suffix?: string
    'suppress-author'?: boolean
    'author-only'?: boolean
    position?: number
    /** handout's: the run of the cluster the item sorts within (see cite/rules/sort-in-runs.ts). */
    handoutGroup?: number
  }
  export interface Citation {
    citationID?: string
    citationItems: CitationItem[]
    properties: {noteIndex: number; mode?: 'composite' | 'author-only' | 'suppress-author'; infix?: string; unsorted?: boolean}
  }
  export interface BibliographyMeta {
    entry_ids: string[][]
    hangingindent?: boolean | number
    'second-field-align'?: string | false
    linespacing?: number
    entryspacing?: number
    maxoffset?: number
    bibliography_errors: unknown[]
  }
  export interface Sys {
    retrieveLocale(lang: string): string | undefined
    retrieveItem(id: string): unknown
  }
  export class Engine {
    constructor(sys: Sys, style: string, lang?: string, forceLang?: boolean)
    opt: {
      development_extensions: Record<string, boolean>
      xclass: string
      lang: string
      [key: string]: unknown
    }
    locale: Record<string, {terms: Record<string, Record<string, string | string[]>>}>
    cslXml: unknown
    updateItems(ids: string[]): void
    updateUncitedItems(ids: string[]): void
    restoreProcessorState(citations: Citation[]): void
    rebuildProcessorState(citations: Citation[], mode: 'html' | 'text', uncited: string[]): Array<[string, number, string]>
    processCitationCluster(
      citation: Citation,
      pre: Array<[string, number]>,
      post: Array<[string, number]>
    ): [{bibchange: boolean; citation_errors: unknown[]}, Array<[number, string, string]>]
    makeBibliography(select?: {select: Array<{field: string; value: string}>}): false | [BibliographyMeta, string[]]
    makeCitationCluster(items: CitationItem[]): string
  }
  const CSL: {Engine: typeof Engine}
  export default CSL
}

declare module 'pagedjs-cli' {
  import type {Browser, Page} from 'puppeteer'
  export default class Printer {
    constructor(options?: Record<string, unknown>)
    browser?: Browser
    render(input: string | {url?: string; html?: string}): Promise<Page>
    close(): Promise<void>
  }
}

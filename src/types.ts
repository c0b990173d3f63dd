/**
 * Shared types: the mdast `cite` node and the data stages pass through `file.data`.
 */
import type {Literal} from 'mdast'
import type {Position} from 'unist'
import type {ElementContent} from 'hast'
import type {CslItem} from './load/csl-item.js'
import type {ItemMap} from './load/library.js'
import type {ResolvedOptions} from './config/resolve.js'

export type CiteMode = 'normal' | 'suppress-author' | 'author-in-text'

/** One `@key` inside a citation, with its raw Markdown prefix and suffix. */
export interface CiteItem {
  key: string
  /** Raw Markdown before the key, trimmed. */
  prefix: string
  /** Raw Markdown after the key, locator included (`, p. 33`). */
  suffix: string
  mode: CiteMode
  position?: Position | undefined
}

/** A citation: `[see @a, p. 3; @b]` or `@a [p. 3]`. `value` is its source text. */
export interface Cite extends Literal {
  type: 'cite'
  citations: CiteItem[]
  /** citeproc-js HTML, set by `remarkCiteproc`. */
  rendered?: string | undefined
  /** Identifier of the footnote holding this citation (note styles). */
  note?: string | undefined
}

declare module 'mdast' {
  interface PhrasingContentMap {
    cite: Cite
  }
  interface RootContentMap {
    cite: Cite
  }
}

/** What the front matter holds once validated (Pandoc's names). */
export interface Metadata {
  title?: string | undefined
  'short-title'?: string | undefined
  subtitle?: string | undefined
  author?: Author[] | undefined
  date?: string | undefined
  abstract?: string | undefined
  keywords?: string[] | undefined
  lang?: string | undefined
  /** Text direction of the whole document (`rtl` for Arabic, Hebrew…). */
  dir?: 'rtl' | 'ltr' | 'auto' | undefined
  bibliography?: string[] | undefined
  references?: CslItem[] | undefined
  csl?: string | undefined
  nocite?: string[] | undefined
  'link-citations'?: boolean | undefined
  'link-bibliography'?: boolean | undefined
  'reference-section-title'?: string | undefined
  'suppress-bibliography'?: boolean | undefined
  'notes-after-punctuation'?: boolean | undefined
  source?: string | undefined
  stylesheet?: string | undefined
  strict?: boolean | undefined
  papersize?: string | undefined
  /** Run the document's own scripts in the print page (handout's; default false). */
  scripts?: boolean | undefined
  /** pandoc-crossref's: the words of `@fig:x`, `@tbl:x`, `@eq:x`, `@sec:x` (singular, and plural when given). */
  figPrefix?: string[] | undefined
  tblPrefix?: string[] | undefined
  eqnPrefix?: string[] | undefined
  secPrefix?: string[] | undefined
  /** pandoc-crossref's: the word before a caption's number, and the titles of the lists. */
  figureTitle?: string | undefined
  tableTitle?: string | undefined
  lofTitle?: string | undefined
  lotTitle?: string | undefined
  /** pandoc-crossref's: after a caption's number ("Figure 1:"). */
  titleDelim?: string | undefined
  /** Quarto's cross-reference options that handout reads (`fig-prefix`, `tbl-prefix`, `eq-prefix`, `sec-prefix`, `fig-title`, `tbl-title`, `title-delim`). */
  crossref?: Partial<Record<QuartoCrossrefKey, string>> | undefined
  /** pandoc-crossref's: between two numbers, before the last of more, between the others, and a range's ends. */
  pairDelim?: string | undefined
  lastDelim?: string | undefined
  refDelim?: string | undefined
  rangeDelim?: string | undefined
  /** A list of figures, of tables, after the title (Pandoc's and pandoc-crossref's `lof`, `lot`). */
  lof?: boolean | undefined
  lot?: boolean | undefined
  /** In the PDF, the page after each cross-reference: "Figure 1 (p. 3)" (handout's). */
  'crossref-pages'?: boolean | undefined
}

/** The options of Quarto's `crossref:` that handout reads; Quarto's others are left to it. */
export const QUARTO_CROSSREF_KEYS = ['fig-prefix', 'tbl-prefix', 'eq-prefix', 'sec-prefix', 'fig-title', 'tbl-title', 'title-delim'] as const
export type QuartoCrossrefKey = (typeof QUARTO_CROSSREF_KEYS)[number]

export interface Author {
  name: string
  /** Names of the author's institutions, resolved from `institute:` / `affiliations:` ids. */
  affiliations: string[]
  email?: string | undefined
  /** ORCID iD, `0000-0002-1825-0097`. */
  orcid?: string | undefined
  corresponding?: boolean | undefined
}

/** A document's references: items by id plus where each came from (for duplicate warnings). */
export interface Library {
  items: ItemMap
  origins: Map<string, {file: string; place?: Position | undefined}>
}

/** Where each front-matter value stands (and each item of a list value), for messages about it. */
export type MetaPlaces = Partial<Record<keyof Metadata, {value: Position; items?: Position[] | undefined}>>

declare module 'vfile' {
  interface DataMap {
    /** Validated front matter, set by `remarkMeta`. */
    meta: Metadata
    /** Where the front matter's values stand, set by `remarkMeta`. */
    metaPlaces: MetaPlaces
    /** Effective options for this document (front matter over config over flags). */
    options: ResolvedOptions
    /** CSL items available to this document. */
    library: Library
    /** Aborts the document's build (Ctrl-C); long steps check it. */
    signal: AbortSignal | undefined
    /** Keys cited, in first-cited order (for reports). */
    citedKeys: string[]
    /** Rendered "Summary of" reference (clean hast) when `source:` is set. */
    sourceReference: ElementContent[]
  }
}

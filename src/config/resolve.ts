/**
 * Options: defaults < front matter < command-line flags, validated once.
 * Downstream code sees `ResolvedOptions` only.
 */
import type {ResolvedStyle} from '../load/style.js'
import type {Stylesheet} from '../load/remark-load.js'

/** What the CLI or the JS API passes in (all optional). */
export interface InlineOptions {
  /** Style name or path; overrides front matter `csl`. */
  csl?: string | undefined
  /** Extra bibliography files, added to the front matter's. */
  bibliography?: string[] | undefined
  /** Treat warnings as failures. */
  strict?: boolean | undefined
  /**
   * The project root: every file a document names must lie inside it (or in
   * handout's own styles and the system CSL folders); its `csl/` and `styles/`
   * are looked up by name. Default: the working folder.
   */
  root?: string | undefined
  /** Largest file handout reads, in bytes (default 50 MB). */
  maxInputSize?: number | undefined
  /** Input format with extension toggles, in Pandoc's names (`markdown`, `gfm-citations`…); default `markdown`. */
  from?: string | undefined
  /** The folder the HTML is written to: local URLs in it (images, a stylesheet's fonts) are made relative to it. */
  htmlDir?: string | undefined
}

export interface ResolvedOptions {
  style: ResolvedStyle
  lang: string | undefined
  retrieveLocale: (lang: string) => string | undefined
  linkCitations: boolean
  linkBibliography: boolean
  nocite: string[]
  suppressBibliography: boolean
  referenceSectionTitle: string | undefined
  notesAfterPunctuation: boolean
  strict: boolean
  /** Bibliography files used (absolute paths), for reports and cache keys. */
  bibliographyFiles: string[]
  /** The stylesheet, inlined, and every file it was made from (imports included). */
  stylesheet: Stylesheet
  /** The project root (absolute, symlinks resolved). */
  root: string
}

export const DEFAULTS = {
  linkCitations: false,
  linkBibliography: true,
  notesAfterPunctuation: true,
  stylesheet: 'handout.css'
} as const

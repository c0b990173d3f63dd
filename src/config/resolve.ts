/**
 * Options: defaults < front matter < command-line flags, validated once.
 * Downstream code sees `ResolvedOptions` only.
 */
import type {ResolvedStyle} from '../load/style.js'

/** What the CLI or the JS API passes in (all optional). */
export interface InlineOptions {
  /** Style name or path; overrides front matter `csl`. */
  csl?: string | undefined
  /** Extra bibliography files, added to the front matter's. */
  bibliography?: string[] | undefined
  /** Treat warnings as failures. */
  strict?: boolean | undefined
  /** Project folder: where `csl/` and `styles/` are looked up. Default: cwd. */
  projectDir?: string | undefined
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
  stylesheet: {path: string; css: string; files: string[]}
}

export const DEFAULTS = {
  linkCitations: false,
  linkBibliography: true,
  notesAfterPunctuation: true,
  stylesheet: 'handout.css'
} as const

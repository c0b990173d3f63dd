/**
 * What the engine said for a document, kept for its next build. Rendering
 * every cluster and the bibliography is the costliest step of a rebuild, and
 * an edit of the text alone (the common one while writing, in `handout
 * preview` or `--watch`) leaves every input of it unchanged: the clusters in
 * order (keys, locators, affixes, note numbers), the items they name, the
 * uncited entries and the link options. The engine's answers are then the
 * same, so they are taken from here, and the engine is not asked.
 *
 * Kept on the reused engine (one per style and language of a processor): a
 * new style or locale is a new engine with no memo.
 */
import type {BibliographyMeta, Citation} from 'citeproc'
import type {ItemMap} from '../load/library.js'
import type {BibEntry} from './bibliography-entries.js'

export interface CiteMemo {
  key: string
  /** citeproc-js's HTML per citation id. */
  rendered: Map<string, string>
  /** The author texts asked for (narrative citations), by `l`/`s` + key. */
  authorTexts: Map<string, string>
  /** Whether a key prints as nothing alone, where that was asked. */
  nothing: Map<string, boolean>
  /** The bibliography as made (undefined: none made). */
  bibliography?: {meta: BibliographyMeta; entries: BibEntry[]} | undefined
}

/** Everything rendering reads, as one string: equal keys give equal answers. */
export function memoKey(parts: {citations: Citation[]; uncited: readonly string[]; items: ItemMap; linkCitations: boolean; linkBibliography: boolean; bibliography: boolean}): string {
  const ids = new Set<string>(parts.uncited)
  for (const citation of parts.citations) for (const item of citation.citationItems) ids.add(String(item.id))
  const items = [...ids].map((id) => parts.items.get(id) ?? null)
  return JSON.stringify([parts.linkCitations, parts.linkBibliography, parts.bibliography, parts.uncited, parts.citations, items])
}

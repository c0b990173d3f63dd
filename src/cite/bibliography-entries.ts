/**
 * citeproc-js's bibliography as entries, each with its keys. citeproc-js
 * lists every entry's keys in `entry_ids` but leaves an entry with nothing to
 * print out of its texts (outside numeric styles), so the two lists no
 * longer line up after it: every later entry would take the wrong key. Here
 * such an entry is found and kept, empty, as Pandoc keeps it.
 */
import type {BibliographyMeta, Engine} from 'citeproc'

export interface BibEntry {
  /** The entry's keys (more than one for a style that merges entries). */
  ids: string[]
  /** Its HTML; empty when the style prints nothing for it. */
  html: string
}

export function bibliographyEntries(engine: Engine, meta: BibliographyMeta, texts: string[]): BibEntry[] {
  const ids = meta.entry_ids.map((list) => list.map(String))
  if (ids.length === texts.length) return ids.map((list, i) => ({ids: list, html: texts[i]!}))
  // Rare: ask for each entry alone which ones print nothing.
  const blank = ids.map((list) => {
    const alone = engine.makeBibliography({select: [{field: 'id', value: list[0]!}]})
    return !alone || alone[1].every((text) => text.trim() === '')
  })
  let next = 0
  return ids.map((list, i) => ({ids: list, html: blank[i] ? '' : (texts[next++] ?? '')}))
}

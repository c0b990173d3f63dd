/**
 * A cluster is sorted in runs, which an item with a prefix starts (and an item
 * after a run whose first item has a suffix), so "see also" stays before what
 * it introduces; the caller numbers the runs (`handoutGroup` on each cite).
 * citeproc-js sorts the whole cluster. Per engine: its citation comparator
 * compares the run first, then the style's keys.
 */
type Pair = [unknown, {handoutGroup?: number} | undefined]

interface SortState {
  citation: {srt: {compareCompositeKeys: (a: Pair, b: Pair) => number}}
}

export function sortInRuns(engine: object): void {
  const srt = (engine as SortState).citation.srt
  const compare = srt.compareCompositeKeys
  srt.compareCompositeKeys = (a, b) => (a[1]?.handoutGroup ?? 0) - (b[1]?.handoutGroup ?? 0) || compare(a, b)
}

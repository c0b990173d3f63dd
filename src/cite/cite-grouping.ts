/**
 * Cite grouping (CSL 1.0.2, "Cite Grouping"): in an in-text style that
 * collapses by year or sets a cite-group delimiter, cites whose names render
 * the same are brought together at the place of the first, keeping their
 * order: "(Doe 1999; Smith 2002; Doe 2006)" is "(Doe 1999, 2006; Smith 2002)".
 * citeproc-js groups only while it sorts a cluster, so a style without a
 * citation sort (Chicago author-date) never grouped; Pandoc always does.
 */
import type {CitationItem, Engine} from 'citeproc'

interface GroupingOptions {
  opt: {xclass?: string}
  citation: {opt: {collapse?: string; cite_group_delimiter?: string}}
  citation_sort: {tokens: unknown[]}
}

/** Does this style group cites that citeproc-js leaves apart? */
export function groupsUnsorted(engine: Engine): boolean {
  const {opt, citation, citation_sort: sort} = engine as unknown as GroupingOptions
  const grouping = /^year/.test(citation.opt.collapse ?? '') || Boolean(citation.opt.cite_group_delimiter)
  return opt.xclass === 'in-text' && grouping && sort.tokens.length === 0
}

/**
 * The cluster's items grouped by rendered name, within each sorting run
 * (`handoutGroup`); undefined when the order does not change.
 */
export function groupCites(items: CitationItem[], name: (id: string) => string): CitationItem[] | undefined {
  // A Map keeps its keys in first-seen order: each group stands where its first cite stood.
  const groups = new Map<string, CitationItem[]>()
  for (const item of items) {
    const key = `${item.handoutGroup ?? 0}\u0000${name(item.id)}`
    const group = groups.get(key)
    if (group) group.push(item)
    else groups.set(key, [item])
  }
  const ordered = [...groups.values()].flat()
  return ordered.every((item, i) => item === items[i]) ? undefined : ordered
}

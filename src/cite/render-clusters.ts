/**
 * Every citation cluster of a document rendered in one pass, in linear time.
 *
 * citeproc-js's `rebuildProcessorState` feeds clusters one by one to
 * `processCitationCluster`, which rebuilds the list of all earlier clusters and
 * re-evaluates the position ("ibid.", "subsequent", near-note) of every cite in
 * them on each call: quadratic in the number of clusters (4,000 paragraphs with
 * citations took 82 s). Here the same steps run once over the whole document,
 * which is the state that processor reaches after the last cluster:
 * 1. items registered once, in first-cited order (`updateItems`, as rebuildProcessorState);
 * 2. each cluster's cites built and sorted as processCitationCluster builds them;
 * 3. positions evaluated once, front to back, by the same rules;
 * 4. for note styles that test `disambiguate`, names re-disambiguated with the final citation counts;
 * 5. each cluster rendered with the engine's own `process_CitationCluster`.
 * Sort keys and the author strings of grouped sorts are computed once per item
 * (they depend on the item and the registry only, both final before step 2).
 *
 * tests/unit/render-clusters.test.ts checks the output against rebuildProcessorState
 * on random documents in author-date, numeric and note styles.
 */
import CSL, {type Citation, type Engine} from 'citeproc'

type Item = {id: string | number; legislation_id?: string; container_id?: string; language?: string}
type Cite = Record<string, unknown> & {
  id: string
  locator?: string | undefined
  label?: string | undefined
  position?: number
  'locator-extra'?: string
  'first-reference-note-number'?: number | undefined
  'first-container-reference-note-number'?: number | undefined
  'near-note'?: boolean
  parallel?: string
  sortkeys?: unknown[]
}
type Sorted = Array<[Item, Cite]>
interface Cluster extends Citation {
  citationID: string
  sortedItems: Sorted
  properties: Citation['properties'] & {index?: number}
}

interface Internals {
  opt: {
    update_mode: number
    xclass: string
    has_disambiguate?: boolean
    citation_number_sort?: boolean
    grouped_sort?: boolean
    parallel: {enable?: boolean}
    mode: string
    development_extensions: Record<string, boolean>
  }
  citation: {opt: {'near-note-distance': number}; srt: {compareCompositeKeys: (a: [Item, Cite], b: [Item, Cite]) => number}}
  citation_sort: {tokens: unknown[]}
  registry: {
    registry: Record<string, {ambig: string; disambig: unknown; 'citation-count'?: number; 'first-reference-note-number'?: number | undefined; 'first-container-reference-note-number'?: number | undefined}>
    authorstrings: Record<string, string>
    citationreg: {citationById: Record<string, Cluster>; citationByIndex: Cluster[]; citationsByItemId: Record<string, Cluster[]>}
    return_data: {bibchange: boolean}
  }
  tmp: Record<string, unknown> & {taintedItemIDs: Record<string, boolean>; taintedCitationIDs: Record<string, boolean>; loadedItemIDs: Record<string, boolean>}
  transform: {loadAbbreviation(...args: unknown[]): void}
  parallel: {StartCitation(items: Sorted): void}
  disambiguate: {run(akey: string): void}
  retrieveItem(id: string): Item
  setCitationId(citation: Citation): void
  setOutputFormat(mode: string): void
  remapSectionVariable(list: Sorted): void
  process_CitationCluster(items: Sorted, citation: Cluster): string
}

interface Statics {
  parseLocator(this: Internals, item: Cite): Cite
  getSortKeys(this: Internals, item: Item, area: string): unknown[]
  getAmbiguousCite(this: Internals, item: Item, disambig: unknown): void
  LOCATOR_LABELS_REGEXP: RegExp
  LOCATOR_LABELS_MAP: Record<string, string>
  POSITION: number
  POSITION_FIRST: number
  POSITION_SUBSEQUENT: number
  POSITION_IBID: number
  POSITION_IBID_WITH_LOCATOR: number
  POSITION_CONTAINER_SUBSEQUENT: number
}

const LEGAL_TYPES = ['bill', 'gazette', 'legislation', 'regulation', 'treaty']

/** Longest run of work between two turns of the event loop. */
const YIELD_MS = 50

/**
 * Render `citations` (in document order, `properties.noteIndex` set; 0 for
 * in-text) as citeproc-js's `rebuildProcessorState(citations, 'html', [])` does.
 * `uncited`: the items of `nocite`, registered with the cited ones.
 * Returns each cluster's HTML by `citationID` (ids are assigned where missing).
 * A long document gives way to the event loop every few dozen milliseconds
 * (signals are heard) and stops when `signal` is aborted.
 */
export async function renderClusters(engine: Engine, citations: Citation[], signal?: AbortSignal, uncited: readonly string[] = []): Promise<Map<string, string>> {
  const state = engine as unknown as Internals
  const csl = CSL as unknown as Statics
  const ids: string[] = []
  const seen = new Set<string>()
  for (const citation of citations) {
    for (const item of citation.citationItems) {
      const id = String(item.id)
      if (!seen.has(id)) ids.push(id)
      seen.add(id)
    }
  }
  engine.updateItems(ids)
  // Items only in `nocite` are registered before any cluster renders: a twin there
  // still gives the cited one its year suffix ("Doe 2000a"), as in Pandoc.
  const extra = uncited.filter((id) => !seen.has(id))
  if (extra.length > 0) engine.updateUncitedItems(extra)
  const oldMode = state.opt.mode
  state.setOutputFormat('html')
  try {
    state.tmp.citation_errors = []
    state.registry.return_data = {bibchange: false}
    state.tmp.taintedItemIDs = {}
    state.tmp.taintedCitationIDs = {}
    const clusters = citations.map((citation) => prepare(state, csl, citation))
    register(state, clusters)
    const keys = sortKeys(state, csl)
    for (const cluster of clusters) {
      sortCluster(state, cluster, keys)
      if (state.opt.parallel.enable) state.parallel.StartCitation(cluster.sortedItems)
    }
    const rerun = state.opt.update_mode === csl.POSITION ? evaluatePositions(state, csl, clusters) : new Set<string>()
    for (const cluster of clusters) sortByNumber(state, cluster, keys)
    for (const akey of rerun) state.disambiguate.run(akey)
    state.tmp.taintedItemIDs = {}
    state.tmp.taintedCitationIDs = {}
    const rendered = new Map<string, string>()
    // Clusters alike in every input of rendering (cites, their positions, the
    // cluster's properties) render alike once the registry is final: a repeated
    // citation is rendered once.
    const done = new Map<string, string>()
    let since = performance.now()
    for (const cluster of clusters) {
      if (performance.now() - since > YIELD_MS) {
        // Between clusters the engine holds nothing half-done.
        await new Promise((resolve) => setImmediate(resolve))
        since = performance.now()
      }
      signal?.throwIfAborted()
      const key = clusterKey(cluster, state.opt.xclass === 'note')
      let html = done.get(key)
      if (html === undefined) {
        state.tmp.citation_pos = cluster.properties.index
        state.tmp.citation_note_index = cluster.properties.noteIndex
        state.tmp.citation_id = String(cluster.citationID)
        html = state.process_CitationCluster(cluster.sortedItems, cluster)
        done.set(key, html)
      }
      rendered.set(cluster.citationID, html)
    }
    return rendered
  } finally {
    state.setOutputFormat(oldMode)
  }
}

/**
 * Everything of a cluster that rendering reads but the registry: its cites
 * (with their positions) and properties. The note number counts only in note
 * styles; in-text styles read positions, which carry what it means to them.
 */
function clusterKey(cluster: Cluster, note: boolean): string {
  const {index: _index, noteIndex, ...properties} = cluster.properties
  void _index
  const cites = cluster.sortedItems.map(([, cite]) => {
    const {sortkeys: _sortkeys, item: _item, index: _i, ...rest} = cite
    void _sortkeys, void _item, void _i
    return rest
  })
  return JSON.stringify([note ? noteIndex : 0, properties, cites])
}

/** A cluster's cites with their items, as processCitationCluster builds them. */
function prepare(state: Internals, csl: Statics, citation: Citation): Cluster {
  state.setCitationId(citation)
  const sortedItems: Sorted = []
  for (const given of citation.citationItems) {
    // Protect the caller's objects from citeproc-js's writes (as processCitationCluster).
    let cite = {...given} as unknown as Cite
    const item = state.retrieveItem(String(cite.id))
    if (item.id) state.transform.loadAbbreviation('default', 'hereinafter', item.id, item.language)
    cite = csl.parseLocator.call(state, cite)
    if (state.opt.development_extensions.consolidate_legal_items) state.remapSectionVariable([[item, cite]])
    if (state.opt.development_extensions.locator_label_parse && cite.locator && !LEGAL_TYPES.includes(String((item as {type?: string}).type)) && (!cite.label || cite.label === 'page')) {
      const match = csl.LOCATOR_LABELS_REGEXP.exec(cite.locator)
      const label = match ? csl.LOCATOR_LABELS_MAP[match[2]!] : undefined
      if (match && label && (state as unknown as {getTerm(term: string): unknown}).getTerm(label)) {
        cite.label = label
        cite.locator = match[3]
      }
    }
    sortedItems.push([item, cite])
    ;(given as unknown as {item: Item}).item = item
  }
  const cluster = citation as Cluster
  cluster.sortedItems = sortedItems
  if (!cluster.properties) cluster.properties = {noteIndex: 0}
  return cluster
}

/** The registry's view of the document: clusters by index and id, and by the items they cite. */
function register(state: Internals, clusters: Cluster[]): void {
  const byId: Record<string, Cluster> = {}
  const byItem: Record<string, Cluster[]> = {}
  clusters.forEach((cluster, index) => {
    byId[cluster.citationID] = cluster
    cluster.properties.index = index
    for (const [, cite] of cluster.sortedItems) {
      const list = (byItem[cite.id] ??= [])
      if (list[list.length - 1] !== cluster) list.push(cluster)
    }
  })
  state.registry.citationreg.citationByIndex = clusters
  state.registry.citationreg.citationById = byId
  state.registry.citationreg.citationsByItemId = byItem
}

/** Each item's citation sort keys and grouped-sort author string, computed once. */
function sortKeys(state: Internals, csl: Statics) {
  const keys = new Map<string, unknown[]>()
  const authors = new Map<string, string>()
  return {
    keys(item: Item): unknown[] {
      const id = String(item.id)
      let found = keys.get(id)
      if (!found) keys.set(id, (found = csl.getSortKeys.call(state, item, 'citation_sort')))
      return found
    },
    author(item: Item): string {
      const id = String(item.id)
      let found = authors.get(id)
      if (found === undefined) {
        state.tmp.authorstring_request = true
        csl.getAmbiguousCite.call(state, item, state.registry.registry[id]!.disambig)
        state.tmp.authorstring_request = false
        found = state.registry.authorstrings[id]!
        authors.set(id, found)
      }
      return found
    }
  }
}

/**
 * The cluster's cites in the style's citation order, before positions are set
 * (with grouped sorts, one author's works together), as processCitationCluster sorts them.
 */
function sortCluster(state: Internals, cluster: Cluster, keys: ReturnType<typeof sortKeys>): void {
  const items = cluster.sortedItems
  if (state.opt.citation_number_sort || items.length <= 1 || state.citation_sort.tokens.length === 0) return
  const compare = state.citation.srt.compareCompositeKeys
  for (const [item, cite] of items) cite.sortkeys = keys.keys(item)
  if (cluster.properties.unsorted) return
  if (state.opt.grouped_sort) {
    for (const [item, cite] of items) cite.sortkeys = [keys.author(item), ...cite.sortkeys!]
    items.sort(compare)
    // Cites of one author take the sort key of that author's first cite.
    let lastAuthor: unknown = false
    let thisKey: unknown = false
    let thisAuthor: unknown = false
    items.forEach(([, cite], i) => {
      const sortkeys = cite.sortkeys!
      if (sortkeys[0] !== lastAuthor) {
        thisAuthor = sortkeys[0]
        thisKey = sortkeys[1]
      }
      sortkeys[0] = `${String(thisKey)}${i}`
      lastAuthor = thisAuthor
    })
  }
  items.sort(compare)
}

/** Numeric styles that sort by citation number sort once numbers are known (after positions). */
function sortByNumber(state: Internals, cluster: Cluster, keys: ReturnType<typeof sortKeys>): void {
  const items = cluster.sortedItems
  if (!state.opt.citation_number_sort || items.length <= 1 || state.citation_sort.tokens.length === 0 || cluster.properties.unsorted) return
  for (const [item, cite] of items) cite.sortkeys = keys.keys(item)
  items.sort(state.citation.srt.compareCompositeKeys)
}

/**
 * First, subsequent, ibid., ibid. with locator, near-note and
 * first-reference-note-number for every cite, in one pass (the rules of
 * processCitationCluster, run once over the final list instead of once per
 * cluster). Returns the ambiguity keys that need another disambiguation run.
 */
function evaluatePositions(state: Internals, csl: Statics, clusters: Cluster[]): Set<string> {
  const rerun = new Set<string>()
  const text: Cluster[] = []
  const notes: Cluster[] = []
  for (const cluster of clusters) {
    if (cluster.properties.noteIndex) notes.push(cluster)
    else {
      cluster.properties.noteIndex = 0
      text.push(cluster)
    }
  }
  const byItem = state.registry.citationreg.citationsByItemId
  let inNote: Record<number, number> = {}
  // Function-wide in citeproc-js (`var`): a legislation cite keeps the previous cite's value.
  let inCitationId: string | undefined
  let inCitationXloc: string | undefined
  for (const list of [text, notes]) {
    let firstRef: Record<string, number> = {}
    let lastRef: Record<string, number> = {}
    let firstContainerRef: Record<string, number> = {}
    list.forEach((cluster, j) => {
      cluster.properties.noteIndex = parseInt(String(cluster.properties.noteIndex || 0), 10)
      const noteIndex = cluster.properties.noteIndex
      if (j > 0 && noteIndex && list[j - 1]!.properties.noteIndex > noteIndex) {
        inNote = {}
        firstRef = {}
        lastRef = {}
        firstContainerRef = {}
      }
      for (const [, cite] of cluster.sortedItems) {
        if (cite.parallel && cite.parallel !== 'first') continue
        inNote[noteIndex] = (inNote[noteIndex] ?? 0) + 1
      }
      cluster.sortedItems.forEach(([item, cite], k) => {
        const itemId = String(item.id)
        const firstId = item.legislation_id ?? String(item.id)
        const lastId = item.legislation_id ?? item.container_id ?? String(item.id)
        const xloc = cite['locator-extra']
        if (k > 0) {
          const before = cluster.sortedItems[k - 1]!
          if (before[0].legislation_id) {
            inCitationId = before[0].legislation_id
          } else {
            inCitationId = before[1].id
            inCitationXloc = before[1]['locator-extra']
            for (let l = k - 2; l > -1; l--) {
              const earlier = cluster.sortedItems[l]![1]
              if (earlier.parallel === 'first') {
                inCitationId = earlier.id
                inCitationXloc = earlier['locator-extra']
              }
            }
          }
        }
        cite['first-reference-note-number'] = 0
        cite['first-container-reference-note-number'] = 0
        cite['near-note'] = false
        const registered = state.registry.registry[String(item.id)]
        if (byItem[itemId] && state.opt.xclass === 'note' && state.opt.has_disambiguate && registered) {
          // Final counts: every item's names are disambiguated again once, as the
          // cluster-by-cluster run does when it first sees the item.
          registered['citation-count'] = byItem[itemId]!.length
          rerun.add(registered.ambig)
        }
        if (lastRef[lastId] === undefined && cluster.properties.mode !== 'author-only') {
          firstRef[firstId] = noteIndex
          lastRef[lastId] = noteIndex
          firstContainerRef[lastId] = noteIndex
          cite.position = csl.POSITION_FIRST
        } else {
          let ibid = false
          let subsequent = false
          const previous = j > 0 ? list[j - 1]! : undefined
          let oldLastId: string | undefined
          let oldLastXloc: string | undefined
          if (previous) {
            const offset = previous.properties.mode === 'author-only' && j > 1 ? 2 : 1
            const adjusted = list[j - offset]!
            if (adjusted.sortedItems.length) {
              const last = adjusted.sortedItems[adjusted.sortedItems.length - 1]![1]
              oldLastId = last.id
              oldLastXloc = last['locator-extra']
            }
            if (previous.sortedItems.length) {
              const first = previous.sortedItems[0]!
              const legislation = (first[first.length - 1] as {legislation_id?: string}).legislation_id
              if (legislation) oldLastId = legislation
            }
          }
          if (previous && k === 0 && previous.properties.noteIndex !== noteIndex) {
            // Case 1: the source is in the previous cluster.
            let use = false
            const head = previous.sortedItems[0]!
            const oldId = head[0].legislation_id ?? String(head[0].id)
            if (oldId == firstId && previous.properties.noteIndex >= noteIndex - 1) {
              const previousXloc = head[1]['locator-extra']
              const thisXloc = cluster.sortedItems[0]![1]['locator-extra']
              if ((inNote[previous.properties.noteIndex] === 1 || previous.properties.noteIndex === 0) && previousXloc === thisXloc) use = true
            }
            if (use) ibid = true
            else subsequent = true
          } else if (k > 0 && inCitationId == firstId && inCitationXloc == xloc) {
            // Case 2: the cite just before, in this cluster.
            ibid = true
          } else if (k === 0 && previous && previous.properties.noteIndex == noteIndex && previous.sortedItems.length && oldLastId == firstId && oldLastXloc == xloc) {
            // Case 2 again: a separate cluster in the same note.
            ibid = true
          } else {
            subsequent = true
          }
          let previousLocator: string | undefined
          let currentLocator: string | undefined
          if (ibid) {
            const prev = k > 0 ? cluster.sortedItems[k - 1]![1] : list[j - 1]!.sortedItems[0]![1]
            previousLocator = prev.locator ? `${prev.locator}${prev.label ?? ''}` : prev.locator
            currentLocator = cite.locator ? `${cite.locator}${cite.label ?? ''}` : cite.locator
          }
          if (ibid && previousLocator && !currentLocator) {
            ibid = false
            subsequent = true
          }
          if (ibid) {
            if (!previousLocator && currentLocator) cite.position = csl.POSITION_IBID_WITH_LOCATOR
            else if (!previousLocator && !currentLocator) cite.position = csl.POSITION_IBID
            else if (previousLocator && currentLocator === previousLocator) cite.position = csl.POSITION_IBID
            else if (previousLocator && currentLocator && currentLocator !== previousLocator) cite.position = csl.POSITION_IBID_WITH_LOCATOR
            else {
              ibid = false
              subsequent = true
            }
          }
          if (subsequent) {
            cite.position = csl.POSITION_CONTAINER_SUBSEQUENT
            if (firstRef[firstId] === undefined) firstRef[firstId] = noteIndex
            else cite.position = csl.POSITION_SUBSEQUENT
          }
          if (subsequent || ibid) {
            if (cluster.properties.mode === 'author-only') cite.position = csl.POSITION_FIRST
            if (firstContainerRef[lastId] != noteIndex) {
              cite['first-container-reference-note-number'] = firstContainerRef[lastId]
              if (registered) registered['first-container-reference-note-number'] = firstContainerRef[lastId]
            }
            if (firstRef[firstId] != noteIndex) {
              cite['first-reference-note-number'] = firstRef[firstId]
              if (registered) registered['first-reference-note-number'] = firstRef[firstId]
            }
          }
        }
        if (noteIndex) {
          const distance = noteIndex - parseInt(String(lastRef[lastId]), 10)
          if (cite.position !== csl.POSITION_FIRST && distance <= state.citation.opt['near-note-distance']) cite['near-note'] = true
          lastRef[lastId] = noteIndex
        } else if (cite.position !== csl.POSITION_FIRST) {
          cite['near-note'] = true
        }
        if ((state as unknown as {sys: {variableWrapper?: unknown}}).sys.variableWrapper) {
          cite.index = cluster.properties.index
          cite.noteIndex = noteIndex
        }
      })
    })
  }
  return rerun
}

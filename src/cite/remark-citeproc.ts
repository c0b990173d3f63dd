/**
 * remark plugin: render `cite` nodes with citeproc-js and place the bibliography.
 *
 * Clusters go to one engine per document in document order (notes at their
 * reference), so numbering, "ibid.", year suffixes and disambiguation are
 * right. Note styles turn citations outside notes into footnotes.
 * Unknown keys become `file:line:column` warnings with close matches, and a
 * visible `key?` marker (as Pandoc does).
 *
 * The transform runs in three steps, one function each: the cites to
 * citeproc-js's citations (`toCitations`), every cluster rendered in one pass
 * (`renderAll`), each cite's HTML finished and put in the tree (`placeCite`);
 * then the bibliography (place-bibliography.ts). A rebuild with the same
 * cites of the same items takes the engine's answers from the last build
 * (cite-memo.ts).
 */
import type {FootnoteDefinition, Root} from 'mdast'
import type {Citation, CitationItem} from 'citeproc'
import type {VFile} from 'vfile'
import type {Processor} from 'unified'
import {escapeHtml} from '../escape.js'
import {engineCache, type CiteEngine} from './engine.js'
import type {Library} from '../types.js'
import type {ResolvedOptions} from '../config/resolve.js'
import {groupCites, groupsUnsorted} from './cite-grouping.js'
import {renderClusters} from './render-clusters.js'
import {citationItem, collect, warnUnknown, type Entry} from './cite-items.js'
import {
  aloneInNote,
  authorOnly,
  capitalizeFirst,
  dropFollowingPeriod,
  hasNoPrintedForm,
  layoutAffixes,
  movePunctuation,
  noteDefinition,
  restoreAffixes,
  stripErrors,
  unlinkAffixes,
  withMarkers
} from './cite-text.js'
import {makeBibliography, nocited, placeBibliography} from './place-bibliography.js'
import {memoKey} from './cite-memo.js'

export {RULE_UNKNOWN_KEY} from './cite-items.js'
export {tidyPunctuation} from './cite-text.js'

const NOTE_PREFIX = 'handout-cite-'

/** One document's citing: its engine, and what each step learns about its cites. */
interface Citing {
  file: VFile
  options: ResolvedOptions
  library: Library
  ce: CiteEngine
  entries: Entry[]
  /** Keys cited, in order of first citation. */
  cited: string[]
  citedSet: Set<string>
  citations: Citation[]
  /** Each entry's unknown keys. */
  missing: Map<Entry, string[]>
  /** Each entry's items as given to citeproc-js (their prefixes and suffixes are looked at again for links). */
  itemsOf: Map<Entry, CitationItem[]>
  /** Entries whose first work was cited earlier (its name is then given short). */
  citedBefore: Set<Entry>
  /** A narrative cite's key, and whether it was cited before (its names then follow the style's et-al-subsequent rules, as in Pandoc). */
  narratives: Map<string, {key: string; before: boolean}>
  /** The author text of a narrative citation, per key (short: a later cite, in the style's subsequent form). */
  authorText: (key: string, short?: boolean) => string
  /** citeproc-js's HTML per citation id. */
  rendered: Map<string, string>
  /** The author text per narrative citation id. */
  authors: Map<string, string>
  /** Whether a key prints as nothing alone in this style, where asked. */
  nothing: Map<string, boolean>
}

export default function remarkCiteproc(this: Processor) {
  const engines = engineCache(this)
  return async function transform(tree: Root, file: VFile): Promise<void> {
    const options = file.data.options
    const library = file.data.library
    if (!options || !library) throw new Error('remarkCiteproc needs file.data.options and file.data.library (remarkLoad)')
    const entries = collect(tree)
    // Building an engine is the costliest step: skip it when nothing is cited.
    if (entries.length === 0 && options.nocite.length === 0) {
      file.data.citedKeys = []
      return
    }
    const ce = engines.get({
      styleXml: options.style.xml,
      styleOrigin: options.style.origin,
      lang: options.lang,
      items: library.items,
      retrieveLocale: options.retrieveLocale,
      linkCitations: options.linkCitations,
      linkBibliography: options.linkBibliography
    })
    const authorTexts = new Map<string, string>()
    const citing: Citing = {
      file,
      options,
      library,
      ce,
      entries,
      cited: [],
      citedSet: new Set(),
      citations: [],
      missing: new Map(),
      itemsOf: new Map(),
      citedBefore: new Set(),
      narratives: new Map(),
      authorText(key, short = false) {
        const id = `${short ? 's' : 'l'}${key}`
        let text = authorTexts.get(id)
        if (text === undefined) authorTexts.set(id, (text = authorOnly(ce, key, short)))
        return text
      },
      rendered: new Map(),
      authors: new Map(),
      nothing: new Map()
    }
    toCitations(citing)
    const key = memoKey({
      citations: citing.citations,
      uncited: nocited(file),
      items: library.items,
      linkCitations: options.linkCitations,
      linkBibliography: options.linkBibliography,
      bibliography: !options.suppressBibliography
    })
    // The same cites of the same items as the last build: the engine's answers are known.
    const memo = ce.memo?.key === key ? ce.memo : undefined
    ce.memo = undefined
    if (memo) {
      for (const [id, text] of memo.authorTexts) authorTexts.set(id, text)
      for (const [id, html] of memo.rendered) citing.rendered.set(id, html)
      for (const [id, blank] of memo.nothing) citing.nothing.set(id, blank)
    } else {
      await renderAll(citing)
    }
    // Narrative citations' authors, once every item is registered (or known from the last build).
    for (const [id, {key, before}] of citing.narratives) citing.authors.set(id, citing.authorText(key, before))
    const definitions: FootnoteDefinition[] = []
    const place = placeCite(citing, definitions)
    entries.forEach(place)
    tree.children.push(...definitions)
    file.data.citedKeys = citing.cited
    const bibliography = memo ? memo.bibliography : options.suppressBibliography ? undefined : makeBibliography(file, ce, citing.citedSet)
    placeBibliography(tree, file, bibliography)
    ce.memo = {key, rendered: citing.rendered, authorTexts, nothing: citing.nothing, bibliography}
  }
}

/** The cites to citeproc-js's citations: known items only (unknown keys are warned of and kept aside), runs for the sort, narrative cites' authors suppressed. */
function toCitations(citing: Citing): void {
  const {entries, library, file, ce, citedSet} = citing
  entries.forEach((entry, index) => {
    const items: CitationItem[] = []
    const unknown: string[] = []
    const lead = entry.node.citations[0]
    if (lead && citedSet.has(lead.key)) citing.citedBefore.add(entry)
    for (const item of entry.node.citations) {
      if (!library.items.has(item.key)) {
        unknown.push(item.key)
        warnUnknown(file, item, library.items.keys())
        continue
      }
      if (!citedSet.has(item.key)) {
        citedSet.add(item.key)
        citing.cited.push(item.key)
      }
      items.push(citationItem(item, ce))
    }
    citing.missing.set(entry, unknown)
    citing.itemsOf.set(entry, items)
    if (items.length === 0) return
    const id = `c${index}`
    const narrative = entry.node.citations[0]?.mode === 'author-in-text' && library.items.has(entry.node.citations[0].key)
    // A narrative citation renders as "Author (rest)", or in a note style "Author" + a note:
    // the rest has the author suppressed. Inside a note it is the note citation itself.
    const inNoteNarrative = narrative && ce.isNote && entry.inNote
    if (narrative && !inNoteNarrative) items[0]!['suppress-author'] = true
    const citation: Citation = {citationID: id, citationItems: items, properties: {noteIndex: entry.noteIndex}}
    // As in Pandoc, the style sorts the cluster in runs: an item with a prefix starts a
    // run, and so does any item after a run's first one has a suffix (Pandoc compares
    // with the run's first item): "[@zoe; @roe; see @doe]" is "Roe; Zoe; see Doe".
    let group = 0
    let runLead: CitationItem | undefined
    for (const item of items) {
      if (runLead && (item.prefix || runLead.suffix)) {
        group++
        runLead = undefined
      }
      runLead ??= item
      item.handoutGroup = group
    }
    citing.citations.push(citation)
    if (narrative && !ce.isNote) citing.narratives.set(id, {key: entry.node.citations[0]!.key, before: citing.citedBefore.has(entry)})
  })
}

/**
 * One pass over the whole document: items are registered once, then every
 * cluster is rendered in order (linear: citeproc-js's own rebuild is quadratic).
 */
async function renderAll(citing: Citing): Promise<void> {
  const {ce, citations, file, rendered} = citing
  const uncited = nocited(file)
  for (const [id, html] of await renderClusters(ce.engine, citations, file.data.signal, uncited)) rendered.set(id, html)
  // Cites of one author brought together where citeproc-js does not (no citation sort):
  // their names are known once every item is registered, then the clusters are redone.
  if (groupsUnsorted(ce.engine)) {
    let regrouped = false
    for (const citation of citations) {
      const order = groupCites(citation.citationItems, (key) => citing.authorText(key))
      if (!order) continue
      citation.citationItems = order
      citation.properties.unsorted = true
      regrouped = true
    }
    if (regrouped) for (const [id, html] of await renderClusters(ce.engine, citations, file.data.signal, uncited)) rendered.set(id, html)
  }
}

/** Each cite's HTML finished as Pandoc prints it, on the node (or in a new note, for note styles); notes made go to `definitions`. */
function placeCite(citing: Citing, definitions: FootnoteDefinition[]) {
  const {ce, options, library, file, rendered, authors, itemsOf} = citing
  const affixes = layoutAffixes(ce)
  const {nothing} = citing
  const printsNothing = (key: string): boolean => {
    let blank = nothing.get(key)
    if (blank === undefined) nothing.set(key, (blank = hasNoPrintedForm(ce.engine.makeCitationCluster([{id: key}]))))
    return blank
  }
  let noteCount = 0
  return (entry: Entry, index: number): void => {
    const unknown = citing.missing.get(entry) ?? []
    const markers = unknown.map((key) => `<strong>${escapeHtml(key)}?</strong>`)
    const raw = rendered.get(`c${index}`) ?? ''
    let html = stripErrors(raw)
    // Only the layout's affixes left ("()"): nothing, as in Pandoc.
    if (html && html === affixes.prefix + affixes.suffix) html = ''
    if (html && options.linkCitations) html = unlinkAffixes(restoreAffixes(html, ce), itemsOf.get(entry) ?? [])
    const first = entry.node.citations[0]
    // Items that print as nothing in this style, named one by one (Pandoc: "Citation with no printed form").
    const blank = hasNoPrintedForm(raw) ? (itemsOf.get(entry) ?? []).filter((item) => printsNothing(item.id)) : []
    for (const item of blank) {
      const cite = entry.node.citations.find((c) => c.key === item.id)
      const message = file.message(`Citation of \`${item.id}\` prints as nothing in the style \`${options.style.name}\``, {ruleId: 'empty-citation', source: 'handout', place: cite?.position ?? entry.node.position})
      message.note = 'The style has no text for this reference: check its type and fields (an author or a title), or try another style'
    }
    // Known items that print as nothing (a style with no text for them, or a broken one): say so, as Pandoc does.
    if (blank.length === 0 && rendered.has(`c${index}`) && !html && !(first?.mode === 'author-in-text' && authors.get(`c${index}`))) {
      const message = file.message(`Citation prints as nothing in the style \`${options.style.name}\``, {ruleId: 'empty-citation', source: 'handout', place: entry.node.position})
      message.note = 'The style has no text for these references (check their type and fields), or the style is broken; try another style'
    }
    // Note style, citation already inside a note. Alone in its note it is the note's
    // citation ("Wandt."); in running text it reads as part of the sentence,
    // "(see Doe, chap. 3)" or "Doe, “Title,” 12", without the closing period.
    if (ce.isNote && entry.inNote && html) {
      if (aloneInNote(entry) && first?.mode !== 'author-in-text') {
        dropFollowingPeriod(entry)
      } else {
        // The period may have been moved into closing quotes ("“WorldCat.”").
        html = html.replace(/\.((?:<\/[a-z]+>)*[”’»]?(?:<\/[a-z]+>)*)$/, '$1')
        if (first?.mode !== 'author-in-text') html = `(${html})`
      }
    }
    const author = authors.get(`c${index}`)
    // "Doe (2005)" after a bracket, "Doe, “Title,” 12" otherwise (narrative citations in notes).
    if (author) html = !html ? author : /^[([]/.test(html) ? `${author} ${html}` : `${author}, ${html}`
    if (ce.isNote && !entry.inNote) {
      // The note holds the citation; narrative citations keep the author in the text.
      let inText = ''
      if (first?.mode === 'author-in-text' && library.items.has(first.key)) {
        // "Ronald S. Duman" the first time, "Duman" after; the note carries the reference.
        inText = citing.authorText(first.key, citing.citedBefore.has(entry))
      }
      const identifier = `${NOTE_PREFIX}${++noteCount}`
      const noteHtml = capitalizeFirst([html, ...markers].filter(Boolean).join('; '))
      entry.node.rendered = inText
      if (noteHtml) {
        entry.node.note = identifier
        definitions.push(noteDefinition(identifier, noteHtml, entry.node))
        if (options.notesAfterPunctuation) movePunctuation(entry)
      }
      return
    }
    if (markers.length > 0) html = withMarkers(html, markers, ce, affixes, !library.items.has(first?.key ?? ''))
    entry.node.rendered = html
  }
}

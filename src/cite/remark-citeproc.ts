/**
 * remark plugin: render `cite` nodes with citeproc-js and place the bibliography.
 *
 * Clusters go to one engine per document in document order (notes at their
 * reference), so numbering, "ibid.", year suffixes and disambiguation are
 * right. Note styles turn citations outside notes into footnotes.
 * Unknown keys become `file:line:column` warnings with close matches, and a
 * visible `key?` marker (as Pandoc does).
 */
import type {FootnoteDefinition, Heading, Parents, Root, RootContent, Text} from 'mdast'
import type {Citation, CitationItem} from 'citeproc'
import type {VFile} from 'vfile'
import {SKIP, visit} from 'unist-util-visit'
import type {Cite, CiteItem} from '../types.js'
import {closest, didYouMeanOf} from '../errors.js'
import {escapeHtml} from '../escape.js'
import {engineCache, type CiteEngine} from './engine.js'
import type {Processor} from 'unified'
import {parseLocator} from './locator.js'
import {groupCites, groupsUnsorted} from './cite-grouping.js'
import {renderClusters} from './render-clusters.js'
import {markdownToCiteproc, smart} from './inline-markup.js'
import type {Bibliography, CiteNote, FencedDiv} from './nodes.js'
import {bibliographyEntries, type BibEntry} from './bibliography-entries.js'

interface Entry {
  node: Cite
  parent: Parents
  noteIndex: number
  inNote: boolean
}

export const RULE_UNKNOWN_KEY = 'unknown-key'
const NOTE_PREFIX = 'handout-cite-'

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

    // The author text of a narrative citation, per key (short: a later cite, in the style's subsequent form).
    const authorTexts = new Map<string, string>()
    const authorText = (key: string, short = false): string => {
      const id = `${short ? 's' : 'l'}${key}`
      let text = authorTexts.get(id)
      if (text === undefined) authorTexts.set(id, (text = authorOnly(ce, key, short)))
      return text
    }
    const cited: string[] = []
    const citedSet = new Set<string>()
    const rendered = new Map<string, string>()
    const citations: Citation[] = []
    // A narrative cite's key, and whether it was cited before (its names then follow the style's et-al-subsequent rules, as in Pandoc).
    const narratives = new Map<string, {key: string; before: boolean}>()
    const missing = new Map<Entry, string[]>()
    // Each entry's items as given to citeproc-js (their prefixes and suffixes are looked at again for links).
    const itemsOf = new Map<Entry, CitationItem[]>()
    const authors = new Map<string, string>()
    // Entries whose first work was cited earlier (its name is then given short).
    const citedBefore = new Set<Entry>()

    entries.forEach((entry, index) => {
      const items: CitationItem[] = []
      const unknown: string[] = []
      const lead = entry.node.citations[0]
      if (lead && citedSet.has(lead.key)) citedBefore.add(entry)
      for (const item of entry.node.citations) {
        if (!library.items.has(item.key)) {
          unknown.push(item.key)
          warnUnknown(file, item, library.items.keys())
          continue
        }
        if (!citedSet.has(item.key)) {
          citedSet.add(item.key)
          cited.push(item.key)
        }
        items.push(citationItem(item, ce))
      }
      missing.set(entry, unknown)
      itemsOf.set(entry, items)
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
      citations.push(citation)
      if (narrative && !ce.isNote) narratives.set(id, {key: entry.node.citations[0]!.key, before: citedBefore.has(entry)})
    })

    // One pass over the whole document: items are registered once, then every
    // cluster is rendered in order (linear: citeproc-js's own rebuild is quadratic).
    const uncited = nocited(file)
    for (const [id, html] of await renderClusters(ce.engine, citations, file.data.signal, uncited)) rendered.set(id, html)
    // Cites of one author brought together where citeproc-js does not (no citation sort):
    // their names are known once every item is registered, then the clusters are redone.
    if (groupsUnsorted(ce.engine)) {
      let regrouped = false
      for (const citation of citations) {
        const order = groupCites(citation.citationItems, (key) => authorText(key))
        if (!order) continue
        citation.citationItems = order
        citation.properties.unsorted = true
        regrouped = true
      }
      if (regrouped) for (const [id, html] of await renderClusters(ce.engine, citations, file.data.signal, uncited)) rendered.set(id, html)
    }
    for (const [id, {key, before}] of narratives) authors.set(id, authorText(key, before))

    const affixes = layoutAffixes(ce)
    const nothing = new Map<string, boolean>()
    const printsNothing = (key: string): boolean => {
      let blank = nothing.get(key)
      if (blank === undefined) nothing.set(key, (blank = hasNoPrintedForm(ce.engine.makeCitationCluster([{id: key}]))))
      return blank
    }
    let noteCount = 0
    const definitions: FootnoteDefinition[] = []
    entries.forEach((entry, index) => {
      const unknown = missing.get(entry) ?? []
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
          inText = authorText(first.key, citedBefore.has(entry))
        }
        const identifier = `${NOTE_PREFIX}${++noteCount}`
        const noteHtml = capitalizeFirst([html, ...markers].filter(Boolean).join('; '))
        if (noteHtml) {
          entry.node.rendered = inText
          entry.node.note = identifier
          definitions.push(noteDefinition(identifier, noteHtml, entry.node))
          if (options.notesAfterPunctuation) movePunctuation(entry)
        } else {
          entry.node.rendered = inText
        }
        return
      }
      if (markers.length > 0) html = withMarkers(html, markers, ce, affixes, !library.items.has(first?.key ?? ''))
      entry.node.rendered = html
    })
    tree.children.push(...definitions)

    file.data.citedKeys = cited
    placeBibliography(tree, file, ce, citedSet)
  }
}

/**
 * With citeproc-js's citation wrapper on (link-citations), the layout's
 * prefix and suffix (`(` `)`) are left to the caller; put them back around
 * the linked part (after the author of a narrative citation).
 */
function restoreAffixes(html: string, ce: CiteEngine): string {
  const {prefix, suffix} = layoutAffixes(ce)
  return prefix + html + suffix
}

/**
 * With link-citations, Pandoc links a cite's reference, not the words the
 * writer put around it: `(vgl. <a>Doe, 2000, p. 3</a>, emphasis added)`.
 * citeproc-js wraps the whole cite; the prefix and suffix are moved out of
 * the link where the link's text starts and ends with them as given.
 */
function unlinkAffixes(html: string, items: CitationItem[]): string {
  let out = html
  for (const {id, prefix, suffix} of items) {
    const before = prefix?.trim()
    const after = suffix?.trimStart()
    if (!before && !after) continue
    const open = `<a href="#ref-${escapeHtml(String(id))}" role="doc-biblioref">`
    const start = out.indexOf(open)
    const end = start < 0 ? -1 : out.indexOf('</a>', start)
    if (end < 0) continue
    let inner = out.slice(start + open.length, end)
    let lead = ''
    let trail = ''
    if (before && inner.startsWith(before + ' ')) {
      lead = before + ' '
      inner = inner.slice(lead.length)
    }
    if (after && inner.endsWith(after) && inner.length > after.length) {
      trail = after
      inner = inner.slice(0, -after.length)
      // The space before a suffix such as ` f.` goes with it.
      if (/ $/.test(inner)) {
        inner = inner.slice(0, -1)
        trail = ' ' + trail
      }
    }
    out = out.slice(0, start) + lead + open + inner + '</a>' + trail + out.slice(end + 4)
  }
  return out
}

/**
 * Unknown keys' markers inside the cluster, as Pandoc puts them: among the
 * cites, with the style's delimiter, inside its affixes ("(Doe 2000;
 * nosuch?)", "Doe (2000, 3; nosuch?)", "[1], nosuch?"); first when the first
 * key is unknown and the style keeps the cites' order, else last.
 */
function withMarkers(html: string, markers: string[], ce: CiteEngine, {prefix, suffix}: {prefix: string; suffix: string}, first: boolean): string {
  const engine = ce.engine as unknown as {citation: {opt: {layout_delimiter?: string}}; citation_sort: {tokens: unknown[]}}
  const delimiter = engine.citation.opt.layout_delimiter ?? '; '
  // A style that sorts its cites puts the unknown (unsortable) last.
  if (engine.citation_sort.tokens.length > 0) first = false
  const unknown = markers.join(delimiter)
  if (!html) return prefix + unknown + suffix
  if (first) {
    const at = prefix && html.startsWith(prefix) ? prefix.length : 0
    return html.slice(0, at) + unknown + delimiter + html.slice(at)
  }
  const at = suffix && html.endsWith(suffix) ? html.length - suffix.length : html.length
  return html.slice(0, at) + delimiter + unknown + html.slice(at)
}

/** The prefix and suffix of the style's citation layout (`(` and `)` in author-date styles). */
function layoutAffixes(ce: CiteEngine): {prefix: string; suffix: string} {
  const opt = (ce.engine as unknown as {citation: {opt: {layout_prefix?: string; layout_suffix?: string}}}).citation.opt
  return {prefix: opt.layout_prefix ?? '', suffix: opt.layout_suffix ?? ''}
}

/** Is the citation all there is in its note (but punctuation)? */
function aloneInNote(entry: Entry): boolean {
  if (entry.parent.type !== 'paragraph') return false
  return entry.parent.children.every((child) => child === entry.node || (child.type === 'text' && /^[\s.,;:!?]*$/.test(child.value)))
}

/** `^[[@a].]`: the note citation ends with its own period; drop the one typed after it. */
function dropFollowingPeriod(entry: Entry): void {
  const siblings = entry.parent.children as RootContent[]
  const next = siblings[siblings.indexOf(entry.node) + 1]
  if (next?.type === 'text') next.value = next.value.replace(/^\./, '')
}

/** The author part of a narrative citation; empty for styles that print no names (numeric). */
function authorOnly(ce: CiteEngine, key: string, short = false): string {
  // Position 1 ("subsequent") gives the short name form of note styles.
  const html = ce.engine.makeCitationCluster([{id: key, 'author-only': true, ...(short ? {position: 1} : {})}])
  return html.includes('NO_PRINTED_FORM') ? '' : html
}

/** Does citeproc-js's output say an item had nothing to print? */
function hasNoPrintedForm(html: string): boolean {
  return html.includes('NO_PRINTED_FORM') || html.includes('reference with no printed form')
}

/** citeproc-js's in-band error texts for entries with nothing to print. */
function stripErrors(html: string): string {
  return tidyPunctuation(
    html
      .replace(/\[NO_PRINTED_FORM\]\s*/g, '')
      .replace(/\[CSL STYLE ERROR: reference with no printed form\.\](;\s*)?/g, '')
      .trim()
  )
}

/**
 * Punctuation citeproc-js leaves that Pandoc does not:
 * - a space before a comma or full stop (not "..."), left by an empty group ("Faraday ,
 *   forthcoming"), is never right in any language (French spaces go before
 *   colons and semicolons, which stay);
 * - a comma or full stop moved inside closing quotes after a title that ends
 *   in `.`, `?` or `!` ("“Works!,”" is "“Works!”").
 */
export function tidyPunctuation(html: string): string {
  return html
    .replace(/ +(,|\.(?!\.\.))(?=[^<>]*(<|$))/g, '$1')
    .replace(/([.?!])((?:<\/[a-z]+>)*)[.,]((?:<\/[a-z]+>)*[”»])/g, '$1$2$3')
}

/** A note starts with a capital, as Pandoc makes it ("See …", not "see …"). */
function capitalizeFirst(html: string): string {
  return html.replace(/^((?:<[^>]+>|\s)*)(\p{Ll})/u, (_all, lead: string, letter: string) => lead + letter.toUpperCase())
}

/** Cites in reading order, each with the note number citeproc needs. */
function collect(tree: Root): Entry[] {
  let note = 0
  const footnotes = new Map<string, number>()
  const entries: Entry[] = []
  visit(tree, (node, _index, parent) => {
    if (node.type === 'footnoteDefinition') return SKIP
    if (node.type === 'footnoteReference') {
      if (!footnotes.has(node.identifier)) footnotes.set(node.identifier, ++note)
    } else if (node.type === 'cite' && parent) {
      entries.push({node, parent, noteIndex: ++note, inNote: false})
    }
    return undefined
  })
  visit(tree, 'footnoteDefinition', (definition) => {
    const noteIndex = footnotes.get(definition.identifier) ?? ++note
    visit(definition, 'cite', (node, _index, parent) => {
      if (parent) entries.push({node, parent, noteIndex, inNote: true})
    })
    return SKIP
  })
  // Stable: notes after the text that calls them.
  return entries.sort((a, b) => a.noteIndex - b.noteIndex)
}

function citationItem(item: CiteItem, ce: CiteEngine): CitationItem {
  // Suffixes are Markdown: `pp. 93--101` has an en dash, as in Pandoc.
  const located = parseLocator(smart(item.suffix), ce.terms)
  const result: CitationItem = {id: item.key}
  if (located.locator) {
    // An en dash between numbers or letters is a range, as Pandoc reads it: "123–129" collapses as "123-129" does.
    result.locator = located.locator.replace(/(?<=[\p{L}\p{N}])\u2013(?=[\p{L}\p{N}])/gu, '-')
    result.label = located.label ?? 'page'
  }
  if (item.prefix) result.prefix = markdownToCiteproc(item.prefix)
  if (located.suffix) result.suffix = markdownToCiteproc(located.suffix)
  if (item.mode === 'suppress-author') result['suppress-author'] = true
  return result
}

function warnUnknown(file: VFile, item: CiteItem, keys: Iterable<string>): void {
  const near = closest(item.key, keys)
  const hint = didYouMeanOf(near)
  const message = file.message(`Unknown citation key \`${item.key}\`${hint ? `, ${hint}` : ''}`, {
    place: item.position,
    ruleId: RULE_UNKNOWN_KEY,
    source: 'handout'
  })
  message.note = 'Add it to the bibliography, or fix the key. It is shown as `key?` in the output.'
  if (near.length) message.expected = near
}

function noteDefinition(identifier: string, html: string, cite: Cite): FootnoteDefinition {
  const note: CiteNote = {type: 'citeNote', value: html}
  if (cite.position) note.position = cite.position
  return {
    type: 'footnoteDefinition',
    identifier,
    label: identifier,
    children: [{type: 'paragraph', children: [note]}]
  }
}

/** `text [@a].` -> `text.[^n]` (Pandoc's notes-after-punctuation). */
function movePunctuation(entry: Entry): void {
  const siblings = entry.parent.children as RootContent[]
  const index = siblings.indexOf(entry.node)
  const next = siblings[index + 1]
  if (!next || next.type !== 'text') return
  const match = /^[.,;:!?]+/.exec(next.value)
  if (!match) return
  next.value = next.value.slice(match[0].length)
  const previous = siblings[index - 1]
  if (previous && previous.type === 'text') {
    previous.value = previous.value.replace(/\s+$/, '') + match[0]
  } else {
    const text: Text = {type: 'text', value: match[0]}
    siblings.splice(index, 0, text)
  }
}

function unnumbered(heading: Heading): void {
  const properties = heading.data?.hProperties ?? {}
  const value: unknown = properties.className
  const classes = Array.isArray(value) ? value.map(String) : typeof value === 'string' ? value.split(' ') : []
  heading.data = {...heading.data, hProperties: {...properties, className: ['unnumbered', ...classes.filter((c: string) => c !== 'unnumbered')]}}
}

/** Entries the style prints nothing for (Pandoc: "Bibliography entry with no printed form"); they stay, empty, as in Pandoc. */
function warnEmptyEntries(file: VFile, entries: BibEntry[]): void {
  const style = file.data.options!.style.name
  for (const {ids, html} of entries) {
    if (html) continue
    const key = ids[0]!
    const origin = file.data.library!.origins.get(key)
    const message = file.message(`Bibliography entry \`${key}\` prints as nothing in the style \`${style}\``, {ruleId: 'empty-entry', source: 'handout', place: origin?.place})
    if (origin) message.file = origin.file
    message.note = 'The style has no text for this reference: check its type and fields (an author or a title), or try another style'
  }
}

/** The keys of `nocite` that name an entry (`@*`: every entry). */
function nocited(file: VFile): string[] {
  const options = file.data.options!
  const library = file.data.library!
  const keys = options.nocite.includes('*') ? [...library.items.keys()] : options.nocite
  return keys.filter((key) => library.items.has(key))
}

function placeBibliography(tree: Root, file: VFile, ce: CiteEngine, cited: Set<string>): void {
  const options = file.data.options!
  if (options.suppressBibliography) return
  const extra = nocited(file).filter((key) => !cited.has(key))
  if (extra.length > 0) ce.engine.updateUncitedItems(extra)
  if (cited.size === 0 && extra.length === 0) return
  const result = ce.engine.makeBibliography()
  if (!result) return
  const [meta, html] = result
  const entries = bibliographyEntries(ce.engine, meta, html)
  warnEmptyEntries(file, entries)
  const bibliography: Bibliography = {
    type: 'bibliography',
    entries: entries.map(({ids, html}) => ({id: ids[0]!, html: html ? tidyPunctuation(html) : '<div class="csl-entry"></div>'})),
    hangingIndent: Boolean(meta.hangingindent),
    secondFieldAlign: meta['second-field-align'] || undefined,
    lineSpacing: meta.linespacing,
    entrySpacing: meta.entryspacing,
    classes: [],
    children: []
  }
  let placed = false
  let parent: Parents = tree
  visit(tree, 'fencedDiv', (node: FencedDiv, index, found) => {
    if (placed || node.identifier !== 'refs' || !found || index === undefined) return undefined
    bibliography.classes = node.classes
    bibliography.children = node.children
    if (node.position) bibliography.position = node.position
    ;(found.children as RootContent[]).splice(index, 1, bibliography)
    parent = found
    placed = true
    return SKIP
  })
  const title = options.referenceSectionTitle
  if (!placed) {
    // Pandoc: a document that ends with a heading gets the references under it, unnumbered.
    // Notes and link definitions are not blocks of the text (Pandoc keeps them apart).
    const last = tree.children.findLast((node) => node.type !== 'footnoteDefinition' && node.type !== 'definition')
    if (!title && last?.type === 'heading') unnumbered(last)
    tree.children.push(bibliography)
  }
  if (title) {
    let depth = 6
    visit(tree, 'heading', (h) => {
      depth = Math.min(depth, h.depth)
    })
    const heading: Heading = {
      type: 'heading',
      depth: (depth === 6 ? 1 : depth) as Heading['depth'],
      children: [{type: 'text', value: title}],
      data: {hProperties: {className: ['unnumbered']}}
    }
    const siblings = parent.children as RootContent[]
    siblings.splice(siblings.indexOf(bibliography), 0, heading)
  }
}

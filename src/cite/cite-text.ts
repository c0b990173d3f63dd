/**
 * A cluster's HTML as citeproc-js gives it, finished as Pandoc prints it:
 * citeproc-js's in-band errors and stray punctuation removed, the layout's
 * affixes put back around linked cites (and the writer's own words out of
 * the link), unknown keys' markers among the cites, a note's first letter
 * capitalised, and the punctuation around a citation in a note or before a
 * footnote moved as Pandoc moves it.
 */
import type {FootnoteDefinition, RootContent, Text} from 'mdast'
import type {CitationItem} from 'citeproc'
import type {Cite} from '../types.js'
import {escapeHtml} from '../escape.js'
import type {CiteEngine} from './engine.js'
import type {CiteNote} from './nodes.js'
import type {Entry} from './cite-items.js'

/**
 * With citeproc-js's citation wrapper on (link-citations), the layout's
 * prefix and suffix (`(` `)`) are left to the caller; put them back around
 * the linked part (after the author of a narrative citation).
 */
export function restoreAffixes(html: string, ce: CiteEngine): string {
  const {prefix, suffix} = layoutAffixes(ce)
  return prefix + html + suffix
}

/**
 * With link-citations, Pandoc links a cite's reference, not the words the
 * writer put around it: `(vgl. <a>Doe, 2000, p. 3</a>, emphasis added)`.
 * citeproc-js wraps the whole cite; the prefix and suffix are moved out of
 * the link where the link's text starts and ends with them as given.
 */
export function unlinkAffixes(html: string, items: CitationItem[]): string {
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
export function withMarkers(html: string, markers: string[], ce: CiteEngine, {prefix, suffix}: {prefix: string; suffix: string}, first: boolean): string {
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
export function layoutAffixes(ce: CiteEngine): {prefix: string; suffix: string} {
  const opt = (ce.engine as unknown as {citation: {opt: {layout_prefix?: string; layout_suffix?: string}}}).citation.opt
  return {prefix: opt.layout_prefix ?? '', suffix: opt.layout_suffix ?? ''}
}

/** Is the citation all there is in its note (but punctuation)? */
export function aloneInNote(entry: Entry): boolean {
  if (entry.parent.type !== 'paragraph') return false
  return entry.parent.children.every((child) => child === entry.node || (child.type === 'text' && /^[\s.,;:!?]*$/.test(child.value)))
}

/** `^[[@a].]`: the note citation ends with its own period; drop the one typed after it. */
export function dropFollowingPeriod(entry: Entry): void {
  const siblings = entry.parent.children as RootContent[]
  const next = siblings[siblings.indexOf(entry.node) + 1]
  if (next?.type === 'text') next.value = next.value.replace(/^\./, '')
}

/** The author part of a narrative citation; empty for styles that print no names (numeric). */
export function authorOnly(ce: CiteEngine, key: string, short = false): string {
  // Position 1 ("subsequent") gives the short name form of note styles.
  const html = ce.engine.makeCitationCluster([{id: key, 'author-only': true, ...(short ? {position: 1} : {})}])
  return html.includes('NO_PRINTED_FORM') ? '' : html
}

/** Does citeproc-js's output say an item had nothing to print? */
export function hasNoPrintedForm(html: string): boolean {
  return html.includes('NO_PRINTED_FORM') || html.includes('reference with no printed form')
}

/** citeproc-js's in-band error texts for entries with nothing to print. */
export function stripErrors(html: string): string {
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
export function capitalizeFirst(html: string): string {
  return html.replace(/^((?:<[^>]+>|\s)*)(\p{Ll})/u, (_all, lead: string, letter: string) => lead + letter.toUpperCase())
}

export function noteDefinition(identifier: string, html: string, cite: Cite): FootnoteDefinition {
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
export function movePunctuation(entry: Entry): void {
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

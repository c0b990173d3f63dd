/**
 * The document's cites as citeproc-js takes them: cite nodes in reading
 * order with their note numbers (collect), each cite item with its locator,
 * label, prefix and suffix (citationItem), unknown keys as warnings with the
 * closest keys.
 */
import type {Parents, Root} from 'mdast'
import type {CitationItem} from 'citeproc'
import type {VFile} from 'vfile'
import {SKIP, visit} from 'unist-util-visit'
import type {Cite, CiteItem} from '../types.js'
import {closest, didYouMeanOf} from '../errors.js'
import type {CiteEngine} from './engine.js'
import {parseLocator} from './locator.js'
import {markdownToCiteproc, smart} from './inline-markup.js'

export const RULE_UNKNOWN_KEY = 'unknown-key'

/** A cite node of the document, where it is, and the note number citeproc-js is given for it. */
export interface Entry {
  node: Cite
  parent: Parents
  noteIndex: number
  inNote: boolean
}

export /** Cites in reading order, each with the note number citeproc needs. */
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

/** One cite item for citeproc-js: the locator read from the suffix, as Pandoc reads it. */
export function citationItem(item: CiteItem, ce: CiteEngine): CitationItem {
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

/** An unknown key: a warning at its place, with the closest keys. */
export function warnUnknown(file: VFile, item: CiteItem, keys: Iterable<string>): void {
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

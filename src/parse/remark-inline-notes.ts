/**
 * remark plugin: Pandoc inline notes (`^[…]`) become GFM footnotes
 * (a reference where the note was, a definition at the end), numbered in
 * reading order together with `[^label]` notes.
 */
import type {FootnoteDefinition, FootnoteReference, PhrasingContent, Root} from 'mdast'
import type {Processor} from 'unified'
import {visit} from 'unist-util-visit'
import {inlineNoteFromMarkdown, inlineNoteSyntax, type InlineNote} from './inline-note-syntax.js'

export default function remarkInlineNotes(this: Processor) {
  const data = this.data()
  ;(data.micromarkExtensions ||= []).push(inlineNoteSyntax())
  ;(data.fromMarkdownExtensions ||= []).push(inlineNoteFromMarkdown())
  return (tree: Root) => {
    let count = 0
    const definitions: FootnoteDefinition[] = []
    visit(tree, 'inlineNote', (node: InlineNote, index, parent) => {
      if (!parent || index === undefined) return
      const identifier = `inline-note-${++count}`
      const reference: FootnoteReference = {type: 'footnoteReference', identifier, label: identifier}
      const definition: FootnoteDefinition = {
        type: 'footnoteDefinition',
        identifier,
        label: identifier,
        children: [{type: 'paragraph', children: node.children}]
      }
      if (node.position) {
        reference.position = node.position
        definition.position = node.position
      }
      trimEnds(node.children)
      parent.children.splice(index, 1, reference)
      definitions.push(definition)
    })
    tree.children.push(...definitions)
  }
}

/** A note's text starts and ends with its words, not with the line ending before its `]`. */
function trimEnds(children: PhrasingContent[]): void {
  const first = children[0]
  if (first?.type === 'text') first.value = first.value.replace(/^[ \t\r\n]+/, '')
  const last = children[children.length - 1]
  if (last?.type === 'text') last.value = last.value.replace(/[ \t\r\n]+$/, '')
}

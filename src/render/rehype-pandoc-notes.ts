/**
 * rehype plugin: give GFM footnotes Pandoc's classes and roles
 * (`a.footnote-ref[role=doc-noteref]`, `section.footnotes[role=doc-endnotes]`,
 * `a.footnote-back`), so stylesheets and tools written for Pandoc work.
 */
import type {Element, Root} from 'hast'
import {visit} from 'unist-util-visit'
import {classList} from '../parse/attributes.js'

function addClass(node: Element, name: string): void {
  const list = classList(node.properties)
  if (!list.includes(name)) list.push(name)
  node.properties.className = list
}

export default function rehypePandocNotes() {
  return (tree: Root) => {
    visit(tree, 'element', (node: Element) => {
      if (node.tagName === 'a' && node.properties.dataFootnoteRef !== undefined) {
        addClass(node, 'footnote-ref')
        node.properties.role = 'doc-noteref'
      } else if (node.tagName === 'a' && node.properties.dataFootnoteBackref !== undefined) {
        node.properties.className = ['footnote-back']
        node.properties.role = 'doc-backlink'
      } else if (node.tagName === 'section' && node.properties.dataFootnotes !== undefined) {
        addClass(node, 'footnotes')
        node.properties.role = 'doc-endnotes'
      }
    })
  }
}

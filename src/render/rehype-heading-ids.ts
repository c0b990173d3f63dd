/**
 * rehype plugin: Pandoc-style heading identifiers (`auto_identifiers`):
 * lower case, spaces to hyphens, punctuation dropped but `_-.`, leading
 * non-letters removed, `section` when empty, `-1`, `-2` for repeats.
 * Headings with an id keep it. Ids elsewhere are not reused, except that
 * of a div that becomes the heading's section.
 */
import type {Element, Root} from 'hast'
import {visit} from 'unist-util-visit'
import {toString} from './to-string.js'
import {sectionHeading} from './rehype-pandoc-sections.js'

export function pandocIdentifier(text: string): string {
  const id = text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}_\-.\s]/gu, '')
    .trim()
    .replace(/\s+/g, '-')
    .replace(/^[^\p{L}]+/u, '')
  return id || 'section'
}

export default function rehypeHeadingIds() {
  return (tree: Root) => {
    const used = new Set<string>()
    visit(tree, 'element', (node: Element) => {
      // A section's id is its heading's (rehype-pandoc-sections.ts): `::: {#intro}` then `# Intro`.
      if (typeof node.properties.id === 'string' && !sectionHeading(node)) used.add(node.properties.id)
    })
    visit(tree, 'element', (node: Element) => {
      if (!/^h[1-6]$/.test(node.tagName) || node.properties.id) return
      const base = pandocIdentifier(toString(node))
      let id = base
      for (let n = 1; used.has(id); n++) id = `${base}-${n}`
      used.add(id)
      node.properties.id = id
    })
  }
}

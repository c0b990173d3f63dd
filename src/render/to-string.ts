import type {Nodes} from 'hast'

/** Visible text of a hast node, skipping footnote calls. */
export function toString(node: Nodes): string {
  if (node.type === 'text') return node.value
  if (node.type === 'element' && (node.tagName === 'sup' || node.properties.dataFootnoteRef !== undefined)) return ''
  if ('children' in node) return node.children.map((child) => toString(child as Nodes)).join('')
  return ''
}

/**
 * rehype plugin: Pandoc's `Plain` blocks. A paragraph that Pandoc reads as
 * plain text (remark-pandoc-html.ts: text right before a block-level HTML
 * tag, `<td>*one*</td>`) is written without its `<p>`, its inlines in place.
 */
import type {Element, ElementContent, Root, RootContent} from 'hast'

declare module 'hast' {
  interface ElementData {
    /** Written without the element: its children take its place. */
    plain?: boolean
  }
}

export default function rehypePlain() {
  return (tree: Root) => {
    unwrap(tree)
  }
}

function unwrap(parent: Root | Element): void {
  let plain = false
  for (const child of parent.children) {
    if (child.type !== 'element') continue
    unwrap(child)
    if (child.data?.plain) plain = true
  }
  // Most parents hold none: their children stay as they are.
  if (!plain) return
  const children: Array<RootContent | ElementContent> = []
  for (const child of parent.children) {
    if (child.type === 'element' && child.data?.plain) children.push(...child.children)
    else children.push(child)
  }
  parent.children = children as typeof parent.children
}

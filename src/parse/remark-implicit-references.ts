/**
 * remark plugin: Pandoc's `implicit_header_references`. A heading can be
 * linked to by its text, as if a reference `[Heading]: #id` were defined:
 * `[My heading]`, `[My heading][]`, `[text][My heading]` (case and spaces
 * folded, as reference labels are). An explicit definition of the same
 * label wins: micromark has already made that a reference, so only
 * brackets it left as text are read here.
 */
import type {Heading, Link, Parent, PhrasingContent, Root, RootContent, Text} from 'mdast'
import {toString} from 'mdast-util-to-string'
import {visit} from 'unist-util-visit'
import {pandocIdentifier} from '../render/rehype-heading-ids.js'

/** `[text]`, `[text][]` or `[text][label]`, no brackets inside. */
const REFERENCE = /\[([^[\]\n]{1,999})\](?:\[([^[\]\n]{0,999})\])?/g

function fold(label: string): string {
  return label.replace(/\s+/g, ' ').trim().toLowerCase()
}

export default function remarkImplicitReferences() {
  return (tree: Root) => {
    const targets = new Map<string, string>()
    const used = new Set<string>()
    visit(tree, 'heading', (heading: Heading) => {
      const text = toString(heading)
      const given = heading.data?.hProperties?.id
      let id = typeof given === 'string' ? given : pandocIdentifier(text)
      if (typeof given !== 'string') for (let n = 1; used.has(id); n++) id = `${pandocIdentifier(text)}-${n}`
      used.add(id)
      const key = fold(text)
      if (key && !targets.has(key)) targets.set(key, id)
    })
    if (targets.size > 0) walk(tree, targets)
  }
}

function walk(parent: Parent, targets: Map<string, string>): void {
  const children: RootContent[] = []
  for (const child of parent.children as RootContent[]) {
    if (child.type === 'text' && child.value.includes('[')) children.push(...link(child, targets))
    else {
      if ('children' in child && child.type !== 'link' && child.type !== 'linkReference' && child.type !== 'heading') walk(child, targets)
      children.push(child)
    }
  }
  parent.children = children as never
}

/** A text node with its implicit references made links. */
function link(node: Text, targets: Map<string, string>): PhrasingContent[] {
  const out: PhrasingContent[] = []
  let last = 0
  for (const match of node.value.matchAll(REFERENCE)) {
    const [whole, text, label] = match
    const id = targets.get(fold(label ? label : text!))
    if (!id) continue
    if (match.index > last) out.push({type: 'text', value: node.value.slice(last, match.index)})
    const anchor: Link = {type: 'link', url: `#${id}`, children: [{type: 'text', value: text!}]}
    out.push(anchor)
    last = match.index + whole.length
  }
  if (last === 0) return [node]
  if (last < node.value.length) out.push({type: 'text', value: node.value.slice(last)})
  return out
}

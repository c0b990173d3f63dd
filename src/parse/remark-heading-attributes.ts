/**
 * remark plugin: Pandoc heading attributes, `# Title {#id .class key="value"}`.
 * The `{…}` at the end of a heading sets its id, classes and attributes. Its
 * quotes were read as smart quote marks (`quoteMark` nodes with their
 * characters), so the end of the heading is read across text and quote marks.
 */
import type {Heading, PhrasingContent, Root} from 'mdast'
import {visit} from 'unist-util-visit'
import {parseAttributes, toProperties} from './attributes.js'

export default function remarkHeadingAttributes() {
  return (tree: Root) => {
    visit(tree, 'heading', (heading: Heading) => {
      const children = heading.children as Array<PhrasingContent & {value?: string}>
      let first = children.length
      while (first > 0 && (children[first - 1]!.type === 'text' || children[first - 1]!.type === 'quoteMark')) first--
      const run = children.slice(first)
      if (run.length === 0) return
      const text = run.map((node) => node.value ?? '').join('')
      const match = /\s*(\{[^{}]*\})\s*$/.exec(text)
      if (!match || !/^\{\s*[#.\w-]/.test(match[1]!)) return
      // Cut the run at the match: the node it starts in keeps what comes before.
      let offset = 0
      let keep = first
      for (const node of run) {
        const length = (node.value ?? '').length
        if (offset + length > match.index) {
          if (node.type === 'text' && match.index > offset) {
            node.value = node.value!.slice(0, match.index - offset)
            keep++
          }
          break
        }
        offset += length
        keep++
      }
      heading.children = children.slice(0, keep) as PhrasingContent[]
      const attributes = parseAttributes(match[1]!)
      heading.data = {...heading.data, hProperties: {...heading.data?.hProperties, ...toProperties(attributes)}}
    })
  }
}

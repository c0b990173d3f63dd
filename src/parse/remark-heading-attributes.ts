/**
 * remark plugin: Pandoc heading attributes, `# Title {#id .class}`.
 * The `{…}` at the end of a heading sets its id and classes.
 */
import type {Root} from 'mdast'
import {visit} from 'unist-util-visit'
import {parseAttributes, toProperties} from './attributes.js'

export default function remarkHeadingAttributes() {
  return (tree: Root) => {
    visit(tree, 'heading', (heading) => {
      const last = heading.children[heading.children.length - 1]
      if (!last || last.type !== 'text') return
      const match = /\s*(\{[^{}]*\})\s*$/.exec(last.value)
      if (!match || !/^\{\s*[#.\w-]/.test(match[1]!)) return
      const attributes = parseAttributes(match[1]!)
      last.value = last.value.slice(0, match.index)
      heading.data = {...heading.data, hProperties: {...heading.data?.hProperties, ...toProperties(attributes)}}
    })
  }
}

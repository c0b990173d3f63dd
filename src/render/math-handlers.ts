/**
 * mdast-util-to-hast handlers for math: Pandoc's HTML for it
 * (`span.math.inline` holding `\(…\)`, `span.math.display` holding `\[…\]`,
 * as `pandoc --mathjax` writes), with the TeX kept in `data-tex`.
 * rehype-katex.ts then renders it.
 */
import type {Element} from 'hast'
import type {Handler, State} from 'mdast-util-to-hast'
import type {DisplayMath, InlineMath} from '../parse/math-syntax.js'

function math(state: State, node: InlineMath | DisplayMath, display: boolean): Element {
  const result: Element = {
    type: 'element',
    tagName: 'span',
    properties: {className: ['math', display ? 'display' : 'inline'], dataTex: node.value},
    children: [{type: 'text', value: display ? `\\[${node.value}\\]` : `\\(${node.value}\\)`}]
  }
  state.patch(node, result)
  return result
}

export const mathHandlers = {
  inlineMath: (state: State, node: InlineMath) => math(state, node, false),
  displayMath: (state: State, node: DisplayMath) => math(state, node, true)
} as unknown as Record<string, Handler>

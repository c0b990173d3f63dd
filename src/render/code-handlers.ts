/**
 * mdast-util-to-hast handlers for code, as Pandoc writes it before
 * highlighting: `<pre id class="python numberLines" data-…><code>…</code></pre>`
 * and `<code class="python">…</code>`, the attributes from
 * remark-code-attributes.ts. rehype-highlight.ts then highlights what it can.
 */
import type {Element} from 'hast'
import type {Code, InlineCode} from 'mdast'
import type {Handler, State} from 'mdast-util-to-hast'
import {toProperties} from '../parse/attributes.js'

function code(state: State, node: Code): Element {
  const attributes = node.data?.attributes
  const value = node.value ? node.value + '\n' : ''
  const inner: Element = {type: 'element', tagName: 'code', properties: {}, children: [{type: 'text', value: value.replace(/\n$/, '')}]}
  const result: Element = {type: 'element', tagName: 'pre', properties: attributes ? toProperties(attributes) : {}, children: [inner]}
  state.patch(node, result)
  return result
}

function inlineCode(state: State, node: InlineCode): Element {
  const attributes = node.data?.attributes
  const result: Element = {
    type: 'element',
    tagName: 'code',
    properties: attributes ? toProperties(attributes) : {},
    children: [{type: 'text', value: node.value.replace(/\r?\n|\r/g, ' ')}]
  }
  state.patch(node, result)
  return result
}

export const codeHandlers = {code, inlineCode} as unknown as Record<string, Handler>

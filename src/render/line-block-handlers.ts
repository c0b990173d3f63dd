/** Line blocks as Pandoc writes them: `<div class="line-block">one<br />\ntwo</div>`. */
import type {Element, ElementContent} from 'hast'
import type {Handler, State} from 'mdast-util-to-hast'
import type {LineBlock} from '../parse/line-block-syntax.js'

const lineBlock: Handler = (state: State, given): Element => {
  const node = given as LineBlock
  const children: ElementContent[] = []
  node.children.forEach((line, index) => {
    if (index > 0) children.push({type: 'element', tagName: 'br', properties: {}, children: []}, {type: 'text', value: '\n'})
    children.push(...state.all(line))
  })
  const result: Element = {type: 'element', tagName: 'div', properties: {className: ['line-block']}, children}
  state.patch(given, result)
  return result
}

export const lineBlockHandlers: Record<string, Handler> = {lineBlock}

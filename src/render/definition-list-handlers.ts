/**
 * hast handlers for definition lists (mdast-util-definition-list's nodes).
 * Its own `dd` handler unwraps every paragraph of a tight definition, which
 * runs a definition's paragraphs together; here, as in Pandoc, only the
 * first paragraph of a tight definition (no blank line before its `:`) is
 * unwrapped, and the others stay paragraphs.
 */
import type {Element, ElementContent} from 'hast'
import type {Handler, State} from 'mdast-util-to-hast'
import type {Parent} from 'mdast'
import {defListHastHandlers} from 'mdast-util-definition-list'

const description: Handler = (state: State, given): Element => {
  const node = given as Parent & {spread?: boolean}
  const blocks = state.all(given)
  const children: ElementContent[] = []
  blocks.forEach((child, index) => {
    const tight = index === 0 && !node.spread && child.type === 'element' && child.tagName === 'p'
    if (tight) children.push(...(child as Element).children)
    else children.push({type: 'text', value: '\n'}, child)
  })
  if (children.length > 0 && (node.spread || blocks.length > 1)) children.push({type: 'text', value: '\n'})
  const result: Element = {type: 'element', tagName: 'dd', properties: {}, children}
  state.patch(given, result)
  return result
}

export const definitionListHandlers: Record<string, Handler> = {...defListHastHandlers, defListDescription: description}

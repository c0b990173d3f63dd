/**
 * mdast-util-to-hast handlers for handout's nodes: `cite`, `citeNote`,
 * `fencedDiv`, `bibliography`. Citeproc HTML becomes hast through the
 * cleaning parser of cite/citeproc-html.ts (it is made from untrusted fields),
 * and every element keeps the position of the node it came from.
 */
import type {Element, ElementContent, Properties} from 'hast'
import type {Handler, State} from 'mdast-util-to-hast'
import type {Paragraph} from 'mdast'
import type {Cite} from '../types.js'
import type {Bibliography, CiteNote, FencedDiv} from '../cite/nodes.js'
import {citeprocFragment} from '../cite/citeproc-html.js'
import {mathHandlers} from './math-handlers.js'
import {codeHandlers} from './code-handlers.js'
import {lineBlockHandlers} from './line-block-handlers.js'
import {tableHandlers} from './table-handlers.js'
import {definitionListHandlers} from './definition-list-handlers.js'
import {toProperties} from '../parse/attributes.js'

/** Citeproc HTML as hast (a copy each time). */
type Fragment = (html: string) => ElementContent[]

/** Parsed citeproc strings kept by one processor (bounded: cleared when full). */
const FRAGMENTS_KEPT = 20_000

const cite = (fragment: Fragment): Handler => (state: State, node: Cite): Element => {
  // Unrendered (no citeproc run): the source text, as Pandoc leaves it.
  const children: ElementContent[] = node.rendered !== undefined ? fragment(node.rendered) : [{type: 'text', value: node.value}]
  if (node.note) {
    const reference = state.handlers.footnoteReference!(state, {type: 'footnoteReference', identifier: node.note, label: node.note}, undefined)
    if (reference) children.push(...(Array.isArray(reference) ? reference : [reference]) as ElementContent[])
  }
  const result: Element = {
    type: 'element',
    tagName: 'span',
    properties: {className: ['citation'], dataCites: node.citations.map((c) => c.key).join(' ')},
    children
  }
  state.patch(node, result)
  return result
}

const citeNote = (fragment: Fragment): Handler => (_state: State, node: CiteNote): ElementContent[] => fragment(node.value)

/** A paragraph marked plain (remark-pandoc-html.ts: Pandoc's `Plain`) is marked for rehype-plain.ts, which unwraps it. */
const paragraph: Handler = (state: State, node: Paragraph): Element => {
  const result: Element = {type: 'element', tagName: 'p', properties: {}, children: state.all(node)}
  if (node.data?.plain) result.data = {plain: true} as Element['data']
  state.patch(node, result)
  return state.applyData(node, result)
}

const fencedDiv: Handler = (state: State, node: FencedDiv): Element => {
  const properties = toProperties({id: node.identifier, classes: node.classes, attributes: node.attributes})
  const result: Element = {type: 'element', tagName: 'div', properties, children: state.wrap(state.all(node), true), data: {fencedDiv: true} as Element['data']}
  state.patch(node, result)
  return result
}

const bibliography = (fragment: Fragment): Handler => (state: State, node: Bibliography): Element => {
  const entries: ElementContent[] = []
  for (const entry of node.entries) {
    for (const child of fragment(entry.html.trim())) {
      if (child.type !== 'element') continue
      child.properties = {...child.properties, id: `ref-${entry.id}`, role: 'listitem'}
      separateLabel(child)
      entries.push({type: 'text', value: '\n'}, child)
    }
  }
  const classes = [...node.classes.filter((c) => c !== 'references' && c !== 'csl-bib-body'), 'references', 'csl-bib-body']
  if (node.hangingIndent) classes.push('hanging-indent')
  const properties: Properties = {id: 'refs', className: classes, role: 'list'}
  if (node.lineSpacing && node.lineSpacing !== 1) properties.dataLineSpacing = String(node.lineSpacing)
  if (node.entrySpacing) properties.dataEntrySpacing = String(node.entrySpacing)
  if (node.secondFieldAlign) properties.dataSecondFieldAlign = node.secondFieldAlign
  const result: Element = {
    type: 'element',
    tagName: 'div',
    properties,
    children: [...state.wrap(state.all(node), true), ...entries, {type: 'text', value: '\n'}]
  }
  state.patch(node, result)
  return result
}

/** `[1]` then the entry: citeproc-js leaves no space after the label; Pandoc has one. */
function separateLabel(entry: Element): void {
  for (const child of entry.children) {
    if (child.type !== 'element' || !(child.properties.className as string[] | undefined)?.includes('csl-left-margin')) continue
    const last = child.children[child.children.length - 1]
    if (last?.type === 'text' && !/\s$/.test(last.value)) last.value += ' '
  }
}

/**
 * The handlers of one processor. Citeproc strings it has parsed are kept for
 * its next documents and rebuilds: a long document repeats its citations, a
 * batch its references, and a rebuild (--watch, the preview) all of them.
 */
export function createHandlers(): Record<string, Handler> {
  const parsed = new Map<string, ElementContent[]>()
  const fragment: Fragment = (html) => {
    if (parsed.size >= FRAGMENTS_KEPT) parsed.clear()
    return citeprocFragment(html, parsed)
  }
  return {
    paragraph,
    cite: cite(fragment),
    citeNote: citeNote(fragment),
    fencedDiv,
    bibliography: bibliography(fragment),
    ...mathHandlers,
    ...codeHandlers,
    ...lineBlockHandlers,
    ...tableHandlers,
    ...definitionListHandlers
  } as unknown as Record<string, Handler>
}

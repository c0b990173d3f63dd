/**
 * rehype plugin: syntax highlighting at build time, with lowlight
 * (highlight.js's grammars, 192 languages), written as Pandoc writes
 * highlighted code so that Pandoc's stylesheets and ours style both:
 *
 *     <div class="sourceCode" id="cb1"><pre class="sourceCode python"><code class="sourceCode python">
 *     <span id="cb1-1"><a href="#cb1-1" aria-hidden="true" tabindex="-1"></a><span class="kw">def</span> …</span>
 *
 * Tokens carry Pandoc's (skylighting's) short classes (`kw`, `st`, `co`…).
 * `.numberLines` (or `.number-lines`) numbers the lines from `startFrom`;
 * the numbers are written as `data-line` at build time (CSS counters
 * restart on each printed page). Code in a language lowlight does not know
 * stays as it is, as Pandoc leaves it.
 */
import type {Element, ElementContent, Root, Text} from 'hast'
import type {VFile} from 'vfile'
import {visit} from 'unist-util-visit'

type Lowlight = ReturnType<typeof import('lowlight').createLowlight>

/** highlight.js scopes -> skylighting's token classes. */
const TOKEN: Record<string, string> = {
  keyword: 'kw', built_in: 'bu', type: 'dt', literal: 'cn', number: 'dv', string: 'st', regexp: 'ss', symbol: 'ss',
  subst: 'va', char: 'ch', 'char.escape': 'sc', comment: 'co', doctag: 'do', meta: 'pp', 'meta keyword': 'pp',
  'meta string': 'st', title: 'fu', 'title.function': 'fu', 'title.class': 'dt', 'title.class.inherited': 'dt',
  function: 'fu', params: 'va', variable: 'va', 'variable.language': 'bu', 'variable.constant': 'cn',
  'template-variable': 'va', property: 'va', attr: 'at', attribute: 'at', tag: 'kw', name: 'kw', 'selector-tag': 'kw',
  'selector-id': 'at', 'selector-class': 'at', 'selector-attr': 'at', 'selector-pseudo': 'at', operator: 'op',
  punctuation: 'ot', section: 'fu', bullet: 'ot', link: 'ot', emphasis: 'ot', strong: 'ot', quote: 'co',
  addition: 'va', deletion: 'er', code: 'vs', formula: 'ot', class: 'dt'
}

export default function rehypeHighlight() {
  // One highlighter per processor (a build's documents share it): compiling
  // highlight.js's grammars costs about 100 ms.
  let highlighter: Promise<Lowlight> | undefined
  return async (tree: Root, _file: VFile) => {
    const blocks: Array<{pre: Element; code: Element; language: string}> = []
    const inline: Array<{code: Element; language: string}> = []
    visit(tree, 'element', (element: Element, _index, parent) => {
      if (element.tagName === 'pre') {
        const code = element.children.find((c): c is Element => c.type === 'element' && c.tagName === 'code')
        const language = firstClass(element)
        if (code && language) blocks.push({pre: element, code, language})
        return 'skip'
      }
      if (element.tagName === 'code' && (parent as Element | undefined)?.tagName !== 'pre') {
        const language = firstClass(element)
        if (language) inline.push({code: element, language})
      }
      return undefined
    })
    if (blocks.length === 0 && inline.length === 0) return
    highlighter ??= import('lowlight').then(({createLowlight, all}) => createLowlight(all))
    const lowlight = await highlighter
    let count = 0
    for (const {pre, code, language} of blocks) {
      count++
      if (!lowlight.registered(language)) continue
      block(lowlight, pre, code, language, count)
    }
    for (const {code, language} of inline) {
      if (!lowlight.registered(language)) continue
      code.properties.className = ['sourceCode', ...classes(code)]
      code.children = tokens(lowlight, language, text(code))
    }
  }
}

function classes(element: Element): string[] {
  const className = element.properties.className
  return Array.isArray(className) ? className.map(String) : []
}

/** The language: the first class that is not one of Pandoc's options. */
function firstClass(element: Element): string | undefined {
  return classes(element).find((c) => !['numberLines', 'number-lines', 'sourceCode'].includes(c))
}

function text(element: Element): string {
  return element.children.map((c) => (c.type === 'text' ? c.value : c.type === 'element' ? text(c) : '')).join('')
}

/** Rewrite one `pre` into Pandoc's `div.sourceCode`, in place. */
function block(lowlight: Lowlight, pre: Element, code: Element, language: string, count: number): void {
  const preClasses = classes(pre)
  const numbered = preClasses.includes('numberLines') || preClasses.includes('number-lines')
  const id = typeof pre.properties.id === 'string' ? pre.properties.id : `cb${count}`
  const startKey = Object.keys(pre.properties).find((key) => /^(data-?)?start-?from$/i.test(key))
  const start = Number.parseInt(String(startKey ? pre.properties[startKey] : '1'), 10) || 1
  const lines = split(tokens(lowlight, language, text(code)))
  const children: ElementContent[] = []
  lines.forEach((line, index) => {
    const lineId = `${id}-${index + 1}`
    const anchor: Element = {type: 'element', tagName: 'a', properties: {href: `#${lineId}`, ariaHidden: 'true', tabIndex: -1}, children: []}
    if (numbered) anchor.properties.dataLine = String(start + index)
    if (index > 0) children.push({type: 'text', value: '\n'})
    children.push({type: 'element', tagName: 'span', properties: {id: lineId}, children: [anchor, ...line]})
  })
  const rest = preClasses.filter((c) => c !== language)
  const {id: _id, className: _className, ...attributes} = pre.properties
  const innerPre: Element = {
    type: 'element',
    tagName: 'pre',
    properties: {...attributes, className: ['sourceCode', ...(numbered ? ['numberSource'] : []), language, ...rest]},
    children: [{type: 'element', tagName: 'code', properties: {className: ['sourceCode', language]}, children}]
  }
  if (pre.position) innerPre.position = pre.position
  pre.tagName = 'div'
  pre.properties = {className: ['sourceCode'], id}
  pre.children = [innerPre]
}

/** lowlight's tokens for `value`, with Pandoc's classes. */
function tokens(lowlight: Lowlight, language: string, value: string): ElementContent[] {
  return convert(lowlight.highlight(language, value).children as ElementContent[], undefined)
}

function convert(nodes: ElementContent[], inherited: string | undefined): ElementContent[] {
  const out: ElementContent[] = []
  for (const node of nodes) {
    if (node.type !== 'element') {
      if (node.type === 'text') out.push(inherited ? span(inherited, [node]) : node)
      continue
    }
    const scope = classes(node)
      .map((c) => c.replace(/^hljs-/, ''))
      .join('.')
      .replace(/_$/, '')
      .replace(/\.(\w+)_$/, '.$1')
    const token = TOKEN[scope] ?? TOKEN[scope.split('.')[0]!] ?? inherited
    out.push(...convert(node.children, token))
  }
  return out
}

function span(token: string, children: ElementContent[]): Element {
  return {type: 'element', tagName: 'span', properties: {className: [token]}, children}
}

/** Flat tokens split into lines at each newline (a token may span lines). */
function split(nodes: ElementContent[]): ElementContent[][] {
  const lines: ElementContent[][] = [[]]
  for (const node of nodes) {
    const token = node.type === 'element' ? classes(node)[0] : undefined
    const value = node.type === 'text' ? node.value : node.type === 'element' ? text(node) : ''
    value.split('\n').forEach((part, index) => {
      if (index > 0) lines.push([])
      if (!part) return
      const piece: Text = {type: 'text', value: part}
      lines[lines.length - 1]!.push(token ? span(token, [piece]) : piece)
    })
  }
  return lines
}

/**
 * remark plugin: raw HTML read as Pandoc reads it (`markdown_in_html_blocks`):
 *
 * - Markdown between block-level tags is read as Markdown: `<td>*one*</td>`
 *   is a cell holding emphasis, `<details>…</details>` holds paragraphs.
 *   The tags stay raw HTML, one `html` node each; `<pre>`, `<script>`,
 *   `<style>` and `<textarea>` keep their content verbatim. After a tag
 *   other than `<div>`, the spaces before the content are not indentation
 *   (`<td>    *one*</td>` is no code block).
 * - Text right before a block-level tag, with no blank line between, is a
 *   plain block, not a paragraph (`<td>one</td>`, `Text\n<section>`), except
 *   before `</div>`, as in Pandoc, whose HTML writer then leaves out the `<p>`.
 * - A comment, a processing instruction or a declaration does not interrupt
 *   a paragraph (html-flow-syntax.ts).
 *
 * The Markdown inside is parsed by this processor's parser and put in place
 * before the other transforms run (this plugin's transform comes first).
 */
import type {Html, Nodes, Paragraph, Parent, Root, RootContent} from 'mdast'
import type {Point, Position} from 'unist'
import type {Processor} from 'unified'
import {htmlFlowSyntax} from './html-flow-syntax.js'

declare module 'mdast' {
  interface ParagraphData {
    /** Written without `<p>`: Pandoc's `Plain`. */
    plain?: boolean
  }
}

/** Pandoc's block-level HTML tags (Text.Pandoc.Readers.HTML's blockHtmlTags, less the verbatim ones). */
const BLOCK = new Set(
  (
    'address article aside blockquote body canvas caption center col colgroup dd details dialog dir div dl dt fieldset ' +
    'figcaption figure footer form h1 h2 h3 h4 h5 h6 head header hgroup hr html li main menu nav noscript ol optgroup ' +
    'option p section summary table tbody td tfoot th thead title tr ul'
  ).split(' ')
)

/** Tags whose content is never Markdown. */
const VERBATIM = new Set(['pre', 'script', 'style', 'textarea'])

/** A start or end tag; attribute values may hold `>` inside quotes. */
const TAG = /<(\/?)([A-Za-z][A-Za-z0-9-]*)(?:\s(?:[^<>"']|"[^"]*"|'[^']*')*)?\/?>/g

/** Characters of one HTML block read this way; longer ones stay raw. */
const MAX_BLOCK = 200_000

export default function remarkPandocHtml(this: Processor) {
  ;(this.data().micromarkExtensions ||= []).push(htmlFlowSyntax())
  const processor = this
  return (tree: Root) => {
    walk(tree, (text) => processor.parse(text) as Root)
  }
}

type Parse = (text: string) => Root

function walk(parent: Parent, parse: Parse): void {
  const children = parent.children as RootContent[]
  // Most parents hold no HTML: only their children are looked into.
  if (!children.some((child) => child.type === 'html')) {
    for (const child of children) if ('children' in child && child.type !== 'paragraph' && child.type !== 'heading') walk(child as Parent, parse)
    return
  }
  const output: RootContent[] = []
  for (const [index, child] of children.entries()) {
    if (child.type === 'html' && startsWithBlockTag(child.value)) {
      output.push(...split(child, children[index + 1], parse))
      continue
    }
    if (child.type === 'paragraph' && beforeBlockTag(child, children[index + 1])) child.data = {...child.data, plain: true}
    if ('children' in child && child.type !== 'paragraph' && child.type !== 'heading') walk(child as Parent, parse)
    output.push(child)
  }
  parent.children = output as Parent['children']
}

function tagName(value: string): {name: string; closing: boolean} | undefined {
  const match = /^<(\/?)([A-Za-z][A-Za-z0-9-]*)/.exec(value)
  return match ? {name: match[2]!.toLowerCase(), closing: match[1] === '/'} : undefined
}

function startsWithBlockTag(value: string): boolean {
  const tag = tagName(value)
  return tag !== undefined && BLOCK.has(tag.name) && value.length <= MAX_BLOCK
}

/** A paragraph on the line right before a block-level tag other than `</div>`. */
function beforeBlockTag(paragraph: Paragraph, next: RootContent | undefined): boolean {
  if (next?.type !== 'html' || !paragraph.position || !next.position) return false
  if (next.position.start.line !== paragraph.position.end.line + 1) return false
  const tag = tagName(next.value)
  if (!tag || !(BLOCK.has(tag.name) || VERBATIM.has(tag.name))) return false
  return !(tag.closing && tag.name === 'div')
}

/** One HTML block as its block-level tags (raw) and the Markdown between them. */
function split(node: Html, next: RootContent | undefined, parse: Parse): RootContent[] {
  const value = node.value
  const output: RootContent[] = []
  // The block ended at a blank line (not at the end of its parent): its last text is a paragraph.
  const blankAfter = next?.position && node.position ? next.position.start.line > node.position.end.line + 1 : false
  let raw = ''
  let rawStart = 0
  let last = 0
  let previous: {name: string; closing: boolean} | undefined
  const flushRaw = () => {
    if (raw) output.push(html(node, raw, rawStart))
    raw = ''
  }
  TAG.lastIndex = 0
  for (let match = TAG.exec(value); match; match = TAG.exec(value)) {
    const name = match[2]!.toLowerCase()
    const closing = match[1] === '/'
    const verbatim = VERBATIM.has(name) && !closing
    if (!verbatim && !BLOCK.has(name)) continue
    let tag = match[0]
    if (verbatim) {
      // Kept as written, up to and with its end tag.
      const end = value.toLowerCase().indexOf(`</${name}`, TAG.lastIndex)
      TAG.lastIndex = end < 0 ? value.length : value.indexOf('>', end) + 1 || value.length
      tag = value.slice(match.index, TAG.lastIndex)
    }
    const text = value.slice(last, match.index)
    if (text.trim()) {
      flushRaw()
      output.push(...markdown(node, text, last, previous, {name, closing}, false, parse))
    }
    if (!raw) rawStart = match.index
    raw += (raw ? '\n' : '') + tag
    last = TAG.lastIndex
    previous = {name, closing}
  }
  const rest = value.slice(last)
  if (rest.trim()) {
    flushRaw()
    output.push(...markdown(node, rest, last, previous, undefined, blankAfter, parse))
  }
  flushRaw()
  return output
}

function html(node: Html, value: string, offset: number): Html {
  const result: Html = {type: 'html', value}
  if (node.position) result.position = {start: pointAt(node, offset), end: pointAt(node, offset + value.length)}
  return result
}

/** The text at `offset` in `node.value`, read as Markdown blocks in place. */
function markdown(
  node: Html,
  text: string,
  offset: number,
  before: {name: string; closing: boolean} | undefined,
  after: {name: string; closing: boolean} | undefined,
  blankAfter: boolean,
  parse: Parse
): RootContent[] {
  let source = text
  let shift = 0
  if (before && before.name !== 'div') {
    // Pandoc: spaces after a tag are not indentation, nor is the next line's indent when the tag ends its line.
    const lead = /^[ \t]*/.exec(source)![0].length
    source = source.slice(lead)
    shift = lead
    if (source.startsWith('\n')) {
      const indent = /^\n([ \t]*)/.exec(source)![1]!.length
      if (indent > 0) source = source.replace(new RegExp(`\\n[ \\t]{0,${indent}}`, 'g'), '\n')
    }
  }
  const tree = parse(source)
  const start = pointAt(node, offset + shift)
  const children = tree.children.filter((child) => child.type !== 'yaml')
  for (const child of children) move(child, start)
  const final = children[children.length - 1]
  if (final?.type === 'paragraph') {
    // A paragraph ends at a blank line, or at a newline right before `</div>` (not indented); else it is plain.
    const para = blankAfter || (after?.closing === true && after.name === 'div' && text.endsWith('\n'))
    if (!para) final.data = {...final.data, plain: true}
  }
  return children
}

/** The point at `offset` in the node's value (columns are exact on the node's first line and in top-level blocks). */
function pointAt(node: Html, offset: number): Point {
  const start = node.position!.start
  const before = node.value.slice(0, offset)
  const lines = before.split('\n')
  const line = start.line + lines.length - 1
  const column = lines.length === 1 ? start.column + offset : lines[lines.length - 1]!.length + 1
  return {line, column, offset: start.offset === undefined ? undefined : start.offset + offset}
}

/** Put positions parsed from a fragment at `start` of the document. */
function move(node: Nodes, start: Point): void {
  const shift = (point: Point): Point => ({
    line: point.line + start.line - 1,
    column: point.line === 1 ? point.column + start.column - 1 : point.column,
    offset: point.offset === undefined || start.offset === undefined ? undefined : point.offset + start.offset
  })
  const moved = (position: Position | undefined): Position | undefined => position && {start: shift(position.start), end: shift(position.end)}
  if (node.position) node.position = moved(node.position)
  // A citation's keys keep their own places (for messages about each key).
  if (node.type === 'cite') for (const item of node.citations) item.position = moved(item.position)
  if ('children' in node) for (const child of node.children) move(child, start)
}

/**
 * remark plugin: Pandoc's ordered lists (fancy-list-syntax.ts) as Pandoc's
 * HTML5 writer writes them: `<ol type="a">`, `<ol start="4" type="A">`, and
 * example lists `<ol class="example" type="1">` numbered through the
 * document, whose labels (`(@good)`) elsewhere in the text become their
 * numbers instead of citations. Lists and block quotes need a blank line
 * before them, as in Pandoc.
 */
import type {List, ListItem, Root, RootContent} from 'mdast'
import type {CompileContext, Token} from 'mdast-util-from-markdown'
import type {Processor} from 'unified'
import {visit} from 'unist-util-visit'
import {fancyList} from './fancy-list-syntax.js'
import {blockQuoteBlankSyntax} from './block-quote-blank.js'

declare module 'mdast' {
  interface ListData {
    /** The marker's style (`lower-roman`, `example`…). */
    listStyle?: string
  }
  interface ListItemData {
    /** An example item's label, `good` for `(@good)`. */
    exampleLabel?: string
  }
}

const HTML_TYPE: Record<string, string> = {'lower-alpha': 'a', 'upper-alpha': 'A', 'lower-roman': 'i', 'upper-roman': 'I', example: '1'}

/** The first marker's number: `iv` is 4, `c` is 3. */
function numberOf(value: string, style: string): number | undefined {
  if (style === 'decimal') return Number.parseInt(value, 10)
  if (style.endsWith('alpha')) return value.toLowerCase().charCodeAt(0) - 96
  if (style.endsWith('roman')) {
    const digits: Record<string, number> = {i: 1, v: 5, x: 10, l: 50, c: 100, d: 500, m: 1000}
    const numbers = [...value.toLowerCase()].map((c) => digits[c]!)
    return numbers.reduce((total, n, i) => total + (n < (numbers[i + 1] ?? 0) ? -n : n), 0)
  }
  return undefined
}

export default function remarkFancyLists(this: Processor) {
  const data = this.data()
  const codes = [...'0123456789#(@abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ*+-'].map((c) => c.charCodeAt(0))
  ;(data.micromarkExtensions ||= []).push(
    {disable: {null: ['list']}, document: Object.fromEntries(codes.map((code) => [code, fancyList]))},
    blockQuoteBlankSyntax()
  )
  ;(data.fromMarkdownExtensions ||= []).push({
    enter: {
      fancyListValue(this: CompileContext, token: Token) {
        const item = this.stack[this.stack.length - 1] as ListItem
        const list = this.stack[this.stack.length - 2] as List
        const style = token._listStyle ?? 'decimal'
        const value = this.sliceSerialize(token)
        if (style === 'example') item.data = {...item.data, exampleLabel: value.slice(1)}
        if (!this.data.expectingFirstListItemValue) return
        this.data.expectingFirstListItemValue = undefined
        list.data = {...list.data, listStyle: style}
        const start = numberOf(value, style)
        if (start !== undefined) list.start = start
        // Pandoc writes `type="1"` for `1)` and `(1)`, not for `1.`.
        const type = HTML_TYPE[style] ?? (style === 'decimal' && token._listDelimiter !== '.' ? '1' : undefined)
        if (type) list.data.hProperties = {...(style === 'example' ? {className: ['example']} : {}), type}
      }
    }
  })
  return (tree: Root) => numberExamples(tree)
}

/** Example items numbered in reading order; `@label` citations that name one become its number. */
function numberExamples(tree: Root): void {
  const labels = new Map<string, number>()
  let count = 0
  visit(tree, 'list', (list: List) => {
    if (list.data?.listStyle !== 'example') return
    list.start = count + 1
    for (const item of list.children) {
      count++
      const label = item.data?.exampleLabel
      if (label && !labels.has(label)) labels.set(label, count)
    }
  })
  if (labels.size === 0) return
  visit(tree, 'cite', (node, index, parent) => {
    if (!parent || index === undefined) return
    const numbers = node.citations.map((c) => labels.get(c.key))
    if (numbers.some((n) => n === undefined)) return
    const text = node.citations.length === 1 && node.citations[0]!.mode === 'author-in-text' ? String(numbers[0]) : `(${numbers.join('; ')})`
    ;(parent.children as RootContent[]).splice(index, 1, {type: 'text', value: text, position: node.position} as RootContent)
  })
}

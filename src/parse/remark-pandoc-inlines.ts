/**
 * remark plugin: Pandoc's inline extensions that CommonMark lacks:
 * superscript and subscript (script-syntax.ts), bracketed spans
 * (span-syntax.ts) and attributes on links, images and autolinks
 * (attribute-syntax.ts). They become mdast nodes with `data.hName` and
 * `data.hProperties`, written as Pandoc's HTML5 writer writes them
 * (`[x]{.underline}` is `<u>`, `[x]{.mark}` is `<mark>`).
 */
import type {Data, Image, InlineCode, Link, Parent, PhrasingContent} from 'mdast'
import type {CompileContext, Extension as FromMarkdownExtension, Token} from 'mdast-util-from-markdown'
import type {Properties} from 'hast'
import type {Processor} from 'unified'
import {linkAttributesSyntax} from './attribute-syntax.js'
import {parseAttributes, toProperties} from './attributes.js'
import {scriptSyntax} from './script-syntax.js'
import {spanSyntax} from './span-syntax.js'
import {lineBreakSyntax} from './line-break-syntax.js'

export interface BracketedSpan extends Parent {
  type: 'bracketedSpan'
  children: PhrasingContent[]
}

export interface Superscript extends Parent {
  type: 'superscript'
  children: PhrasingContent[]
}

export interface Subscript extends Parent {
  type: 'subscript'
  children: PhrasingContent[]
}

declare module 'mdast' {
  interface PhrasingContentMap {
    bracketedSpan: BracketedSpan
    superscript: Superscript
    subscript: Subscript
  }
  interface RootContentMap {
    bracketedSpan: BracketedSpan
    superscript: Superscript
    subscript: Subscript
  }
}

export interface RemarkPandocInlinesOptions {
  /** `^sup^` and `~sub~`; default true. */
  scripts?: boolean
  /** `[text]{.class}`; default true. */
  spans?: boolean
  /** `{…}` after links and images; default true. */
  linkAttributes?: boolean
}

export default function remarkPandocInlines(this: Processor, options: RemarkPandocInlinesOptions = {}): void {
  const data = this.data()
  const micromark = (data.micromarkExtensions ||= [])
  if (options.scripts !== false) micromark.push(scriptSyntax())
  if (options.spans !== false) micromark.push(spanSyntax())
  if (options.linkAttributes !== false) micromark.push(linkAttributesSyntax())
  micromark.push(lineBreakSyntax())
  ;(data.fromMarkdownExtensions ||= []).push(fromMarkdown())
}

function fromMarkdown(): FromMarkdownExtension {
  const opener = (type: 'bracketedSpan' | 'superscript' | 'subscript', hName: string) =>
    function (this: CompileContext, token: Token) {
      this.enter({type, children: [], data: {hName}} as never, token)
    }
  const closer = function (this: CompileContext, token: Token) {
    this.exit(token)
  }
  return {
    canContainEols: ['bracketedSpan'],
    enter: {
      bracketedSpan: opener('bracketedSpan', 'span'),
      superscript: opener('superscript', 'sup'),
      subscript: opener('subscript', 'sub'),
      pandocLineBreak(this: CompileContext, token: Token) {
        this.enter({type: 'break'}, token)
      }
    },
    exit: {
      bracketedSpan: closer,
      superscript: closer,
      subscript: closer,
      pandocLineBreak: closer,
      pandocAttributes(this: CompileContext, token: Token) {
        const attributes = parseAttributes(this.sliceSerialize(token))
        const top = this.stack[this.stack.length - 1] as Parent & {data?: Data}
        if (top.type === 'bracketedSpan') {
          span(top, toProperties(attributes))
          return
        }
        // `[a]: url {.class}` (link-syntax.ts): the links made from it carry them.
        if (top.type === 'definition') {
          top.data = {...top.data, hProperties: toProperties(attributes)}
          return
        }
        const target = top.children[top.children.length - 1] as Link | Image | InlineCode | undefined
        if (target?.type === 'inlineCode') {
          const raw = /^\{\s*=([\w-]+)\s*\}$/.exec(this.sliceSerialize(token))
          target.data = raw ? {...target.data, rawFormat: raw[1]!} : {...target.data, attributes}
          return
        }
        if (!target || (target.type !== 'link' && target.type !== 'image')) return
        const properties = toProperties(attributes)
        if (target.type === 'image') dimensions(properties)
        target.data = {...target.data, hProperties: {...target.data?.hProperties, ...properties}}
      }
    }
  }
}

/** Pandoc's HTML5 writer: `.underline` is `<u>`, `.mark` is `<mark>`, other spans stay spans. */
function span(node: Parent & {data?: Data}, properties: Properties): void {
  const classes = (properties.className as string[] | undefined) ?? []
  let hName = 'span'
  for (const [name, tag] of [['underline', 'u'], ['mark', 'mark']] as const) {
    if (classes.includes(name)) {
      hName = tag
      properties.className = classes.filter((c) => c !== name)
      if ((properties.className as string[]).length === 0) delete properties.className
      break
    }
  }
  node.data = {...node.data, hName, hProperties: properties}
}

/**
 * An image's `width` and `height` as Pandoc's HTML5 writer gives them: a
 * number of pixels stays an attribute, any other unit (`50%`, `3cm`, `10em`)
 * goes to `style`.
 */
function dimensions(properties: Properties): void {
  const styles: string[] = []
  for (const key of ['width', 'height'] as const) {
    const value = properties[key]
    if (typeof value !== 'string') continue
    const pixels = /^(\d+(?:\.\d+)?)(?:px)?$/.exec(value)
    if (pixels) {
      properties[key] = pixels[1]!
      continue
    }
    delete properties[key]
    styles.push(`${key}:${value}`)
  }
  if (styles.length === 0) return
  const given = typeof properties.style === 'string' ? properties.style.trim().replace(/;?$/, ';') : ''
  properties.style = `${styles.join(';')};${given}`.replace(/;$/, '')
}

/**
 * remark plugin: links and reference definitions read by Pandoc's rules
 * (link-syntax.ts): destinations with spaces (trimmed, inner runs of white
 * space made one space, as Pandoc does), titles with nested quotes, empty
 * destinations, and attributes on a definition (`[a]: u {.c}`), which every
 * link made from it carries. Autolinks: e-mail addresses in any script
 * (autolink-syntax.ts), character references decoded (`<http://g&ouml;gle.com>`).
 */
import type {Definition, Link, Root, Text} from 'mdast'
import type {CompileContext, Extension as FromMarkdownExtension, Token} from 'mdast-util-from-markdown'
import type {Processor} from 'unified'
import {visit} from 'unist-util-visit'
import {decodeReferences} from '../character-references.js'
import {autolinkSyntax} from './autolink-syntax.js'
import {linkSyntax} from './link-syntax.js'

export default function remarkPandocLinks(this: Processor) {
  const data = this.data()
  ;(data.micromarkExtensions ||= []).push(linkSyntax(), autolinkSyntax())
  ;(data.fromMarkdownExtensions ||= []).push(fromMarkdown())
  return definitionAttributes
}

function fromMarkdown(): FromMarkdownExtension {
  function destination(this: CompileContext) {
    const url = this.resume()
    const node = this.stack[this.stack.length - 1] as {url?: string}
    node.url = url.trim().replace(/\s+/g, ' ')
  }
  function autolink(prefix: string) {
    return function (this: CompileContext, token: Token) {
      const text = this.stack.pop() as Text
      const value = decodeReferences(this.sliceSerialize(token))
      text.value += value
      text.position!.end = {line: token.end.line, column: token.end.column, offset: token.end.offset}
      ;(this.stack[this.stack.length - 1] as Link).url = prefix + value
    }
  }
  return {
    exit: {
      resourceDestinationString: destination,
      definitionDestinationString: destination,
      autolinkProtocol: autolink(''),
      autolinkEmail: autolink('mailto:')
    }
  }
}

/** A definition's attributes (`data.hProperties`, set where they are read) go to the links made from it. */
function definitionAttributes(tree: Root): void {
  const withAttributes = new Map<string, Definition>()
  visit(tree, 'definition', (node) => {
    if (node.data?.hProperties && !withAttributes.has(node.identifier)) withAttributes.set(node.identifier, node)
  })
  if (withAttributes.size === 0) return
  visit(tree, (node) => {
    if (node.type !== 'linkReference' && node.type !== 'imageReference') return
    const definition = withAttributes.get(node.identifier)
    if (definition) node.data = {...node.data, hProperties: {...definition.data!.hProperties, ...node.data?.hProperties}}
  })
}

/**
 * mdast-util-from-markdown extension: citation tokens -> `cite` nodes.
 * Each item keeps the position of its `@key` so messages point at it.
 */
import type {CompileContext, Extension, Token} from 'mdast-util-from-markdown'
import type {Cite, CiteItem} from '../types.js'

interface CiteState {
  node: Cite
  bracketed: boolean
  prefix: string
  suppress: boolean
  keyStart?: Token['start'] | undefined
}

declare module 'mdast-util-from-markdown' {
  interface CompileData {
    cite?: CiteState | undefined
  }
}

const LINE_ENDING = /[ \t]*(?:\r\n|\r|\n)[ \t]*/g

export function citeFromMarkdown(): Extension {
  return {
    enter: {
      citation: enterCitation,
      citationMarker: enterMarker,
      citationSuppress: enterSuppress,
      citationKeyMarker: enterKeyMarker
    },
    exit: {
      citation: exitCitation,
      citationPrefix: exitPrefix,
      citationKey: exitKey,
      citationSuffix: exitSuffix,
      citationSeparator: exitSeparator
    }
  }
}

function state(context: CompileContext): CiteState {
  const value = context.data.cite
  if (!value) throw new Error('citation token outside a citation')
  return value
}

function enterCitation(this: CompileContext, token: Token): void {
  const node: Cite = {type: 'cite', value: '', citations: []}
  this.data.cite = {node, bracketed: false, prefix: '', suppress: false}
  // `enter` wants a parent; a cite is a leaf, but it is popped again on exit.
  this.enter(node as never, token)
}

function enterMarker(this: CompileContext): void {
  const s = state(this)
  if (s.node.citations.length === 0) s.bracketed = true
}

function enterSuppress(this: CompileContext, token: Token): void {
  const s = state(this)
  s.suppress = true
  s.keyStart = token.start
}

function enterKeyMarker(this: CompileContext, token: Token): void {
  const s = state(this)
  // With `-@key`, the item starts at the dash.
  if (!s.suppress) s.keyStart = token.start
}

function point(p: Token['start']): {line: number; column: number; offset: number} {
  return {line: p.line, column: p.column, offset: p.offset}
}

function exitPrefix(this: CompileContext, token: Token): void {
  state(this).prefix += this.sliceSerialize(token)
}

function exitKey(this: CompileContext, token: Token): void {
  const s = state(this)
  let key = this.sliceSerialize(token)
  if (key.startsWith('{') && key.endsWith('}')) key = key.slice(1, -1)
  const narrative = !s.bracketed && s.node.citations.length === 0
  const item: CiteItem = {
    key,
    prefix: s.prefix.trim(),
    suffix: '',
    mode: s.suppress ? 'suppress-author' : narrative ? 'author-in-text' : 'normal',
    position: {start: point(s.keyStart ?? token.start), end: point(token.end)}
  }
  s.node.citations.push(item)
  s.prefix = ''
  s.suppress = false
  s.keyStart = undefined
}

function exitSuffix(this: CompileContext, token: Token): void {
  const s = state(this)
  const last = s.node.citations[s.node.citations.length - 1]
  if (last) last.suffix += this.sliceSerialize(token)
}

function exitSeparator(this: CompileContext): void {
  const s = state(this)
  s.prefix = ''
  s.suppress = false
}

function exitCitation(this: CompileContext, token: Token): void {
  const s = state(this)
  s.node.value = this.sliceSerialize(token)
  for (const item of s.node.citations) {
    // A line ending inside a citation is a space, as in Pandoc.
    item.prefix = item.prefix.replace(LINE_ENDING, ' ')
    item.suffix = item.suffix.replace(LINE_ENDING, ' ').replace(/\s+$/, '')
  }
  this.exit(token)
  this.data.cite = undefined
}

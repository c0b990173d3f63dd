/**
 * remark plugin: Pandoc's `smart` extension (on by default in Pandoc's
 * Markdown): curly quotes and apostrophes, en and em dashes, ellipses, and
 * no-break spaces after the abbreviations Pandoc knows (`Dr.`, `e.g.`) and for
 * `\ `. The syntax is smart-syntax.ts; here quote marks are paired as
 * Pandoc's parser pairs them (`Text.Pandoc.Parsing.Smart`): an opening mark
 * runs to the first closing one at the same level (not inside emphasis or a
 * link it holds), a single quote needs a closing `'` that no letter or digit
 * follows, and a mark that pairs with nothing is a left double quote if it
 * could open, else a right quote or an apostrophe.
 *
 * Beyond Pandoc, as a typesetter would: quotes follow the document's `lang`
 * (German „…“, French « … » with narrow no-break spaces, Japanese 「…」).
 */
import type {Nodes, Parents, PhrasingContent, Root, Text} from 'mdast'
import type {Point} from 'unist'
import type {CompileContext, Extension as FromMarkdownExtension, Token} from 'mdast-util-from-markdown'
import type {Processor} from 'unified'
import type {VFile} from 'vfile'
import {smartSyntax} from './smart-syntax.js'
import {quotesFor, type QuoteMarks} from './quotes.js'

/** A quote mark as read, before pairing. */
export interface QuoteMark {
  type: 'quoteMark'
  /** The mark as typed, so that plain-text views (an image's alt) keep it. */
  value: string
  double: boolean
  open: boolean
  close: boolean
  position?: {start: Point; end: Point} | undefined
}

declare module 'mdast' {
  interface PhrasingContentMap {
    quoteMark: QuoteMark
  }
  interface RootContentMap {
    quoteMark: QuoteMark
  }
}

/** Pandoc's list of abbreviations (its `data/abbreviations`): a space after one is a no-break space. */
const ABBREVIATIONS = new Set(
  ('aet. aetat. al. Apr. Aug. bk. Bros. c. Capt. cf. ch. chap. chs. Co. col. Corp. cp. d. Dec. Dr. e.g. ed. eds. esp. f. fasc. Feb. ff. fig. fl. ' +
    'fol. fols. Fr. Gen. Gov. Hon. i.e. ill. Inc. incl. Jan. Jr. Jul. Jun. Ltd. M.A. M.D. Mar. Mr. Mrs. Ms. n. n.b. nn. No. Nov. Oct. p. Ph.D. ' +
    'pp. Pres. Prof. pt. q.v. Rep. Rev. s.v. s.vv. saec. sec. Sen. Sep. Sept. Sgt. Sr. St. univ. viz. vol. vs.').split(' ')
)

const NBSP = '\u00a0'

export default function remarkSmart(this: Processor) {
  const data = this.data()
  ;(data.micromarkExtensions ||= []).push(smartSyntax())
  ;(data.fromMarkdownExtensions ||= []).push(smartFromMarkdown())
  return (tree: Root, file: VFile) => applySmart(tree, file.data.meta?.lang)
}

/** Pair the quote marks of a tree read with smartSyntax, and set no-break spaces after abbreviations. */
export function applySmart(tree: Nodes, lang: string | undefined): void {
  pair(tree, quotesFor(lang), false, false)
  abbreviations(tree)
}

/** Tokens -> text (dashes, ellipses, no-break spaces) and `quoteMark` nodes. */
export function smartFromMarkdown(): FromMarkdownExtension {
  return {
    enter: {smartDash: enterText, smartEllipsis: enterText, smartSpace: enterText, smartQuote: enterQuote},
    exit: {smartDash: exitDash, smartEllipsis: exitAs('\u2026'), smartSpace: exitAs(NBSP), smartQuote: exitQuote}
  }
}

/** As mdast-util-from-markdown's own `data` handler: text joins the text before it. */
function enterText(this: CompileContext, token: Token): void {
  const parent = this.stack[this.stack.length - 1] as Parents
  let tail = parent.children[parent.children.length - 1]
  if (!tail || tail.type !== 'text') {
    tail = {type: 'text', value: '', position: {start: point(token.start), end: point(token.start)}}
    ;(parent.children as PhrasingContent[]).push(tail)
  }
  this.stack.push(tail as never)
}

function exitAs(value: string) {
  return function (this: CompileContext, token: Token): void {
    const tail = this.stack.pop() as unknown as Text
    tail.value += value
    if (tail.position) tail.position.end = point(token.end)
  }
}

function exitDash(this: CompileContext, token: Token): void {
  exitAs(this.sliceSerialize(token).length === 3 ? '\u2014' : '\u2013').call(this, token)
}

function enterQuote(this: CompileContext, token: Token): void {
  const node: QuoteMark = {type: 'quoteMark', value: token._double ? '"' : "'", double: Boolean(token._double), open: Boolean(token._open), close: Boolean(token._close)}
  this.enter(node as never, token)
}

function exitQuote(this: CompileContext, token: Token): void {
  this.exit(token)
}

function point(p: Token['start']): Point {
  return {line: p.line, column: p.column, offset: p.offset}
}

/**
 * Pair the quote marks of a container's children (and, with the quote context
 * Pandoc carries down, of every container inside), then join the text.
 */
function pair(parent: Nodes, marks: QuoteMarks, inDouble: boolean, inSingle: boolean): void {
  if (!('children' in parent)) return
  const children = parent.children as PhrasingContent[]
  const replace = new Map<number, string>()
  // The context each child is read in (inside which quotes).
  const context = new Map<number, [boolean, boolean]>()
  const walk = (from: number, to: number, double: boolean, single: boolean): void => {
    let i = from
    while (i < to) {
      const node = children[i]!
      context.set(i, [double, single])
      if (node.type !== 'quoteMark') {
        i++
        continue
      }
      if (node.double && node.open && !double) {
        let j = i + 1
        while (j < to && !(children[j]!.type === 'quoteMark' && (children[j] as QuoteMark).double)) j++
        if (j < to) {
          replace.set(i, marks.open).set(j, marks.close)
          walk(i + 1, j, true, single)
          context.set(j, [double, single])
          i = j + 1
        } else {
          replace.set(i, marks.open)
          i++
        }
        continue
      }
      if (!node.double && node.open && !single) {
        let j = i + 2
        while (j < to && !(children[j]!.type === 'quoteMark' && !(children[j] as QuoteMark).double && (children[j] as QuoteMark).close)) j++
        // A single quote holds at least one thing (Pandoc's many1Till).
        if (j < to && j > i + 1) {
          replace.set(i, marks.openInner).set(j, marks.closeInner)
          walk(i + 1, j, double, true)
          context.set(j, [double, single])
          i = j + 1
        } else {
          replace.set(i, '\u2019')
          i++
        }
        continue
      }
      replace.set(i, node.double ? marks.close : '\u2019')
      i++
    }
  }
  walk(0, children.length, inDouble, inSingle)
  for (const [i, child] of children.entries()) {
    const [double, single] = context.get(i) ?? [inDouble, inSingle]
    if (child.type !== 'quoteMark' && 'children' in child) pair(child, marks, double, single)
  }
  if (replace.size === 0) return
  const out: PhrasingContent[] = []
  children.forEach((child, i) => {
    const value = child.type === 'quoteMark' ? replace.get(i)! : undefined
    const node: PhrasingContent = value === undefined ? child : ({type: 'text', value, position: child.position} as Text)
    const tail = out[out.length - 1]
    if (node.type === 'text' && tail?.type === 'text') {
      tail.value += node.value
      if (tail.position && node.position) tail.position.end = node.position.end
    } else {
      out.push(node)
    }
  })
  ;(parent as {children: PhrasingContent[]}).children = out
}

/**
 * A space after one of Pandoc's abbreviations is a no-break space (not a line
 * break, and not before a citation or a note, as in Pandoc).
 */
function abbreviations(node: Nodes): void {
  if (!('children' in node)) return
  const children = node.children as PhrasingContent[]
  children.forEach((child, i) => {
    if (child.type === 'text') {
      const next = children[i + 1]
      child.value = child.value.replace(/(^|[^\p{L}\p{N}.])((?:[\p{L}\p{N}]+\.)+[\p{L}\p{N}]*\.?) (?=(.?))/gu, (whole, lead: string, word: string, after: string, offset: number) => {
        if (!ABBREVIATIONS.has(word)) return whole
        // Pandoc keeps the space before a citation or a note.
        const atEnd = offset + whole.length >= child.value.length && after === ''
        if (atEnd && next && (next.type === 'cite' || next.type === 'footnoteReference')) return whole
        return `${lead}${word}${NBSP}`
      })
    } else {
      abbreviations(child)
    }
  })
}

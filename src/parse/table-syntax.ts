/**
 * micromark: the extent of Pandoc's simple, multiline and grid tables. This
 * construct only finds where such a table starts and ends and keeps its
 * lines (`pandocTableRaw`); table-read.ts reads rows, cells and alignments
 * from them, and remark-pandoc-tables.ts parses the cells.
 *
 * - grid: a `+---+---+` border, then lines starting with `+` or `|`;
 * - a line of dashes first (multiline, or a simple table with no header):
 *   up to a line of dashes followed by a blank line or the end;
 * - a header line, then dashes in two or more groups (a simple table): the
 *   header is read as a paragraph, and only the dashes here
 *   (`pandocTableRule`); remark-pandoc-tables.ts joins header, rule and the
 *   rows after it.
 */
import type {Code, Construct, Effects, Extension, State, Token, TokenizeContext} from 'micromark-util-types'
import type {CompileContext, Extension as FromMarkdownExtension} from 'mdast-util-from-markdown'
import type {Literal} from 'mdast'
import {codes} from 'micromark-util-symbol'
import {markdownLineEnding} from 'micromark-util-character'
import {lineEnding} from './codes.js'

declare module 'micromark-util-types' {
  interface TokenTypeMap {
    pandocTableRaw: 'pandocTableRaw'
    pandocTableRule: 'pandocTableRule'
    pandocTableLine: 'pandocTableLine'
  }
  interface Token {
    /** Spaces before the table's first line. */
    _tableIndent?: number
  }
}

export interface PandocTableRaw extends Literal {
  type: 'pandocTableRaw'
}

/** A simple table's dashes right under a one-line paragraph (its header). */
export interface PandocTableRule extends Literal {
  type: 'pandocTableRule'
}

declare module 'mdast' {
  interface RootContentMap {
    pandocTableRaw: PandocTableRaw
    pandocTableRule: PandocTableRule
  }
  interface BlockContentMap {
    pandocTableRaw: PandocTableRaw
    pandocTableRule: PandocTableRule
  }
}

/** Lines of one table, characters of one line. */
const MAX_LINES = 5000
const MAX_LINE = 5000

export const GRID_BORDER = /^ {0,3}\+(?:[-=:]+\+)+\s*$/
export const DASHES = /^ {0,3}-+(?: +-+)*\s*$/
const GRID_LINE = /^\s*[+|]/
const BLANK = /^\s*$/

type Kind = 'grid' | 'dashes' | 'simple'

function kindOf(first: string): Kind {
  if (GRID_BORDER.test(first)) return 'grid'
  if (DASHES.test(first)) return 'dashes'
  return 'simple'
}

/** Does `next` belong to the table whose lines so far are `lines`? */
function belongs(lines: string[], next: string): boolean {
  const first = lines[0]!
  const last = lines[lines.length - 1]!
  switch (kindOf(first)) {
    case 'grid':
      return GRID_LINE.test(next)
    case 'dashes': {
      // `---` opens a YAML block or is a rule; a table starts with its header or rows.
      if (lines.length === 1) return first.trim() !== '---' && !BLANK.test(next)
      if (BLANK.test(next)) return !BLANK.test(last) && !DASHES.test(last)
      if (DASHES.test(last)) return isHeaderSeparator(lines)
      return true
    }
    case 'simple':
      return false
  }
}

/** Is the last line (dashes) the one under a multiline table's header: the first after the top rule, text between? */
function isHeaderSeparator(lines: string[]): boolean {
  const between = lines.slice(1, -1)
  return groups(lines[0]!) === 1 && between.length > 0 && between.every((line) => !DASHES.test(line) && !BLANK.test(line))
}

function groups(line: string): number {
  return line.trim().split(/ +/).length
}

/** Is this a whole table? */
function complete(lines: string[]): boolean {
  const last = lines[lines.length - 1]!
  switch (kindOf(lines[0]!)) {
    case 'grid':
      // A grid that stops without its closing border is still read (its last
      // row runs to the end): failing here would make every `+` line below
      // scan to the end again.
      return lines.length >= 2 && last !== undefined
    case 'dashes':
      return lines.length >= 3 && DASHES.test(last) && lines.slice(1, -1).some((line) => !BLANK.test(line) && !DASHES.test(line))
    case 'simple':
      return false
  }
}

// Before thematic breaks and setext underlines, which read the same dashes.
const table: Construct = {name: 'pandocTable', tokenize, add: 'before'}

export function tableSyntax(): Extension {
  return {flow: {[codes.dash]: table, [codes.plusSign]: table}}
}

/** Is the flow right after a paragraph's (or indented code's) line, no blank line between? As micromark's setext underline tells. */
function afterParagraph(self: TokenizeContext): boolean {
  if (self.interrupt) return true
  let index = self.events.length - 1
  while (index > -1 && ['lineEnding', 'linePrefix', 'content'].includes(self.events[index]![1].type)) index--
  // A header indented four spaces is indented code to CommonMark; Pandoc reads tables first.
  return index > -1 && (self.events[index]![1].type === 'paragraph' || self.events[index]![1].type === 'codeIndented')
}

/** A line's characters as text: tabs are already expanded by micromark into virtual spaces. */
function character(code: Code): string {
  return code === codes.horizontalTab || code === codes.virtualSpace ? ' ' : String.fromCodePoint(code as number)
}

function tokenize(this: TokenizeContext, effects: Effects, ok: State, nok: State): State {
  const self = this
  const lines: string[] = []
  let line = ''
  let token: Token | undefined
  let startColumn = 1
  /** Spaces before the first line, known when the second line starts. */
  let indent = 0
  return start

  function start(code: Code): State | undefined {
    startColumn = self.now().column
    if (afterParagraph(self)) {
      if (code !== codes.dash) return nok(code)
      effects.enter('pandocTableRule')
      return rule(code)
    }
    token = effects.enter('pandocTableRaw')
    return lineStart(code)
  }

  /**
   * Under a paragraph's line, dashes in two or more groups: a simple table's
   * rule under its header. Only this line is read here: the header is the
   * paragraph's, the rows are what follows (remark-pandoc-tables.ts joins
   * them), so no line is read ahead of the paragraph parser.
   */
  function rule(code: Code): State | undefined {
    if (code === codes.eof || markdownLineEnding(code)) {
      if (!DASHES.test(line) || groups(line) < 2) return nok(code)
      effects.exit('pandocTableRule')
      return ok(code)
    }
    return take(code, rule)
  }

  /** One character of the line, kept as text, at most MAX_LINE of them. */
  function take(code: Code, next: State): State | undefined {
    if (line.length > MAX_LINE) return nok(code)
    line += character(code)
    effects.consume(code)
    return next
  }

  function lineStart(code: Code): State | undefined {
    line = ''
    if (code === codes.eof || markdownLineEnding(code)) return lineEnd(code)
    effects.enter('pandocTableLine')
    return inside(code)
  }

  function inside(code: Code): State | undefined {
    if (code === codes.eof || markdownLineEnding(code)) {
      effects.exit('pandocTableLine')
      return lineEnd(code)
    }
    return take(code, inside)
  }

  function lineEnd(code: Code): State | undefined {
    lines.push(line)
    if (lines.length > MAX_LINES) return nok(code)
    if (code === codes.eof) return end(code)
    const lookahead = nextLine(lines, () => indent, (column) => (indent = startColumn - column))
    return effects.check(lookahead, more, end)(code)
  }

  function more(code: Code): State | undefined {
    return lineEnding(effects, code, lineStart)
  }

  function end(code: Code): State | undefined {
    if (lines.length === 1) return nok(code)
    const first = ' '.repeat(Math.max(0, indent)) + lines[0]
    if (!complete([first, ...lines.slice(1)])) return nok(code)
    token!._tableIndent = Math.max(0, indent)
    effects.exit('pandocTableRaw')
    return ok(code)
  }
}

/** A lookahead: after this line ending, a line that belongs to the table. */
function nextLine(lines: string[], indent: () => number, base: (column: number) => void): Construct {
  return {
    partial: true,
    tokenize(effects, ok, nok) {
      const self = this
      let text = ''
      let open = false
      return start

      function start(code: Code): State | undefined {
        return lineEnding(effects, code, lineStart)
      }

      function lineStart(code: Code): State | undefined {
        if (self.parser.lazy[self.now().line]) return nok(code)
        if (lines.length === 1) base(self.now().column)
        return inside(code)
      }

      function inside(code: Code): State | undefined {
        if (code === codes.eof || markdownLineEnding(code) || text.length > MAX_LINE) {
          if (open) effects.exit('pandocTableLine')
          const given = lines.length === 1 ? [' '.repeat(Math.max(0, indent())) + lines[0]] : lines
          return belongs(given, text) ? ok(code) : nok(code)
        }
        if (!open) effects.enter('pandocTableLine')
        open = true
        text += character(code)
        effects.consume(code)
        return inside
      }
    }
  }
}

export function tableFromMarkdown(): FromMarkdownExtension {
  return {
    enter: {
      pandocTableRaw(this: CompileContext, token) {
        const value = ' '.repeat(token._tableIndent ?? 0) + this.sliceSerialize(token)
        this.enter({type: 'pandocTableRaw', value} as never, token)
      },
      pandocTableRule(this: CompileContext, token) {
        this.enter({type: 'pandocTableRule', value: this.sliceSerialize(token)} as never, token)
      }
    },
    exit: {
      pandocTableRaw(this: CompileContext, token) {
        this.exit(token)
      },
      pandocTableRule(this: CompileContext, token) {
        this.exit(token)
      }
    }
  }
}

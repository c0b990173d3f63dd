/**
 * micromark: Pandoc's line blocks (`line_blocks`), for verse and addresses:
 *
 *     | The limerick packs laughs anatomical
 *     |     Into space that is quite economical.
 *     | A line that runs on
 *       continues here.
 *
 * Each `| ` line is a line (its leading spaces kept); a line that starts with
 * a space continues the one before. The block ends at a blank line. Two
 * lines that look like a pipe table's header and rule are a table, as in
 * Pandoc (it tries tables first).
 */
import type {Code, Construct, Effects, Extension, State, Token, TokenizeContext} from 'micromark-util-types'
import type {CompileContext, Extension as FromMarkdownExtension} from 'mdast-util-from-markdown'
import type {Parent, PhrasingContent} from 'mdast'
import {codes} from 'micromark-util-symbol'
import {markdownLineEnding, markdownSpace} from 'micromark-util-character'
import {lineEnding, nonLazyLine, spacesThen} from './codes.js'

declare module 'micromark-util-types' {
  interface TokenTypeMap {
    lineBlock: 'lineBlock'
    lineBlockLine: 'lineBlockLine'
    lineBlockMarker: 'lineBlockMarker'
  }
}

export interface LineBlock extends Parent {
  type: 'lineBlock'
  children: LineBlockLine[]
}

export interface LineBlockLine extends Parent {
  type: 'lineBlockLine'
  children: PhrasingContent[]
}

declare module 'mdast' {
  interface RootContentMap {
    lineBlock: LineBlock
    lineBlockLine: LineBlockLine
  }
  interface BlockContentMap {
    lineBlock: LineBlock
  }
}

/** Lines of one block, and characters of one line. */
const MAX_LINES = 10_000
const MAX_LINE = 10_000

/** A pipe table's delimiter row: `|---|:--:|`, `--- | ---`. */
const DELIMITER_ROW = /^\s*\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?\s*$/

const lineBlock: Construct = {name: 'lineBlock', tokenize}

export function lineBlockSyntax(): Extension {
  return {flow: {[codes.verticalBar]: lineBlock}}
}

function tokenize(this: TokenizeContext, effects: Effects, ok: State, nok: State): State {
  const self = this
  let lines = 0
  let size = 0
  let chunk: Token | undefined
  let lineOpen = false
  return start

  function start(code: Code): State | undefined {
    if (self.interrupt || afterTable(self)) return nok(code)
    effects.enter('lineBlock')
    return lineStart(code)
  }

  function lineStart(code: Code): State | undefined {
    if (++lines > MAX_LINES) return nok(code)
    size = 0
    if (code === codes.verticalBar) {
      effects.enter('lineBlockLine')
      lineOpen = true
      chunk = undefined
      effects.enter('lineBlockMarker')
      effects.consume(code)
      return afterBar
    }
    return nok(code)
  }

  function afterBar(code: Code): State | undefined {
    if (code === codes.space) {
      effects.consume(code)
      effects.exit('lineBlockMarker')
      return content
    }
    effects.exit('lineBlockMarker')
    if (code === codes.eof || markdownLineEnding(code)) return lineEnd(code)
    return nok(code)
  }

  function content(code: Code): State | undefined {
    if (code === codes.eof || markdownLineEnding(code)) return lineEnd(code)
    const token = effects.enter('chunkText', {contentType: 'text', previous: chunk})
    if (chunk) chunk.next = token
    chunk = token
    return inside(code)
  }

  function inside(code: Code): State | undefined {
    if (code === codes.eof) {
      effects.exit('chunkText')
      return lineEnd(code)
    }
    // A line ending ends a chunk of text. micromark links chunks across a
    // line ending only when it closes the first: so it is the chunk's when a
    // continuation follows, and outside it otherwise.
    if (markdownLineEnding(code)) return effects.check(continuation, eolInChunk, eolOutside)(code)
    if (++size > MAX_LINE) return nok(code)
    effects.consume(code)
    return inside
  }

  function eolInChunk(code: Code): State | undefined {
    effects.consume(code)
    effects.exit('chunkText')
    lines++
    return content
  }

  function eolOutside(code: Code): State | undefined {
    effects.exit('chunkText')
    return lineEnd(code)
  }

  function lineEnd(code: Code): State | undefined {
    if (lineOpen) effects.exit('lineBlockLine')
    lineOpen = false
    if (code === codes.eof) return done(code)
    // Under the first line, a pipe table's rule makes the two a table.
    if (lines === 1) return effects.check(tableRule, nok, afterCheck)(code)
    return afterCheck(code)
  }

  function afterCheck(code: Code): State | undefined {
    return effects.check(nonLazyLine, next, done)(code)
  }

  function next(code: Code): State | undefined {
    return effects.check(blankOrEnd, done, (c) => effects.attempt(nonLazyLine, lineStart, done)(c))(code)
  }

  function done(code: Code): State | undefined {
    if (lineOpen) effects.exit('lineBlockLine')
    effects.exit('lineBlock')
    return ok(code)
  }
}

/** Is this line a pipe table's next body row (as micromark-extension-gfm-table tells)? */
function afterTable(self: TokenizeContext): boolean {
  let index = self.events.length - 1
  while (index > -1 && (self.events[index]![1].type === 'lineEnding' || self.events[index]![1].type === 'linePrefix')) index--
  const tail = index > -1 ? self.events[index]![1].type : undefined
  return tail === 'tableHead' || tail === 'tableRow'
}

/** After this line ending, a line that is a pipe table's delimiter row. */
const tableRule: Construct = {
  partial: true,
  tokenize(effects, ok, nok) {
    let line = ''
    return (code) => lineEnding(effects, code, first)
    function first(code: Code): State | undefined {
      if (code === codes.eof || markdownLineEnding(code)) return nok(code)
      effects.enter('data')
      return inside(code)
    }
    function inside(code: Code): State | undefined {
      if (code === codes.eof || markdownLineEnding(code) || line.length > 1000) {
        effects.exit('data')
        return DELIMITER_ROW.test(line) ? ok(code) : nok(code)
      }
      line += code === codes.horizontalTab || code === codes.virtualSpace ? ' ' : String.fromCodePoint(code)
      effects.consume(code)
      return inside
    }
  }
}

/** After this line ending, a line that continues the last: not lazy, a space, then text. */
const continuation: Construct = {
  partial: true,
  tokenize(effects, ok, nok) {
    const self = this
    return (code) => lineEnding(effects, code, lineStart)
    function lineStart(code: Code): State | undefined {
      if (self.parser.lazy[self.now().line] || !markdownSpace(code)) return nok(code)
      return spacesThen(effects, ok, nok)(code)
    }
  }
}

/** After this line ending: a blank line or the end. */
const blankOrEnd: Construct = {
  partial: true,
  tokenize(effects, ok, nok) {
    return (code) => lineEnding(effects, code, blank)
    function blank(code: Code): State | undefined {
      if (code === codes.eof || markdownLineEnding(code)) return ok(code)
      return markdownSpace(code) ? spacesThen(effects, nok, ok)(code) : nok(code)
    }
  }
}

export function lineBlockFromMarkdown(): FromMarkdownExtension {
  return {
    // A continuation line joins its line with a line ending (a space in HTML).
    canContainEols: ['lineBlockLine'],
    enter: {
      lineBlock(this: CompileContext, token) {
        this.enter({type: 'lineBlock', children: []} as never, token)
      },
      lineBlockLine(this: CompileContext, token) {
        this.enter({type: 'lineBlockLine', children: []} as never, token)
      }
    },
    exit: {
      lineBlock(this: CompileContext, token) {
        this.exit(token)
      },
      lineBlockLine(this: CompileContext, token) {
        const line = this.stack[this.stack.length - 1] as LineBlockLine
        // Leading spaces are kept, as no-break spaces (Pandoc's line blocks keep indentation).
        const first = line.children[0]
        if (first?.type === 'text') first.value = first.value.replace(/^ +/, (spaces) => '\u00a0'.repeat(spaces.length))
        this.exit(token)
      }
    }
  }
}

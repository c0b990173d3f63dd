/**
 * micromark: Pandoc's title block (`pandoc_title_block`), the first lines of
 * a document:
 *
 *     % Ketamine: a paradigm shift
 *       for depression research
 *     % Krystal, J. H.; Abdallah, C. G.
 *     % 2019
 *
 * Title, authors and date, each on a `%` line, continued on lines that
 * start with a space; a field may be empty (`%`). remark-meta.ts reads it.
 */
import type {Code, Construct, Effects, Extension, State, TokenizeContext} from 'micromark-util-types'
import type {CompileContext, Extension as FromMarkdownExtension} from 'mdast-util-from-markdown'
import type {Literal} from 'mdast'
import {codes} from 'micromark-util-symbol'
import {markdownLineEnding, markdownSpace} from 'micromark-util-character'
import {lineEnding, spacesThen} from './codes.js'

declare module 'micromark-util-types' {
  interface TokenTypeMap {
    pandocTitleBlock: 'pandocTitleBlock'
    pandocTitleBlockLine: 'pandocTitleBlockLine'
  }
}

export interface TitleBlock extends Literal {
  type: 'pandocTitleBlock'
}

declare module 'mdast' {
  interface RootContentMap {
    pandocTitleBlock: TitleBlock
  }
  interface BlockContentMap {
    pandocTitleBlock: TitleBlock
  }
}

/** Lines of a title block. */
const MAX_LINES = 200

const titleBlock: Construct = {name: 'pandocTitleBlock', tokenize, concrete: true}

export function titleBlockSyntax(): Extension {
  return {flow: {[codes.percentSign]: titleBlock}}
}

function tokenize(this: TokenizeContext, effects: Effects, ok: State, nok: State): State {
  const self = this
  let fields = 0
  let lines = 0
  return start

  function start(code: Code): State | undefined {
    // Only the document's first line (after any YAML front matter Pandoc reads too).
    if (self.now().offset !== 0) return nok(code)
    effects.enter('pandocTitleBlock')
    return lineStart(code)
  }

  function lineStart(code: Code): State | undefined {
    if (++lines > MAX_LINES) return nok(code)
    if (code === codes.percentSign) {
      if (++fields > 3) return nok(code)
    } else if (!markdownSpace(code) || fields === 0) return nok(code)
    effects.enter('pandocTitleBlockLine')
    return inside(code)
  }

  function inside(code: Code): State | undefined {
    if (code === codes.eof || markdownLineEnding(code)) {
      effects.exit('pandocTitleBlockLine')
      if (code === codes.eof) return end(code)
      return effects.check(nextLine, more, end)(code)
    }
    effects.consume(code)
    return inside
  }

  function more(code: Code): State | undefined {
    return lineEnding(effects, code, lineStart)
  }

  function end(code: Code): State | undefined {
    effects.exit('pandocTitleBlock')
    return ok(code)
  }
}

/** After this line ending, another line of the block: a `%` field, or a continuation that has text. */
const nextLine: Construct = {
  partial: true,
  tokenize(effects, ok, nok) {
    return (code) => lineEnding(effects, code, first)
    function first(code: Code): State | undefined {
      if (code === codes.percentSign) return ok(code)
      return markdownSpace(code) ? spacesThen(effects, ok, nok)(code) : nok(code)
    }
  }
}

export function titleBlockFromMarkdown(): FromMarkdownExtension {
  return {
    enter: {
      pandocTitleBlock(this: CompileContext, token) {
        this.enter({type: 'pandocTitleBlock', value: this.sliceSerialize(token)} as never, token)
      }
    },
    exit: {
      pandocTitleBlock(this: CompileContext, token) {
        this.exit(token)
      }
    }
  }
}

/** Title, authors and date of a title block's text. */
export function readTitleBlock(value: string): {title?: string | undefined; author?: string[] | undefined; date?: string | undefined} {
  const fields: string[][] = []
  for (const line of value.split(/\r?\n|\r/)) {
    if (line.startsWith('%')) fields.push([line.slice(1).trim()])
    else fields[fields.length - 1]?.push(line.trim())
  }
  const [title, author, date] = fields
  const text = (lines: string[] | undefined) => (lines ?? []).filter(Boolean).join(' ').trim() || undefined
  const authors = (author ?? []).flatMap((line) => line.split(';')).map((name) => name.trim()).filter(Boolean)
  return {title: text(title), author: authors.length > 0 ? authors : undefined, date: text(date)}
}

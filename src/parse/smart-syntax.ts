/**
 * micromark extension: Pandoc's `smart` extension, the syntax half.
 *
 *     "double" 'single'    quote marks (paired later, see remark-smart.ts)
 *     it's  70's           apostrophes (a `'` that pairs with nothing)
 *     --  ---              en and em dash
 *     ...                  ellipsis
 *     \ (backslash space)  no-break space
 *
 * As in Pandoc (`Text.Pandoc.Parsing.Smart`), a quote mark may open a quote
 * when it does not follow a letter or digit and is not followed by white
 * space; a single one may close one when no letter or digit follows. Escaped
 * marks (`\"`, `\-`, `\.`) are never smart: micromark's escapes take them first.
 * Tokens: `smartQuote` (its `_double`, `_open`, `_close` say what it may be),
 * `smartDash`, `smartEllipsis`, `smartSpace`.
 */
import {codes} from 'micromark-util-symbol'
import type {Code, Construct, Effects, Extension, State, TokenizeContext} from 'micromark-util-types'
import {isEol, isSpace} from './codes.js'
import {isWordCode} from './cite-syntax.js'

declare module 'micromark-util-types' {
  interface TokenTypeMap {
    smartQuote: 'smartQuote'
    smartDash: 'smartDash'
    smartEllipsis: 'smartEllipsis'
    smartSpace: 'smartSpace'
  }
  interface Token {
    /** `smartQuote`: a double quote mark (else single). */
    _double?: boolean
    /** `smartQuote`: may open a quote. */
    _open?: boolean
    /** `smartQuote`: may close one. */
    _close?: boolean
  }
}

const QUOTE = 34
const APOSTROPHE = 39
const DASH = 45
const DOT = 46
const BACKSLASH = 92

const quote: Construct = {name: 'smartQuote', tokenize: tokenizeQuote}
const dash: Construct = {name: 'smartDash', tokenize: tokenizeDash}
const ellipsis: Construct = {name: 'smartEllipsis', tokenize: tokenizeEllipsis}
const space: Construct = {name: 'smartSpace', tokenize: tokenizeSpace}

export function smartSyntax(): Extension {
  return {text: {[QUOTE]: quote, [APOSTROPHE]: quote, [DASH]: dash, [DOT]: ellipsis, [BACKSLASH]: space}}
}

function tokenizeQuote(this: TokenizeContext, effects: Effects, ok: State): State {
  const before = this.previous
  let marker: Code = null
  return start

  function start(code: Code): State | undefined {
    marker = code
    const token = effects.enter('smartQuote')
    token._double = code === QUOTE
    effects.consume(code)
    return after
  }

  function after(code: Code): State | undefined {
    const token = effects.exit('smartQuote')
    const spaceAfter = code === null || isEol(code) || isSpace(code)
    token._open = !isWordCode(before) && !spaceAfter
    // A double mark closes whatever double quote is open; a single one, when no letter or digit follows.
    token._close = marker === QUOTE || !isWordCode(code)
    return ok(code)
  }
}

function tokenizeDash(this: TokenizeContext, effects: Effects, ok: State, nok: State): State {
  let size = 0
  return start

  function start(code: Code): State | undefined {
    effects.enter('smartDash')
    return more(code)
  }

  function more(code: Code): State | undefined {
    // `--` is an en dash, `---` an em dash; a fourth hyphen starts what follows.
    if (code === DASH && size < 3) {
      effects.consume(code)
      size++
      return more
    }
    if (size < 2) return nok(code)
    effects.exit('smartDash')
    return ok(code)
  }
}

function tokenizeEllipsis(this: TokenizeContext, effects: Effects, ok: State, nok: State): State {
  let size = 0
  return start

  function start(code: Code): State | undefined {
    if (size === 0) effects.enter('smartEllipsis')
    if (code !== DOT) return nok(code)
    effects.consume(code)
    size++
    if (size < 3) return start
    effects.exit('smartEllipsis')
    return ok
  }
}

function tokenizeSpace(this: TokenizeContext, effects: Effects, ok: State, nok: State): State {
  return start

  function start(code: Code): State | undefined {
    effects.enter('smartSpace')
    effects.consume(code)
    return after
  }

  function after(code: Code): State | undefined {
    // `\ ` only: `\` before a line ending is a hard break, before punctuation an escape.
    if (code !== codes.space) return nok(code)
    effects.consume(code)
    effects.exit('smartSpace')
    return ok
  }
}

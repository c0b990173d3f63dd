/**
 * micromark extension: TeX math between dollars, as Pandoc's
 * `tex_math_dollars` reads it (`Text.Pandoc.Parsing.Math`).
 *
 *     $x^2$          inline: no white space right after the opening `$` or
 *                    right before the closing one, and no digit right after
 *                    it (`$20 and $30` is no math); `\$` and `\text{… $ …}`
 *                    inside do not close it
 *     $$\sum x$$     display: anything but a blank line up to the next `$$`
 *
 * Both are inline syntax: display math sits in a paragraph, as in Pandoc.
 * Tokens: `math` (its `_display` says which) wraps `mathMarker`s and
 * `mathData`; each line ending inside is a `mathLineEnding` of its own
 * (micromark splits a paragraph's text into lines at such tokens).
 */
import type {Code, Construct, Effects, Extension, State, TokenizeContext} from 'micromark-util-types'
import type {CompileContext, Extension as FromMarkdownExtension, Token} from 'mdast-util-from-markdown'
import type {Literal} from 'mdast'
import {codes} from 'micromark-util-symbol'
import {asciiDigit, markdownLineEnding, markdownLineEndingOrSpace, markdownSpace} from 'micromark-util-character'
import {MAX_MATH, MAX_NESTING} from './limits.js'
import {dataWriter} from './codes.js'

declare module 'micromark-util-types' {
  interface TokenTypeMap {
    math: 'math'
    mathMarker: 'mathMarker'
    mathData: 'mathData'
    mathLineEnding: 'mathLineEnding'
  }
  interface Token {
    /** `math`: display math (`$$…$$`). */
    _display?: boolean
  }
}

/** `$…$`: TeX math in the line. */
export interface InlineMath extends Literal {
  type: 'inlineMath'
}

/** `$$…$$`: TeX math set apart, still inside its paragraph (as in Pandoc). */
export interface DisplayMath extends Literal {
  type: 'displayMath'
}

declare module 'mdast' {
  interface PhrasingContentMap {
    inlineMath: InlineMath
    displayMath: DisplayMath
  }
  interface RootContentMap {
    inlineMath: InlineMath
    displayMath: DisplayMath
  }
}

const display: Construct = {name: 'mathDisplay', tokenize: tokenizeDisplay}
const inline: Construct = {name: 'mathInline', tokenize: tokenizeInline}
/** `ext{…}` after a backslash: `\text{…}` may hold dollars. */
const textBraces: Construct = {partial: true, tokenize: tokenizeTextBraces}

export function mathSyntax(): Extension {
  return {text: {[codes.dollarSign]: [display, inline]}}
}

function tokenizeDisplay(this: TokenizeContext, effects: Effects, ok: State, nok: State): State {
  const data = dataWriter(effects, 'mathData', 'mathLineEnding')
  let size = 0
  return start

  function start(code: Code): State | undefined {
    const token = effects.enter('math')
    token._display = true
    return effects.attempt(dollarPair, first, nok)(code)
  }

  function first(code: Code): State | undefined {
    // At least one character: `$$$$` is no empty formula.
    if (code === codes.eof) return nok(code)
    data.character(code)
    return body
  }

  function body(code: Code): State | undefined {
    if (code === codes.eof || ++size > MAX_MATH) return nok(code)
    if (code === codes.dollarSign) return effects.check(dollarPair, close, first)(code)
    return first(code)
  }

  function close(code: Code): State | undefined {
    data.close()
    return effects.attempt(dollarPair, closed, nok)(code)
  }

  function closed(code: Code): State | undefined {
    effects.exit('math')
    return ok(code)
  }
}

/** `$$`, the marker of display math. */
const dollarPair: Construct = {
  partial: true,
  tokenize(effects, ok, nok) {
    return start
    function start(code: Code): State | undefined {
      effects.enter('mathMarker')
      effects.consume(code)
      return second
    }
    function second(code: Code): State | undefined {
      if (code !== codes.dollarSign) return nok(code)
      effects.consume(code)
      effects.exit('mathMarker')
      return ok
    }
  }
}

function tokenizeInline(this: TokenizeContext, effects: Effects, ok: State, nok: State): State {
  const data = dataWriter(effects, 'mathData', 'mathLineEnding')
  let size = 0
  let any = false
  return start

  function start(code: Code): State | undefined {
    effects.enter('math')
    effects.enter('mathMarker')
    effects.consume(code)
    effects.exit('mathMarker')
    return open
  }

  function open(code: Code): State | undefined {
    // No white space right after the opening dollar.
    if (code === codes.eof || markdownLineEndingOrSpace(code)) return nok(code)
    return body(code)
  }

  function body(code: Code): State | undefined {
    if (code === codes.eof || ++size > MAX_MATH) return nok(code)
    if (code === codes.dollarSign && any) {
      data.close()
      effects.enter('mathMarker')
      effects.consume(code)
      effects.exit('mathMarker')
      return after
    }
    any = true
    if (code === codes.backslash) {
      data.character(code)
      return escaped
    }
    if (markdownSpace(code)) return space(code)
    data.character(code)
    return markdownLineEnding(code) ? notBeforeDollar : body
  }

  /** White space may not come right before the closing dollar. */
  function space(code: Code): State | undefined {
    if (markdownSpace(code)) {
      size++
      data.character(code)
      return space
    }
    if (markdownLineEnding(code)) {
      data.character(code)
      return notBeforeDollar
    }
    return notBeforeDollar(code)
  }

  function notBeforeDollar(code: Code): State | undefined {
    if (code === codes.dollarSign) return nok(code)
    if (markdownSpace(code)) return space(code)
    return body(code)
  }

  function escaped(code: Code): State | undefined {
    if (code === codes.eof) return nok(code)
    if (code === codes.lowercaseT) return effects.attempt(textBraces, body, escapedCharacter)(code)
    return escapedCharacter(code)
  }

  function escapedCharacter(code: Code): State | undefined {
    data.character(code)
    return body
  }

  /** No digit right after the closing dollar (`$5 and $6`). */
  function after(code: Code): State | undefined {
    if (asciiDigit(code)) return nok(code)
    effects.exit('math')
    return ok(code)
  }
}

/**
 * `ext{…}` after `\` in inline math, with balanced braces: `\text{…}` may
 * hold dollars. Runs inside the open `mathData` (the backslash opened it),
 * on one line.
 */
function tokenizeTextBraces(this: TokenizeContext, effects: Effects, ok: State, nok: State): State {
  const word = 'text'
  let index = 0
  let depth = 0
  let size = 0
  return start

  function start(code: Code): State | undefined {
    if (index < word.length) {
      if (code !== word.charCodeAt(index)) return nok(code)
      index++
      effects.consume(code)
      return start
    }
    if (code !== codes.leftCurlyBrace) return nok(code)
    return inside(code)
  }

  function inside(code: Code): State | undefined {
    if (code === codes.eof || markdownLineEnding(code) || ++size > MAX_MATH) return nok(code)
    if (code === codes.leftCurlyBrace && ++depth > MAX_NESTING) return nok(code)
    effects.consume(code)
    if (code === codes.rightCurlyBrace && --depth === 0) return ok
    return code === codes.backslash ? escapedInside : inside
  }

  function escapedInside(code: Code): State | undefined {
    if (code === codes.eof || markdownLineEnding(code)) return nok(code)
    effects.consume(code)
    return inside
  }
}

/**
 * The TeX as Pandoc keeps it: inline math trimmed, with the white space
 * before a line ending dropped; display math exactly as written.
 */
export function mathValue(source: string, isDisplay: boolean): string {
  const inner = isDisplay ? source.slice(2, -2) : source.slice(1, -1)
  if (isDisplay) return inner
  return inner.replace(/[ \t]*(\r\n|\r|\n)/g, '\n').trim()
}

export function mathFromMarkdown(): FromMarkdownExtension {
  return {
    enter: {
      math(this: CompileContext, token: Token) {
        this.enter({type: token._display ? 'displayMath' : 'inlineMath', value: ''} as never, token)
      }
    },
    exit: {
      math(this: CompileContext, token: Token) {
        const node = this.stack[this.stack.length - 1] as unknown as InlineMath | DisplayMath
        node.value = mathValue(this.sliceSerialize(token), Boolean(token._display))
        this.exit(token)
      }
    }
  }
}

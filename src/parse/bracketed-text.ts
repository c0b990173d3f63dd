/**
 * The bracketed inline text of Pandoc's inline notes (`^[…]`) and bracketed
 * spans (`[…]{.class}`): from `[` to its matching `]` (brackets may nest,
 * `\]` escapes, a `]` in a code span closes nothing), handed back to
 * micromark as ordinary inline text (`chunkText`), so emphasis, links and
 * citations inside work and keep their positions. Shared states, not a
 * construct: each construct writes its own markers around it.
 */
import type {Code, Construct, Effects, State, Token, TokenizeContext, TokenType} from 'micromark-util-types'
import {codes} from 'micromark-util-symbol'
import {isLineEnding} from './codes.js'
import {MAX_NESTING} from './limits.js'

/**
 * Is there a code span here: a run of backticks, and the same number again
 * later on (lines of one paragraph are one text)? A lookahead only.
 */
function codeSpan(max: number): Construct {
  return {partial: true, tokenize: tokenizeCodeSpan}

  function tokenizeCodeSpan(this: TokenizeContext, effects: Effects, ok: State, nok: State): State {
    let fence = 0
    let inner = 0
    let size = 0
    return start

    function start(code: Code): State | undefined {
      // Characters are consumed inside a token, even in a lookahead.
      effects.enter('data')
      return opening(code)
    }

    function opening(code: Code): State | undefined {
      if (code === codes.graveAccent) {
        fence++
        effects.consume(code)
        return opening
      }
      return body(code)
    }

    function body(code: Code): State | undefined {
      if (code === codes.eof || ++size > max) return nok(code)
      if (code === codes.graveAccent) {
        inner = 0
        return closing(code)
      }
      effects.consume(code)
      return body
    }

    function closing(code: Code): State | undefined {
      if (code === codes.graveAccent) {
        inner++
        effects.consume(code)
        return closing
      }
      if (inner !== fence) return body(code)
      effects.exit('data')
      return ok(code)
    }
  }
}

export interface BracketedOptions {
  /** The token type of the `[` and `]`. */
  marker: TokenType
  /** Characters the text may hold. */
  max: number
  /** After the `]`, with the code that follows it. */
  after: State
  nok: State
  /** `[]` matches (a bracketed span may be empty, an anchor: `[]{#here}`). */
  empty?: boolean | undefined
}

/** States from `[` to its `]`; empty text (`[]`) is no match unless `options.empty`. */
export function bracketedText(effects: Effects, options: BracketedOptions): State {
  const {marker, max, after, nok} = options
  const lookahead = codeSpan(max)
  let depth = 0
  let size = 0
  let chunk: Token | undefined
  let empty = true
  // The next chunk starts at the next character, not right after a line
  // ending: a token must start inside the buffer it ends in.
  let chunkOpen = false
  return open

  function open(code: Code): State | undefined {
    if (code !== codes.leftSquareBracket) return nok(code)
    effects.enter(marker)
    effects.consume(code)
    effects.exit(marker)
    return before
  }

  function startChunk(): void {
    chunkOpen = true
    const token = effects.enter('chunkText', {contentType: 'text', previous: chunk})
    if (chunk) chunk.next = token
    chunk = token
  }

  function before(code: Code): State | undefined {
    if (code === codes.rightSquareBracket) return options.empty ? close(code) : nok(code)
    startChunk()
    return inside(code)
  }

  function inside(code: Code): State | undefined {
    if (code === codes.eof || ++size > max) return nok(code)
    if (code === codes.graveAccent) return effects.check(lookahead, codeRun, plain)(code)
    if (code === codes.backslash) {
      consume(code)
      return escaped
    }
    if (code === codes.leftSquareBracket && ++depth > MAX_NESTING) return nok(code)
    if (code === codes.rightSquareBracket) {
      if (depth === 0) return empty ? nok(code) : close(code)
      depth--
    }
    consume(code)
    return inside
  }

  function close(code: Code): State | undefined {
    if (chunkOpen) effects.exit('chunkText')
    effects.enter(marker)
    effects.consume(code)
    effects.exit(marker)
    return after
  }

  /** A code span inside: its characters are the text, but a `]` in it closes nothing. */
  function codeRun(code: Code): State | undefined {
    let fence = 0
    let inner = 0
    const opening = (c: Code): State | undefined => {
      if (c === codes.graveAccent) {
        fence++
        consume(c)
        return opening
      }
      return body(c)
    }
    const body = (c: Code): State | undefined => {
      if (c === codes.graveAccent) {
        inner = 0
        return closing(c)
      }
      consume(c)
      return body
    }
    const closing = (c: Code): State | undefined => {
      if (c === codes.graveAccent) {
        inner++
        consume(c)
        return closing
      }
      if (inner === fence) return inside(c)
      return body(c)
    }
    return opening(code)
  }

  /**
   * Consume one character of the text. A line ending ends the chunk and
   * links a new one, as micromark's own content does: its subtokenizer
   * expects one chunk per line.
   */
  function consume(code: Code): void {
    if (!chunkOpen) startChunk()
    if (!isLineEnding(code)) empty = false
    effects.consume(code)
    if (isLineEnding(code)) {
      effects.exit('chunkText')
      chunkOpen = false
    }
  }

  /** Backticks that open no code span are text, the whole run of them. */
  function plain(code: Code): State | undefined {
    if (code === codes.graveAccent) {
      consume(code)
      return plain
    }
    return inside(code)
  }

  function escaped(code: Code): State | undefined {
    if (code === codes.eof) return nok(code)
    consume(code)
    return inside
  }
}

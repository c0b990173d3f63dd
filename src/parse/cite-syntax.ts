/**
 * micromark extension: Pandoc citation syntax.
 *
 * Bracketed:  `[see @a, p. 3; -@b]`
 * Narrative:  `@a`, `-@a`, `@a [p. 12]`, `@a [p. 12; @b]`
 * Keys:       `@doe99`, `@{https://doi.org/x}`
 *
 * Rules follow Pandoc's `Text.Pandoc.Parsing.Citations` (see README, "Citation syntax"):
 * `@` must not follow a letter or digit (so `name@example.com` is no citation),
 * a key's inner punctuation is kept only when a key character follows it,
 * a bracketed citation followed by `(`, `[` or `{` is a link or span, not a citation.
 *
 * Tokens: `citation` wraps `citationMarker` (`[`, `]`), `citationPrefix`,
 * `citationSuppress` (`-`), `citationKeyMarker` (`@`), `citationKey`,
 * `citationSuffix`, `citationSeparator` (`;`) and `citationSpace`.
 */
import {codes} from 'micromark-util-symbol'
import type {Code, Construct, Effects, Extension, State, TokenizeContext, TokenType} from 'micromark-util-types'
import {isLineEnding, isSpace} from './codes.js'
import {MAX_CITATION, MAX_KEY, MAX_NESTING} from './limits.js'

declare module 'micromark-util-types' {
  interface TokenTypeMap {
    citation: 'citation'
    citationMarker: 'citationMarker'
    citationPrefix: 'citationPrefix'
    citationSuppress: 'citationSuppress'
    citationKeyMarker: 'citationKeyMarker'
    citationKey: 'citationKey'
    citationSuffix: 'citationSuffix'
    citationSeparator: 'citationSeparator'
    citationSpace: 'citationSpace'
  }
}

const AT = 64
const DASH = 45
const LBRACKET = 91
const RBRACKET = 93
const LBRACE = 123
const RBRACE = 125
const LPAREN = 40
const SEMICOLON = 59
const BACKSLASH = 92
const CARET = 94
const SLASH = 47
const COLON = 58
const UNDERSCORE = 95
const STAR = 42

/** Punctuation kept inside a plain key when a key character follows. */
const INNER_PUNCTUATION = new Set(Array.from(':.#$%&-+?<>~/', (c) => c.charCodeAt(0)))

const wordRe = /^[\p{L}\p{N}]$/u

/** Letter or digit (any script); surrogate halves count, so astral letters work. */
export function isWordCode(code: Code): boolean {
  if (code === null || code < 0) return false
  if (code >= 0xd800 && code <= 0xdfff) return true
  return wordRe.test(String.fromCharCode(code))
}

function isKeyChar(code: Code): boolean {
  return code === UNDERSCORE || isWordCode(code)
}



const notAfterWord = function (this: TokenizeContext, code: Code): boolean {
  return !isWordCode(code)
}

/** `@key` or `-@key`, plain or braced; a partial construct used inside both citation forms. */
const keyConstruct: Construct = {tokenize: tokenizeKey, partial: true}
/** Punctuation inside a key, kept only when followed by a key character. */
const innerPunctuation: Construct = {tokenize: tokenizeInnerPunctuation, partial: true}
/** `[suffix; @more]` after a narrative key. */
const narrativeBracket: Construct = {tokenize: tokenizeNarrativeBracket, partial: true}

const bracketed: Construct = {name: 'citation', tokenize: tokenizeBracketed}
const narrative: Construct = {name: 'citationNarrative', tokenize: tokenizeNarrative, previous: notAfterWord}

/** The syntax extension; add it with `micromarkExtensions` (see `remarkCite`). */
export function citeSyntax(): Extension {
  return {text: {[LBRACKET]: bracketed, [AT]: narrative, [DASH]: narrative}}
}

function tokenizeKey(this: TokenizeContext, effects: Effects, ok: State, nok: State): State {
  let depth = 0
  let empty = true
  let size = 0
  return start

  function start(code: Code): State | undefined {
    if (code === DASH) {
      effects.enter('citationSuppress')
      effects.consume(code)
      effects.exit('citationSuppress')
      return marker
    }
    return marker(code)
  }

  function marker(code: Code): State | undefined {
    if (code !== AT) return nok(code)
    effects.enter('citationKeyMarker')
    effects.consume(code)
    effects.exit('citationKeyMarker')
    return first
  }

  function first(code: Code): State | undefined {
    if (code === LBRACE) {
      effects.enter('citationKey')
      effects.consume(code)
      depth = 1
      return braced
    }
    if (isKeyChar(code) || code === STAR) {
      effects.enter('citationKey')
      effects.consume(code)
      return plain
    }
    return nok(code)
  }

  function braced(code: Code): State | undefined {
    if (code === null || code < 0 || code === codes.space || ++size > MAX_KEY) return nok(code)
    if (code === LBRACE && ++depth > MAX_NESTING) return nok(code)
    if (code === RBRACE) {
      depth--
      if (depth === 0) {
        // `@{}` is no key.
        if (empty) return nok(code)
        effects.consume(code)
        effects.exit('citationKey')
        return ok
      }
    }
    effects.consume(code)
    empty = false
    return braced
  }

  function plain(code: Code): State | undefined {
    if (isKeyChar(code)) {
      effects.consume(code)
      return plain
    }
    if (code !== null && INNER_PUNCTUATION.has(code)) {
      return effects.check(innerPunctuation, punctuation, done)(code)
    }
    return done(code)
  }

  function punctuation(code: Code): State | undefined {
    effects.consume(code)
    return plain
  }

  function done(code: Code): State | undefined {
    effects.exit('citationKey')
    return ok(code)
  }
}

function tokenizeInnerPunctuation(this: TokenizeContext, effects: Effects, ok: State, nok: State): State {
  let punct: Code = null
  return start

  function start(code: Code): State | undefined {
    punct = code
    effects.enter('citationKey')
    effects.consume(code)
    return after
  }

  function after(code: Code): State | undefined {
    effects.exit('citationKey')
    if (isKeyChar(code)) return ok(code)
    if ((punct === COLON || punct === SLASH) && code === SLASH) return ok(code)
    return nok(code)
  }
}

/** Shared body of a bracket: prefix? key suffix (`;` prefix? key suffix)* `]`. */
function bracketBody(
  effects: Effects,
  ok: State,
  nok: State,
  startInSuffix: boolean
): State {
  let depth = 0
  let size = 0
  let open: TokenType | undefined
  let previous: Code = LBRACKET

  return startInSuffix ? suffix : prefix

  function openAs(type: TokenType): void {
    if (open === type) return
    close()
    effects.enter(type)
    open = type
  }

  function close(): void {
    if (open) effects.exit(open)
    open = undefined
  }

  /** Past the bounds of limits.ts: not a citation. */
  function tooBig(code: Code): boolean {
    if (code === LBRACKET || code === LBRACE) return ++size > MAX_CITATION || depth >= MAX_NESTING
    return ++size > MAX_CITATION
  }

  function take(code: Code, type: TokenType, next: State): State {
    previous = code
    if (isLineEnding(code)) {
      // A line ending is a token of its own: micromark's subtokenizer
      // splits a paragraph's text into lines at such tokens.
      close()
      effects.enter(type)
      effects.consume(code)
      effects.exit(type)
      return next
    }
    openAs(type)
    effects.consume(code)
    return next
  }

  function prefix(code: Code): State | undefined {
    if (code === null || tooBig(code)) return nok(code)
    if (code === BACKSLASH) {
      openAs('citationPrefix')
      effects.consume(code)
      return escapedPrefix
    }
    if ((code === AT || code === DASH) && depth === 0 && !isWordCode(previous)) {
      close()
      return effects.attempt(keyConstruct, afterKey, prefixData)(code)
    }
    // A prefix ends at `]` or `;`: `[foo; @b]` is no citation (as in Pandoc).
    if ((code === RBRACKET || code === SEMICOLON) && depth === 0) return nok(code)
    return prefixData(code)
  }

  function prefixData(code: Code): State | undefined {
    if (code === null) return nok(code)
    if (code === LBRACKET || code === LBRACE) depth++
    if ((code === RBRACKET || code === RBRACE) && depth > 0) depth--
    return take(code, 'citationPrefix', prefix)
  }

  function escapedPrefix(code: Code): State | undefined {
    if (code === null) return nok(code)
    return take(code, 'citationPrefix', prefix)
  }

  function afterKey(code: Code): State | undefined {
    open = undefined
    return suffix(code)
  }

  function suffix(code: Code): State | undefined {
    if (code === null || tooBig(code)) return nok(code)
    if (depth === 0 && code === SEMICOLON) {
      close()
      effects.enter('citationSeparator')
      effects.consume(code)
      effects.exit('citationSeparator')
      previous = code
      return prefix
    }
    if (depth === 0 && code === RBRACKET) {
      close()
      effects.enter('citationMarker')
      effects.consume(code)
      effects.exit('citationMarker')
      return after
    }
    if (code === BACKSLASH) {
      openAs('citationSuffix')
      effects.consume(code)
      return escapedSuffix
    }
    if (code === LBRACKET || code === LBRACE) depth++
    if ((code === RBRACKET || code === RBRACE) && depth > 0) depth--
    return take(code, 'citationSuffix', suffix)
  }

  function escapedSuffix(code: Code): State | undefined {
    if (code === null) return nok(code)
    return take(code, 'citationSuffix', suffix)
  }

  function after(code: Code): State | undefined {
    // `[@a](url)`, `[@a][ref]` and `[@a]{.class}` are links and spans.
    if (code === LPAREN || code === LBRACKET || code === LBRACE) return nok(code)
    return ok(code)
  }
}

function tokenizeBracketed(this: TokenizeContext, effects: Effects, ok: State, nok: State): State {
  return start

  function start(code: Code): State | undefined {
    if (code !== LBRACKET) return nok(code)
    effects.enter('citation')
    effects.enter('citationMarker')
    effects.consume(code)
    effects.exit('citationMarker')
    return bracketBody(effects, end, nok, false)
  }

  function end(code: Code): State | undefined {
    effects.exit('citation')
    return ok(code)
  }
}

function tokenizeNarrative(this: TokenizeContext, effects: Effects, ok: State, nok: State): State {
  return start

  function start(code: Code): State | undefined {
    effects.enter('citation')
    return effects.attempt(keyConstruct, afterKey, nok)(code)
  }

  function afterKey(code: Code): State | undefined {
    return effects.attempt(narrativeBracket, end, end)(code)
  }

  function end(code: Code): State | undefined {
    effects.exit('citation')
    return ok(code)
  }
}

function tokenizeNarrativeBracket(this: TokenizeContext, effects: Effects, ok: State, nok: State): State {
  let lineEndings = 0
  let spaced = false
  return space

  function space(code: Code): State | undefined {
    if (isSpace(code) || (isLineEnding(code) && lineEndings === 0)) {
      if (isLineEnding(code)) lineEndings++
      if (!spaced) effects.enter('citationSpace')
      spaced = true
      effects.consume(code)
      return space
    }
    if (spaced) effects.exit('citationSpace')
    if (code !== LBRACKET) return nok(code)
    effects.enter('citationMarker')
    effects.consume(code)
    effects.exit('citationMarker')
    return notCaret
  }

  function notCaret(code: Code): State | undefined {
    // `@a [^note]` is a footnote call, not a locator.
    if (code === CARET) return nok(code)
    // `@a [see @b]` adds items; otherwise the bracket is `@a`'s suffix (`@a [p. 3; @b]`).
    return effects.attempt(narrativeItems, ok, effects.attempt(narrativeSuffix, ok, nok))(code)
  }
}

const narrativeItems: Construct = {
  partial: true,
  tokenize(effects, ok, nok) {
    return bracketBody(effects, ok, nok, false)
  }
}

const narrativeSuffix: Construct = {
  partial: true,
  tokenize(effects, ok, nok) {
    return bracketBody(effects, ok, nok, true)
  }
}

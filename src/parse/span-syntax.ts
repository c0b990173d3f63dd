/**
 * micromark: Pandoc's bracketed spans, `[text with *inlines*]{#id .class}`.
 * The attributes must follow the `]` at once; `[text]` alone stays what
 * CommonMark makes of it (a reference link or text).
 */
import type {Code, Construct, Effects, Extension, State, TokenizeContext} from 'micromark-util-types'
import {codes} from 'micromark-util-symbol'
import {attributeStates} from './attribute-syntax.js'
import {bracketedText} from './bracketed-text.js'
import {MAX_INLINE_NOTE} from './limits.js'

declare module 'micromark-util-types' {
  interface TokenTypeMap {
    bracketedSpan: 'bracketedSpan'
    bracketedSpanMarker: 'bracketedSpanMarker'
  }
}

const span: Construct = {name: 'bracketedSpan', tokenize}

export function spanSyntax(): Extension {
  return {text: {[codes.leftSquareBracket]: span}}
}

function tokenize(this: TokenizeContext, effects: Effects, ok: State, nok: State): State {
  return start

  function start(code: Code): State | undefined {
    effects.enter('bracketedSpan')
    return bracketedText(effects, {marker: 'bracketedSpanMarker', max: MAX_INLINE_NOTE, after: attributes, nok, empty: true})(code)
  }

  function attributes(code: Code): State | undefined {
    return attributeStates(effects, end, nok)(code)
  }

  function end(code: Code): State | undefined {
    effects.exit('bracketedSpan')
    return ok(code)
  }
}

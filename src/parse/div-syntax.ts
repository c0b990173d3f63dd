/**
 * micromark extension: fence lines of Pandoc fenced divs.
 *
 *     ::: {#refs .references}      opening fence (attributes or one class word)
 *     :::                          closing fence
 *
 * Only the fence lines are syntax; `remarkFencedDivs` nests the blocks
 * between them, so the content stays ordinary Markdown with positions.
 */
import type {Code, Construct, Effects, Extension, State, TokenizeContext} from 'micromark-util-types'
import {isEol, isSpace} from './codes.js'

declare module 'micromark-util-types' {
  interface TokenTypeMap {
    divFence: 'divFence'
    divFenceSequence: 'divFenceSequence'
    divFenceAttributes: 'divFenceAttributes'
    divFenceSpace: 'divFenceSpace'
  }
}

const COLON = 58
const LBRACE = 123
const RBRACE = 125

const fence: Construct = {name: 'divFence', tokenize: tokenizeFence, concrete: false}

export function divSyntax(): Extension {
  return {flow: {[COLON]: fence}}
}



function tokenizeFence(this: TokenizeContext, effects: Effects, ok: State, nok: State): State {
  let colons = 0
  return start

  function start(code: Code): State | undefined {
    effects.enter('divFence')
    effects.enter('divFenceSequence')
    return sequence(code)
  }

  function sequence(code: Code): State | undefined {
    if (code === COLON) {
      colons++
      effects.consume(code)
      return sequence
    }
    if (colons < 3) return nok(code)
    effects.exit('divFenceSequence')
    return beforeAttributes(code)
  }

  function beforeAttributes(code: Code): State | undefined {
    if (isSpace(code)) {
      effects.enter('divFenceSpace')
      return spaceThen(beforeAttributes)(code)
    }
    if (isEol(code)) return end(code)
    if (code === COLON) return trailing(code)
    effects.enter('divFenceAttributes')
    if (code === LBRACE) {
      effects.consume(code)
      return braced
    }
    return word(code)
  }

  function braced(code: Code): State | undefined {
    if (isEol(code)) return nok(code)
    effects.consume(code)
    if (code === RBRACE) {
      effects.exit('divFenceAttributes')
      return trailing
    }
    return braced
  }

  function word(code: Code): State | undefined {
    if (isEol(code) || isSpace(code) || code === COLON) {
      effects.exit('divFenceAttributes')
      return trailing(code)
    }
    if (code === LBRACE || code === RBRACE) return nok(code)
    effects.consume(code)
    return word
  }

  function trailing(code: Code): State | undefined {
    if (isSpace(code) || code === COLON) {
      effects.enter('divFenceSpace')
      return spaceThen(trailing)(code)
    }
    return isEol(code) ? end(code) : nok(code)
  }

  /** Spaces (and trailing colons) in a token of their own, then `next`. */
  function spaceThen(next: State): State {
    return function space(code: Code): State | undefined {
      if (isSpace(code) || (next === trailing && code === COLON)) {
        effects.consume(code)
        return space
      }
      effects.exit('divFenceSpace')
      return next(code)
    }
  }

  function end(code: Code): State | undefined {
    effects.exit('divFence')
    return ok(code)
  }
}

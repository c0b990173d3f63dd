/**
 * micromark: Pandoc's superscript `2^10^` and subscript `H~2~O`. The text
 * between the markers holds no unescaped space or line ending (`a^b c^` is
 * text) and is read as inlines (`a^*x*^`). `~~` is strikeout (GFM's), never
 * an empty subscript.
 */
import type {Code, Construct, Effects, Extension, State, TokenizeContext} from 'micromark-util-types'
import {codes} from 'micromark-util-symbol'
import {isEol, isSpace} from './codes.js'

declare module 'micromark-util-types' {
  interface TokenTypeMap {
    superscript: 'superscript'
    subscript: 'subscript'
    scriptMarker: 'scriptMarker'
  }
}

/** Characters between the markers. */
const MAX_SCRIPT = 1000

function construct(marker: number, type: 'superscript' | 'subscript'): Construct {
  // Before an inline note, as in Pandoc: `^[✉](#mail)^` is a superscript link, `^[a note]` a note.
  return {name: type, tokenize, add: 'before'}

  function tokenize(this: TokenizeContext, effects: Effects, ok: State, nok: State): State {
    let size = 0
    // `~~` after a `~` is strikeout's; a `^` or `~` right before is another run.
    if (this.previous === marker) return nok
    return start

    function start(code: Code): State | undefined {
      effects.enter(type)
      effects.enter('scriptMarker')
      effects.consume(code)
      effects.exit('scriptMarker')
      return first
    }

    function first(code: Code): State | undefined {
      if (code === marker) return nok(code)
      if (isEol(code) || isSpace(code)) return nok(code)
      effects.enter('chunkText', {contentType: 'text'})
      return inside(code)
    }

    function inside(code: Code): State | undefined {
      if (isEol(code) || isSpace(code) || ++size > MAX_SCRIPT) return nok(code)
      if (code === marker) {
        effects.exit('chunkText')
        effects.enter('scriptMarker')
        effects.consume(code)
        effects.exit('scriptMarker')
        effects.exit(type)
        return ok
      }
      effects.consume(code)
      return code === codes.backslash ? escaped : inside
    }

    function escaped(code: Code): State | undefined {
      if (isEol(code)) return nok(code)
      effects.consume(code)
      return inside
    }
  }
}

export function scriptSyntax(): Extension {
  return {text: {[codes.caret]: construct(codes.caret, 'superscript'), [codes.tilde]: construct(codes.tilde, 'subscript')}}
}

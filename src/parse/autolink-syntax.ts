/**
 * micromark: e-mail autolinks as Pandoc reads them, `<测@foo.测.baz>`,
 * `<me@ex&auml;mple.com>`: letters and digits of any script and character
 * references, where CommonMark allows ASCII only. URI autolinks stay the
 * core's; remark-pandoc-links.ts decodes references in both, as Pandoc does.
 */
import type {Code, Construct, Effects, Extension, State} from 'micromark-util-types'
import {codes} from 'micromark-util-symbol'
import {isEol, isSpace} from './codes.js'

/** Characters between `<` and `>`. */
const MAX_EMAIL = 320

/** Pandoc's e-mail characters: letters, digits, `!"#$%&'*+-/=?^_{|}~;` and the dots between words. */
const EMAIL = /^[\p{L}\p{N}!"#$%&'*+\-/=?^_{|}~;.]+@[\p{L}\p{N}&#;][\p{L}\p{N}\-.&#;]*$/u

const email: Construct = {name: 'pandocEmailAutolink', tokenize}

function tokenize(effects: Effects, ok: State, nok: State): State {
  let text = ''
  return start

  function start(code: Code): State | undefined {
    effects.enter('autolink')
    effects.enter('autolinkMarker')
    effects.consume(code)
    effects.exit('autolinkMarker')
    return first
  }

  function first(code: Code): State | undefined {
    if (isEol(code) || isSpace(code) || code === codes.greaterThan) return nok(code)
    effects.enter('autolinkEmail')
    return inside(code)
  }

  function inside(code: Code): State | undefined {
    if (isEol(code) || isSpace(code) || code === codes.lessThan || text.length > MAX_EMAIL) return nok(code)
    if (code === codes.greaterThan) {
      if (!EMAIL.test(text)) return nok(code)
      effects.exit('autolinkEmail')
      effects.enter('autolinkMarker')
      effects.consume(code)
      effects.exit('autolinkMarker')
      effects.exit('autolink')
      return ok
    }
    text += String.fromCodePoint(code!)
    effects.consume(code)
    return inside
  }
}

export function autolinkSyntax(): Extension {
  return {text: {[codes.lessThan]: email}}
}

/**
 * micromark: Pandoc's `escaped_line_breaks` at the end of a paragraph or a
 * heading. CommonMark reads a backslash before a line ending as a hard break
 * only when more text follows; Pandoc reads one at the very end too (`# hi\`,
 * `line\` before a code fence) and writes `<br />` there.
 */
import type {Code, Construct, Effects, Extension, State} from 'micromark-util-types'
import {codes} from 'micromark-util-symbol'

declare module 'micromark-util-types' {
  interface TokenTypeMap {
    pandocLineBreak: 'pandocLineBreak'
  }
}

const lineBreak: Construct = {name: 'pandocLineBreak', tokenize}

function tokenize(effects: Effects, ok: State, nok: State): State {
  return start

  function start(code: Code): State | undefined {
    effects.enter('pandocLineBreak')
    effects.consume(code)
    return after
  }

  // The end of the text: a paragraph or heading that ends in `\`.
  function after(code: Code): State | undefined {
    if (code !== codes.eof) return nok(code)
    effects.exit('pandocLineBreak')
    return ok(code)
  }
}

export function lineBreakSyntax(): Extension {
  return {text: {[codes.backslash]: lineBreak}}
}

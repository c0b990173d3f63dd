/**
 * micromark extension: Pandoc inline notes, `text^[A note with *emphasis*.]`.
 * The content between the brackets (brackets may nest, `\]` escapes) is
 * handed back to micromark as ordinary inline text, so citations, emphasis
 * and links inside a note work and keep their positions.
 */
import type {Code, Construct, Effects, Extension, State, TokenizeContext} from 'micromark-util-types'
import {codes} from 'micromark-util-symbol'
import {bracketedText} from './bracketed-text.js'
import {MAX_INLINE_NOTE} from './limits.js'
import type {CompileContext, Extension as FromMarkdownExtension} from 'mdast-util-from-markdown'
import type {Parent, PhrasingContent} from 'mdast'

declare module 'micromark-util-types' {
  interface TokenTypeMap {
    inlineNote: 'inlineNote'
    inlineNoteMarker: 'inlineNoteMarker'
  }
}

export interface InlineNote extends Parent {
  type: 'inlineNote'
  children: PhrasingContent[]
}

declare module 'mdast' {
  interface PhrasingContentMap {
    inlineNote: InlineNote
  }
  interface RootContentMap {
    inlineNote: InlineNote
  }
}

const inlineNote: Construct = {name: 'inlineNote', tokenize}

export function inlineNoteSyntax(): Extension {
  return {text: {[codes.caret]: inlineNote}}
}

function tokenize(this: TokenizeContext, effects: Effects, ok: State, nok: State): State {
  return start

  function start(code: Code): State | undefined {
    effects.enter('inlineNote')
    effects.enter('inlineNoteMarker')
    effects.consume(code)
    effects.exit('inlineNoteMarker')
    return bracketedText(effects, {marker: 'inlineNoteMarker', max: MAX_INLINE_NOTE, after: end, nok})
  }

  function end(code: Code): State | undefined {
    effects.exit('inlineNote')
    return ok(code)
  }
}

export function inlineNoteFromMarkdown(): FromMarkdownExtension {
  return {
    // Line endings inside a note are its text's, as in a paragraph.
    canContainEols: ['inlineNote'],
    enter: {
      inlineNote(this: CompileContext, token) {
        this.enter({type: 'inlineNote', children: []} as never, token)
      }
    },
    exit: {
      inlineNote(this: CompileContext, token) {
        this.exit(token)
      }
    }
  }
}

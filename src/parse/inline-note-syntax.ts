/**
 * micromark extension: Pandoc inline notes, `text^[A note with *emphasis*.]`.
 * The content between the brackets (brackets may nest, `\]` escapes) is
 * handed back to micromark as ordinary inline text, so citations, emphasis
 * and links inside a note work and keep their positions.
 */
import type {Code, Construct, Effects, Extension, State, Token, TokenizeContext} from 'micromark-util-types'
import {isLineEnding} from './codes.js'
import {MAX_INLINE_NOTE, MAX_NESTING} from './limits.js'
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

const CARET = 94
const LBRACKET = 91
const RBRACKET = 93
const BACKSLASH = 92

const inlineNote: Construct = {name: 'inlineNote', tokenize}

export function inlineNoteSyntax(): Extension {
  return {text: {[CARET]: inlineNote}}
}


function tokenize(this: TokenizeContext, effects: Effects, ok: State, nok: State): State {
  let depth = 0
  let size = 0
  let chunk: Token | undefined
  let empty = true
  return start

  function start(code: Code): State | undefined {
    effects.enter('inlineNote')
    effects.enter('inlineNoteMarker')
    effects.consume(code)
    return open
  }

  function open(code: Code): State | undefined {
    if (code !== LBRACKET) return nok(code)
    effects.consume(code)
    effects.exit('inlineNoteMarker')
    return before
  }

  function startChunk(): void {
    const token = effects.enter('chunkText', {contentType: 'text', previous: chunk})
    if (chunk) chunk.next = token
    chunk = token
  }

  function before(code: Code): State | undefined {
    if (code === RBRACKET) return nok(code)
    startChunk()
    return inside(code)
  }

  function inside(code: Code): State | undefined {
    if (code === null || ++size > MAX_INLINE_NOTE) return nok(code)
    if (isLineEnding(code)) {
      effects.consume(code)
      return inside
    }
    if (code === BACKSLASH) {
      effects.consume(code)
      return escaped
    }
    if (code === LBRACKET && ++depth > MAX_NESTING) return nok(code)
    if (code === RBRACKET) {
      if (depth === 0) {
        if (empty) return nok(code)
        effects.exit('chunkText')
        effects.enter('inlineNoteMarker')
        effects.consume(code)
        effects.exit('inlineNoteMarker')
        effects.exit('inlineNote')
        return ok
      }
      depth--
    }
    empty = false
    effects.consume(code)
    return inside
  }

  function escaped(code: Code): State | undefined {
    if (code === null) return nok(code)
    empty = false
    effects.consume(code)
    return inside
  }
}

export function inlineNoteFromMarkdown(): FromMarkdownExtension {
  return {
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

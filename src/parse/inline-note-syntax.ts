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
const GRAVE = 96

/**
 * Is there a code span here: a run of backticks, and the same number again
 * later on (lines of one paragraph are one text)? A lookahead only.
 */
const codeSpan: Construct = {partial: true, tokenize: tokenizeCodeSpan}

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
    if (code === GRAVE) {
      fence++
      effects.consume(code)
      return opening
    }
    return body(code)
  }

  function body(code: Code): State | undefined {
    if (code === null || ++size > MAX_INLINE_NOTE) return nok(code)
    if (code === GRAVE) {
      inner = 0
      return closing(code)
    }
    effects.consume(code)
    return body
  }

  function closing(code: Code): State | undefined {
    if (code === GRAVE) {
      inner++
      effects.consume(code)
      return closing
    }
    if (inner !== fence) return body(code)
    effects.exit('data')
    return ok(code)
  }
}

const inlineNote: Construct = {name: 'inlineNote', tokenize}

export function inlineNoteSyntax(): Extension {
  return {text: {[CARET]: inlineNote}}
}


function tokenize(this: TokenizeContext, effects: Effects, ok: State, nok: State): State {
  let depth = 0
  let size = 0
  let chunk: Token | undefined
  let empty = true
  // The next chunk starts at the next character, not right after a line
  // ending: a token must start inside the buffer it ends in.
  let chunkOpen = false
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
    chunkOpen = true
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
    if (code === GRAVE) return effects.check(codeSpan, codeRun, plain)(code)
    if (code === BACKSLASH) {
      consume(code)
      return escaped
    }
    if (code === LBRACKET && ++depth > MAX_NESTING) return nok(code)
    if (code === RBRACKET) {
      if (depth === 0) return empty ? nok(code) : close(code)
      depth--
    }
    consume(code)
    return inside
  }

  function close(code: Code): State | undefined {
    if (chunkOpen) effects.exit('chunkText')
    effects.enter('inlineNoteMarker')
    effects.consume(code)
    effects.exit('inlineNoteMarker')
    effects.exit('inlineNote')
    return ok
  }

  /** A code span inside the note: its characters are the note's text, but a `]` in it closes nothing. */
  function codeRun(code: Code): State | undefined {
    let fence = 0
    let inner = 0
    const opening = (c: Code): State | undefined => {
      if (c === GRAVE) {
        fence++
        consume(c)
        return opening
      }
      return body(c)
    }
    const body = (c: Code): State | undefined => {
      if (c === GRAVE) {
        inner = 0
        return closing(c)
      }
      consume(c)
      return body
    }
    const closing = (c: Code): State | undefined => {
      if (c === GRAVE) {
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
   * Consume one character of the note's text. A line ending ends the chunk
   * and links a new one, as micromark's own content does: its subtokenizer
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
    if (code === GRAVE) {
      consume(code)
      return plain
    }
    return inside(code)
  }

  function escaped(code: Code): State | undefined {
    if (code === null) return nok(code)
    consume(code)
    return inside
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

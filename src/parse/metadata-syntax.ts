/**
 * micromark extension: Pandoc YAML metadata blocks after the start of the
 * document (the first one is front matter, read by remark-frontmatter).
 *
 *     ---
 *     key: value
 *     ...            (or ---)
 *
 * As in Pandoc, the opening `---` must be followed directly by a YAML line
 * (`key: …`), not a blank line, so thematic breaks keep working; it must not
 * interrupt a paragraph, and it needs a closing line.
 * Gives a `yaml` node, the same as front matter.
 */
import type {Code, Construct, Effects, Extension, State, TokenizeContext} from 'micromark-util-types'
import {isLineEnding, isSpace} from './codes.js'
import type {CompileContext, Extension as FromMarkdownExtension, Token} from 'mdast-util-from-markdown'

declare module 'micromark-util-types' {
  interface TokenTypeMap {
    metadataBlock: 'metadataBlock'
    metadataFence: 'metadataFence'
    metadataValue: 'metadataValue'
    metadataLineEnding: 'metadataLineEnding'
  }
}

const DASH = 45
const DOT = 46
const COLON = 58


const block: Construct = {name: 'metadataBlock', tokenize, concrete: true}

export function metadataSyntax(): Extension {
  return {flow: {[DASH]: block}}
}

function tokenize(this: TokenizeContext, effects: Effects, ok: State, nok: State): State {
  const self = this
  let size = 0
  let marker: Code = DASH
  let firstLine = true
  let sawColon = false
  return start

  function start(code: Code): State | undefined {
    if (self.interrupt) return nok(code)
    effects.enter('metadataBlock')
    effects.enter('metadataFence')
    return open(code)
  }

  function open(code: Code): State | undefined {
    if (code === DASH && size < 3) {
      size++
      effects.consume(code)
      return open
    }
    if (size !== 3) return nok(code)
    return afterOpen(code)
  }

  function afterOpen(code: Code): State | undefined {
    if (isSpace(code)) {
      effects.consume(code)
      return afterOpen
    }
    if (!isLineEnding(code)) return nok(code)
    effects.exit('metadataFence')
    effects.enter('metadataLineEnding')
    effects.consume(code)
    effects.exit('metadataLineEnding')
    return contentStart
  }

  /** At the start of a line: a closing fence, or a value line. */
  function contentStart(code: Code): State | undefined {
    if (code === null) return nok(code)
    if (firstLine && (isLineEnding(code) || isSpace(code))) return nok(code)
    if (!firstLine && (code === DASH || code === DOT)) {
      return effects.attempt({tokenize: tokenizeClose, partial: true}, done, valueLine)(code)
    }
    return valueLine(code)
  }

  function valueLine(code: Code): State | undefined {
    if (isLineEnding(code)) {
      // A blank line inside the block is part of the YAML.
      return lineEnding(code)
    }
    effects.enter('metadataValue')
    return value(code)
  }

  function value(code: Code): State | undefined {
    if (code === null) return nok(code)
    if (isLineEnding(code)) {
      effects.exit('metadataValue')
      if (firstLine && !sawColon) return nok(code)
      return lineEnding(code)
    }
    if (code === COLON) sawColon = true
    effects.consume(code)
    return value
  }

  function lineEnding(code: Code): State | undefined {
    firstLine = false
    effects.enter('metadataLineEnding')
    effects.consume(code)
    effects.exit('metadataLineEnding')
    return contentStart
  }

  function done(code: Code): State | undefined {
    effects.exit('metadataBlock')
    return ok(code)
  }

  function tokenizeClose(this: TokenizeContext, effects: Effects, ok: State, nok: State): State {
    let count = 0
    return closeStart

    function closeStart(code: Code): State | undefined {
      marker = code
      effects.enter('metadataFence')
      return close(code)
    }

    function close(code: Code): State | undefined {
      if (code === marker && count < 3) {
        count++
        effects.consume(code)
        return close
      }
      if (count !== 3) return nok(code)
      return closeEnd(code)
    }

    function closeEnd(code: Code): State | undefined {
      if (isSpace(code)) {
        effects.consume(code)
        return closeEnd
      }
      if (code !== null && !isLineEnding(code)) return nok(code)
      effects.exit('metadataFence')
      return ok(code)
    }
  }
}

export function metadataFromMarkdown(): FromMarkdownExtension {
  return {
    enter: {
      metadataBlock(this: CompileContext, token: Token) {
        this.enter({type: 'yaml', value: ''} as never, token)
        this.buffer()
      }
    },
    exit: {
      metadataBlock(this: CompileContext, token: Token) {
        this.resume()
        const node = this.stack[this.stack.length - 1] as unknown as {value: string}
        const raw = this.sliceSerialize(token)
        // Drop the fences: everything between the first and the last line.
        const lines = raw.split(/\r?\n|\r/)
        node.value = lines.slice(1, -1).join('\n')
        this.exit(token)
      }
    }
  }
}

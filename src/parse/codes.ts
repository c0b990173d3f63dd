/** Character-code tests shared by handout's micromark extensions. */
import type {Code, Construct, Effects, State, TokenType, TokenizeContext} from 'micromark-util-types'
import {markdownLineEnding, markdownSpace} from 'micromark-util-character'

/** CR, LF or CRLF (micromark's -5, -4, -3). */
export function isLineEnding(code: Code): boolean {
  return markdownLineEnding(code)
}

/** A line ending or the end of input. */
export function isEol(code: Code): boolean {
  return code === null || isLineEnding(code)
}

/** Space, tab, or a virtual space (micromark's -2, -1). */
export function isSpace(code: Code): boolean {
  return markdownSpace(code)
}

/**
 * Writes the characters of a construct that may span lines: runs of
 * characters as `data` tokens (opened at the first character, so none is
 * empty), each line ending as a `lineEnding` token of its own. In text,
 * micromark splits a paragraph's text into lines at such tokens; a token
 * holding two line endings breaks the parse.
 */
export interface DataWriter {
  /** Consume one character. */
  character(code: Code): void
  /** Close the open run of data, if any (before a marker or the end). */
  close(): void
}

export function dataWriter(effects: Effects, data: TokenType, lineEnding: TokenType): DataWriter {
  let open = false
  return {
    character(code) {
      if (isLineEnding(code)) {
        this.close()
        effects.enter(lineEnding)
        effects.consume(code)
        effects.exit(lineEnding)
        return
      }
      if (!open) effects.enter(data)
      open = true
      effects.consume(code)
    },
    close() {
      if (open) effects.exit(data)
      open = false
    }
  }
}

/** Consume the line ending `code` as a `lineEnding` token, then go to `next`. */
export function lineEnding(effects: Effects, code: Code, next: State): State {
  effects.enter('lineEnding')
  effects.consume(code)
  effects.exit('lineEnding')
  return next
}

/**
 * At a space at the start of a line: the run of spaces as a `linePrefix`,
 * then `text` when something follows on the line, `blank` when it ends.
 */
export function spacesThen(effects: Effects, text: State, blank: State): State {
  return start
  function start(code: Code): State | undefined {
    effects.enter('linePrefix')
    return spaces(code)
  }
  function spaces(code: Code): State | undefined {
    if (isSpace(code)) {
      effects.consume(code)
      return spaces
    }
    effects.exit('linePrefix')
    return isEol(code) ? blank(code) : text(code)
  }
}

/** A line ending, after which the next line is no lazy continuation (as in fenced code). */
export const nonLazyLine: Construct = {
  partial: true,
  tokenize(effects, ok, nok) {
    const self = this
    return start
    function start(code: Code): State | undefined {
      return lineEnding(effects, code, lineStart)
    }
    function lineStart(code: Code): State | undefined {
      return self.parser.lazy[self.now().line] ? nok(code) : ok(code)
    }
  }
}

/**
 * Is a paragraph open in the flow below this container start? micromark's
 * `interrupt` also holds when other flow is open (indented code that may go
 * on after a blank line): the flow's last token tells.
 */
export function interruptsParagraph(self: TokenizeContext): boolean {
  if (!self.interrupt) return false
  for (let index = self.events.length - 1; index >= 0 && index >= self.events.length - 20; index--) {
    const token = self.events[index]![1]
    if (token.type !== 'chunkFlow') continue
    const flow = token._tokenizer?.events ?? []
    for (let at = flow.length - 1; at >= 0 && at >= flow.length - 20; at--) {
      const type = flow[at]![1].type
      if (type === 'lineEnding' || type === 'linePrefix') continue
      // Indented code (or other flow) that may go on after a blank line: no paragraph.
      return !(type === 'lineEndingBlank' || type === 'codeIndented' || type === 'codeFlowValue' || type === 'codeFenced' || type === 'htmlFlow')
    }
    return true
  }
  return true
}

/** Spaces and tabs, if any, as one `type` token, then `next` at the first other code. */
export function spaces(effects: Effects, next: State, type: TokenType = 'whitespace'): State {
  return start
  function start(code: Code): State | undefined {
    if (!isSpace(code)) return next(code)
    effects.enter(type)
    return run(code)
  }
  function run(code: Code): State | undefined {
    if (isSpace(code)) {
      effects.consume(code)
      return run
    }
    effects.exit(type)
    return next(code)
  }
}

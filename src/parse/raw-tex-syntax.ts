/**
 * micromark extension: raw TeX, as Pandoc's `raw_tex` extension reads it.
 *
 *     \command[opt]{arg}{arg}     a command with the options and arguments
 *                                 right after it
 *     \begin{name} … \end{name}   an environment (nested ones of the same
 *                                 name counted)
 *     \newcommand{\x}[1]{…}       a macro definition (applied to math later)
 *
 * In text, these are `rawTex` inlines. An environment that starts a block
 * (after a blank line) may also hold blank lines: it is a `rawTex` block.
 * What becomes of them is decided later (remark-raw-tex.ts): HTML has no
 * TeX, so Pandoc drops them, except math environments, which are display
 * math.
 *
 * Tokens: `rawTex` wraps `rawTexData`; each line ending inside is a
 * `rawTexLineEnding` of its own (in text, micromark splits a paragraph's text
 * into lines at such tokens; in flow, it is where a line ends).
 */
import type {Code, Construct, Effects, Extension, State, TokenizeContext} from 'micromark-util-types'
import type {CompileContext, Extension as FromMarkdownExtension, Token} from 'mdast-util-from-markdown'
import type {Literal} from 'mdast'
import {codes} from 'micromark-util-symbol'
import {asciiAlpha, markdownLineEnding, markdownSpace} from 'micromark-util-character'
import {MAX_NESTING, MAX_RAW_TEX} from './limits.js'
import {dataWriter, nonLazyLine} from './codes.js'

declare module 'micromark-util-types' {
  interface TokenTypeMap {
    rawTex: 'rawTex'
    rawTexFlow: 'rawTexFlow'
    rawTexData: 'rawTexData'
    rawTexLineEnding: 'rawTexLineEnding'
  }
}

/** Raw TeX in a paragraph. */
export interface RawTex extends Literal {
  type: 'rawTex'
}

/** A TeX environment standing alone. */
export interface RawTexBlock extends Literal {
  type: 'rawTexBlock'
}

declare module 'mdast' {
  interface PhrasingContentMap {
    rawTex: RawTex
  }
  interface BlockContentMap {
    rawTexBlock: RawTexBlock
  }
  interface RootContentMap {
    rawTex: RawTex
    rawTexBlock: RawTexBlock
  }
}

/** Commands whose first argument is a control sequence, braces or not: `\newcommand\x{…}`. */
const DEFINITIONS = new Set(['newcommand', 'renewcommand', 'providecommand', 'def', 'DeclareMathOperator'])

const inline: Construct = {name: 'rawTex', tokenize: tokenizeInline}
const flow: Construct = {name: 'rawTexFlow', tokenize: tokenizeFlow, concrete: true}

export function rawTexSyntax(): Extension {
  return {text: {[codes.backslash]: inline}, flow: {[codes.backslash]: flow}}
}

/** What `command` found. */
interface Found {
  /** The environment's name, for `\begin{name}`. */
  environment: string
}

/** Consume one character, then go to `next`. */
type Character = (code: Code, next: State) => State | undefined

/**
 * The states that read one command or environment, shared by the inline and
 * flow tokenizers. `done` gets the code after it; `nok` when it is none.
 */
function command(character: Character, found: Found, done: State, nok: State): State {
  let name = ''
  let size = 0
  let depth = 0
  let probe = ''
  let groupDepth = 0
  let closer: Code = codes.rightCurlyBrace

  return start

  function start(code: Code): State | undefined {
    if (code !== codes.backslash) return nok(code)
    return character(code, first)
  }

  function first(code: Code): State | undefined {
    if (!asciiAlpha(code)) return nok(code)
    return letters(code)
  }

  function letters(code: Code): State | undefined {
    if (asciiAlpha(code) && name.length < 100) {
      name += String.fromCharCode(code as number)
      return character(code, letters)
    }
    if (name === 'begin') return code === codes.leftCurlyBrace ? character(code, environmentName) : nok(code)
    if (code === codes.asterisk) return character(code, argumentsStart)
    if (DEFINITIONS.has(name) && code === codes.backslash) return character(code, definedName)
    return argumentsStart(code)
  }

  function definedName(code: Code): State | undefined {
    return asciiAlpha(code) ? character(code, definedRest) : nok(code)
  }

  function definedRest(code: Code): State | undefined {
    if (asciiAlpha(code)) return character(code, definedRest)
    return name === 'def' ? parameters(code) : argumentsStart(code)
  }

  /** `\def\x#1#2{…}`: the parameter text, up to nine `#n`. */
  function parameters(code: Code): State | undefined {
    if (code === codes.numberSign && ++size <= 18) return character(code, parameterDigit)
    return argumentsStart(code)
  }

  function parameterDigit(code: Code): State | undefined {
    return code !== null && code >= codes.digit1 && code <= codes.digit9 ? character(code, parameters) : nok(code)
  }

  /** Options and arguments right after the command: `[…]` and `{…}`, any number. */
  function argumentsStart(code: Code): State | undefined {
    if (code === codes.leftSquareBracket || code === codes.leftCurlyBrace) {
      closer = code === codes.leftSquareBracket ? codes.rightSquareBracket : codes.rightCurlyBrace
      groupDepth = 0
      return group(code)
    }
    return done(code)
  }

  function group(code: Code): State | undefined {
    if (code === codes.eof || ++size > MAX_RAW_TEX) return nok(code)
    if (code === codes.leftCurlyBrace || (closer === codes.rightSquareBracket && code === codes.leftSquareBracket)) {
      if (++groupDepth > MAX_NESTING) return nok(code)
    } else if (code === codes.rightCurlyBrace || code === closer) {
      if (--groupDepth === 0) return character(code, argumentsStart)
    }
    return character(code, code === codes.backslash ? groupEscaped : group)
  }

  function groupEscaped(code: Code): State | undefined {
    if (code === codes.eof) return nok(code)
    return character(code, group)
  }

  function environmentName(code: Code): State | undefined {
    if (code === codes.rightCurlyBrace && found.environment) {
      depth = 1
      return character(code, body)
    }
    if (!(asciiAlpha(code) || code === codes.asterisk) || found.environment.length > 100) return nok(code)
    found.environment += String.fromCharCode(code as number)
    return character(code, environmentName)
  }

  /** Up to the `\end{name}` that closes this environment. */
  function body(code: Code): State | undefined {
    if (code === codes.eof || ++size > MAX_RAW_TEX) return nok(code)
    if (code === codes.backslash) {
      probe = '\\'
      return character(code, control)
    }
    return character(code, body)
  }

  /** After a backslash in the body: is it `\begin{name}` or `\end{name}`? */
  function control(code: Code): State | undefined {
    if (code === codes.eof) return nok(code)
    const closing = `\\end{${found.environment}}`
    const opening = `\\begin{${found.environment}}`
    const next = probe + String.fromCharCode(code as number)
    if (closing.startsWith(next) || opening.startsWith(next)) {
      probe = next
      if (probe === closing) return character(code, --depth === 0 ? done : body)
      if (probe === opening) {
        if (++depth > MAX_NESTING) return nok(code)
        return character(code, body)
      }
      return character(code, control)
    }
    // `\\` or `\{`: the escaped character starts nothing.
    if (probe === '\\') return character(code, body)
    return body(code)
  }
}

function tokenizeInline(this: TokenizeContext, effects: Effects, ok: State, nok: State): State {
  const data = dataWriter(effects, 'rawTexData', 'rawTexLineEnding')
  const character: Character = (code, next) => {
    data.character(code)
    return next
  }
  return start

  function start(code: Code): State | undefined {
    effects.enter('rawTex')
    return command(character, {environment: ''}, end, nok)(code)
  }

  function end(code: Code): State | undefined {
    data.close()
    effects.exit('rawTex')
    return ok(code)
  }
}

/**
 * An environment standing alone (not interrupting a paragraph), which may
 * hold blank lines: only white space may follow its `\end{…}` on that line.
 */
function tokenizeFlow(this: TokenizeContext, effects: Effects, ok: State, nok: State): State {
  const self = this
  const data = dataWriter(effects, 'rawTexData', 'lineEnding')
  const found: Found = {environment: ''}
  const character: Character = (code, next) => {
    if (!markdownLineEnding(code)) {
      data.character(code)
      return next
    }
    data.close()
    return effects.attempt(nonLazyLine, next, nok)(code)
  }
  return start

  function start(code: Code): State | undefined {
    if (self.interrupt) return nok(code)
    effects.enter('rawTexFlow')
    return command(character, found, trailing, nok)(code)
  }

  function trailing(code: Code): State | undefined {
    // Only environments: a command with arguments is read in its paragraph.
    if (!found.environment) return nok(code)
    if (markdownSpace(code)) return character(code, trailing)
    if (code !== codes.eof && !markdownLineEnding(code)) return nok(code)
    data.close()
    effects.exit('rawTexFlow')
    return ok(code)
  }
}

export function rawTexFromMarkdown(): FromMarkdownExtension {
  return {
    enter: {
      rawTex(this: CompileContext, token: Token) {
        this.enter({type: 'rawTex', value: this.sliceSerialize(token)} as never, token)
      },
      rawTexFlow(this: CompileContext, token: Token) {
        this.enter({type: 'rawTexBlock', value: this.sliceSerialize(token).trimEnd()} as never, token)
      }
    },
    exit: {
      rawTex(this: CompileContext, token: Token) {
        this.exit(token)
      },
      rawTexFlow(this: CompileContext, token: Token) {
        this.exit(token)
      }
    }
  }
}

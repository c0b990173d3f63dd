/**
 * micromark: Pandoc's ordered lists (`fancy_lists`, `startnum`,
 * `example_lists`), replacing CommonMark's list construct (its code, from
 * micromark-core-commonmark's list.js, with markers extended):
 *
 *     1.  2)  (3)      decimal, with a period, a parenthesis, or both
 *     #.               the next number
 *     a.  B)  (c)      letters (an upper-case letter with a period needs two spaces after it: "B. Russell")
 *     iv.  (IX)        roman numerals
 *     (@)  (@label)    example lists, numbered through the document
 *
 * A change of style or delimiter starts a new list, as in Pandoc. Bullets
 * are CommonMark's. As in Pandoc, a list does not interrupt a paragraph
 * (it needs a blank line before it), except a sublist inside a list item. The marker is a `fancyListValue` token (its text and
 * style) that fancy-list-from-markdown reads.
 */
import type {Code, Construct, Effects, State, Token, TokenizeContext} from 'micromark-util-types'
import {factorySpace} from 'micromark-factory-space'
import {asciiAlpha, asciiDigit, markdownSpace} from 'micromark-util-character'
import {codes} from 'micromark-util-symbol'
import {blankLine, thematicBreak} from 'micromark-core-commonmark'
import {interruptsParagraph} from './codes.js'

declare module 'micromark-util-types' {
  interface TokenTypeMap {
    fancyListValue: 'fancyListValue'
  }
  interface ContainerState {
    /** The ordered list's style and delimiter, `lower-roman:)`. */
    fancy?: string | undefined
  }
  interface Token {
    /** On `fancyListValue`: the style (`decimal`, `lower-alpha`, `upper-roman`, `example`, `default`…). */
    _listStyle?: string
    /** On `fancyListValue`: `.`, `)` or `()`. */
    _listDelimiter?: string
  }
}

/** Characters of a marker's value: roman numerals up to `MMMCMXCIX`, example labels. */
const MAX_VALUE = 40

export const fancyList: Construct = {
  name: 'fancyList',
  tokenize: tokenizeListStart,
  continuation: {tokenize: tokenizeListContinuation},
  exit: tokenizeListEnd
}

const prefixWhitespace: Construct = {partial: true, tokenize: tokenizePrefixWhitespace}
const indent: Construct = {partial: true, tokenize: tokenizeIndent}

const ROMAN = /^(?=[MDCLXVI])M{0,3}(CM|CD|D?C{0,3})(XC|XL|L?X{0,3})(IX|IV|V?I{0,3})$/

/** The style of a marker's value, given the list it would continue. */
export function styleOf(value: string, previous: string | undefined): string | undefined {
  if (/^\d{1,9}$/.test(value)) return 'decimal'
  if (value === '#') return 'default'
  if (/^@[\w-]*$/.test(value)) return 'example'
  const lower = value === value.toLowerCase()
  const roman = ROMAN.test(value.toUpperCase())
  const letter = /^[A-Za-z]$/.test(value)
  // `i.` after `h.` is a letter; on its own, a roman one.
  if (letter && previous?.endsWith('alpha')) return lower ? 'lower-alpha' : 'upper-alpha'
  if (roman && (value.length > 1 || 'ivxIVX'.includes(value) || previous?.endsWith('roman'))) return lower ? 'lower-roman' : 'upper-roman'
  if (letter) return lower ? 'lower-alpha' : 'upper-alpha'
  return undefined
}

function tokenizeListStart(this: TokenizeContext, effects: Effects, ok: State, nok: State): State {
  const self = this
  const state = self.containerState!
  const tail = self.events[self.events.length - 1]
  let initialSize = tail && tail[1].type === 'linePrefix' ? tail[2].sliceSerialize(tail[1], true).length : 0
  let value = ''
  let enclosed = false
  let style: string | undefined
  let delimiter = ''
  let valueToken: Token | undefined
  // Before this construct opens a list of its own.
  const interrupting = interruptsParagraph(self)
  const nested = interrupting ? insideList(self) : false
  return start

  function start(code: Code): State | undefined {
    const bullet = code === codes.asterisk || code === codes.plusSign || code === codes.dash
    const kind = state.type || (bullet ? 'listUnordered' : 'listOrdered')
    if (kind === 'listUnordered') {
      if (!bullet || (state.marker && code !== state.marker)) return nok(code)
      // Pandoc: a list needs a blank line before it, but a sublist in a list item does not.
      if (interrupting && !nested) return nok(code)
      if (!state.type) {
        state.type = kind
        effects.enter(kind, {_container: true})
      }
      effects.enter('listItemPrefix')
      return code === codes.asterisk || code === codes.dash ? effects.check(thematicBreak, nok, atMarker)(code) : atMarker(code)
    }
    if (!(asciiDigit(code) || asciiAlpha(code) || code === codes.numberSign || code === codes.leftParenthesis || code === codes.atSign)) return nok(code)
    if (!state.type) {
      state.type = kind
      effects.enter(kind, {_container: true})
    }
    effects.enter('listItemPrefix')
    if (code === codes.leftParenthesis) {
      enclosed = true
      effects.consume(code)
      return valueStart
    }
    return valueStart(code)
  }

  function valueStart(code: Code): State | undefined {
    effects.enter('fancyListValue')
    return inValue(code)
  }

  function inValue(code: Code): State | undefined {
    const part = code === codes.atSign ? value.length === 0 : value.startsWith('@') ? asciiAlpha(code) || asciiDigit(code) || code === codes.dash || code === codes.underscore : value === '#' ? false : code === codes.numberSign ? value.length === 0 : asciiDigit(code) ? /^\d*$/.test(value) : asciiAlpha(code) && !/\d/.test(value)
    if (part && value.length < MAX_VALUE && code !== null) {
      value += String.fromCharCode(code)
      effects.consume(code)
      return inValue
    }
    if (!value) return nok(code)
    style = styleOf(value, state.fancy?.split(':')[0])
    if (!style) return nok(code)
    valueToken = effects.exit('fancyListValue')
    valueToken._listStyle = style
    return delimiterStart(code)
  }

  function delimiterStart(code: Code): State | undefined {
    if (enclosed ? code !== codes.rightParenthesis : code !== codes.dot && code !== codes.rightParenthesis) return nok(code)
    delimiter = enclosed ? '()' : code === codes.dot ? '.' : ')'
    valueToken!._listDelimiter = delimiter
    // Pandoc: a list needs a blank line before it, but a sublist in a list item does not.
    if (interrupting && !nested) return nok(code)
    const fancy = `${style === 'default' || style === 'decimal' ? 'decimal' : style}:${delimiter}`
    // Another style or delimiter: another list (Pandoc). `#.` continues any decimal list.
    if (state.fancy && state.fancy !== fancy) return nok(code)
    state.fancy = fancy
    return atMarker(code)
  }

  function atMarker(code: Code): State | undefined {
    effects.enter('listItemMarker')
    effects.consume(code)
    effects.exit('listItemMarker')
    state.marker = state.marker || code!
    // "B. Russell" is a name: an upper-case letter with a period needs two spaces after it.
    if (style === 'upper-alpha' && delimiter === '.') return effects.check(twoSpaces, afterMarker, nok)
    return afterMarker
  }

  function afterMarker(code: Code): State | undefined {
    return effects.check(blankLine, self.interrupt ? nok : onBlank, effects.attempt(prefixWhitespace, endOfPrefix, otherPrefix))(code)
  }

  function onBlank(code: Code): State | undefined {
    state.initialBlankLine = true
    initialSize++
    return endOfPrefix(code)
  }

  function otherPrefix(code: Code): State | undefined {
    if (markdownSpace(code)) {
      effects.enter('listItemPrefixWhitespace')
      effects.consume(code)
      effects.exit('listItemPrefixWhitespace')
      return endOfPrefix
    }
    return nok(code)
  }

  function endOfPrefix(code: Code): State | undefined {
    state.size = initialSize + self.sliceSerialize(effects.exit('listItemPrefix'), true).length
    return ok(code)
  }
}

/** Events looked back through to find an open list. */
const LOOK_BACK = 2000

/** Is the document inside a list item here (an open list container among the last events)? */
function insideList(self: TokenizeContext): boolean {
  let depth = 0
  const stop = Math.max(0, self.events.length - LOOK_BACK)
  for (let index = self.events.length - 1; index >= stop; index--) {
    const [kind, token] = self.events[index]!
    if (token.type !== 'listOrdered' && token.type !== 'listUnordered') continue
    if (kind === 'exit') depth++
    else if (depth === 0) return true
    else depth--
  }
  return false
}

/** After the marker: two spaces (or the end of the line). */
const twoSpaces: Construct = {
  partial: true,
  tokenize(effects, ok, nok) {
    return first
    function first(code: Code): State | undefined {
      if (code === codes.eof || code === codes.carriageReturn || code === codes.lineFeed || code === codes.carriageReturnLineFeed) return ok(code)
      if (!markdownSpace(code)) return nok(code)
      effects.enter('listItemPrefixWhitespace')
      effects.consume(code)
      return second
    }
    function second(code: Code): State | undefined {
      if (!markdownSpace(code)) return nok(code)
      effects.consume(code)
      effects.exit('listItemPrefixWhitespace')
      return ok(code)
    }
  }
}

function tokenizeListContinuation(this: TokenizeContext, effects: Effects, ok: State, nok: State): State {
  const self = this
  const state = self.containerState!
  state._closeFlow = undefined
  return effects.check(blankLine, onBlank, notBlank)

  function onBlank(code: Code): State | undefined {
    state.furtherBlankLines = state.furtherBlankLines || state.initialBlankLine
    return factorySpace(effects, ok, 'listItemIndent', (state.size ?? 0) + 1)(code)
  }

  function notBlank(code: Code): State | undefined {
    if (state.furtherBlankLines || !markdownSpace(code)) {
      state.furtherBlankLines = undefined
      state.initialBlankLine = undefined
      return notInCurrentItem(code)
    }
    state.furtherBlankLines = undefined
    state.initialBlankLine = undefined
    return effects.attempt(indent, ok, notInCurrentItem)(code)
  }

  function notInCurrentItem(code: Code): State | undefined {
    state._closeFlow = true
    self.interrupt = undefined
    const disabled = self.parser.constructs.disable.null ?? []
    return factorySpace(effects, effects.attempt(fancyList, ok, nok), 'linePrefix', disabled.includes('codeIndented') ? undefined : 4)(code)
  }
}

function tokenizeIndent(this: TokenizeContext, effects: Effects, ok: State, nok: State): State {
  const self = this
  return factorySpace(effects, afterPrefix, 'listItemIndent', (self.containerState!.size ?? 0) + 1)

  function afterPrefix(code: Code): State | undefined {
    const tail = self.events[self.events.length - 1]
    return tail && tail[1].type === 'listItemIndent' && tail[2].sliceSerialize(tail[1], true).length === self.containerState!.size ? ok(code) : nok(code)
  }
}

function tokenizeListEnd(this: TokenizeContext, effects: Effects): undefined {
  effects.exit(this.containerState!.type!)
}

function tokenizePrefixWhitespace(this: TokenizeContext, effects: Effects, ok: State, nok: State): State {
  const self = this
  const disabled = self.parser.constructs.disable.null ?? []
  return factorySpace(effects, afterPrefix, 'listItemPrefixWhitespace', disabled.includes('codeIndented') ? undefined : 5)

  function afterPrefix(code: Code): State | undefined {
    const tail = self.events[self.events.length - 1]
    return !markdownSpace(code) && tail && tail[1].type === 'listItemPrefixWhitespace' ? ok(code) : nok(code)
  }
}

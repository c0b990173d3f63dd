/**
 * micromark: links and reference definitions as Pandoc's Markdown reads
 * them, where CommonMark is stricter (Pandoc's `source` and `referenceKey`):
 *
 * - a destination may hold spaces (`[a](/bar and baz)`, `[a]: /foo foo`):
 *   it ends at the spaces before a title, attributes or the closing `)`;
 * - a title may hold its own quotes when they open a word:
 *   `"title with "quotes" in it"` (a quote followed by a letter or digit
 *   opens a nested pair, any other closes one);
 * - a definition may have an empty destination (`[foo]:`), attributes
 *   (`[a]: url {.class}`, also on the next line) and a title on the next
 *   line; it does not interrupt a paragraph.
 *
 * The core's `labelEnd` and `definition` are disabled and restated here with
 * these rules; the tokens are the core's (`resource…`, `definition…`), so
 * mdast-util-from-markdown builds the usual `link`, `linkReference` and
 * `definition` nodes. The core's resolvers close the links.
 */
import type {Code, Construct, Effects, Extension, State, Token, TokenType, TokenizeContext} from 'micromark-util-types'
import {labelEnd} from 'micromark-core-commonmark'
import {factoryLabel} from 'micromark-factory-label'
import {normalizeIdentifier} from 'micromark-util-normalize-identifier'
import {codes} from 'micromark-util-symbol'
import {attributeStates} from './attribute-syntax.js'
import {isEol, isLineEnding, isSpace, nonLazyLine, spaces} from './codes.js'

/** Characters of one destination or title: a `](` that never closes is given up after this many. */
const MAX_TARGET = 4096
/** Nested parentheses in a destination, as CommonMark allows. */
const MAX_PARENS = 32
/** Characters of a definition's label. */
const MAX_LABEL = 999

const ALPHANUMERIC = /^[\p{L}\p{N}]$/u

function isAlphanumeric(code: Code): boolean {
  return code !== null && code > 0 && ALPHANUMERIC.test(String.fromCodePoint(code))
}

/** One character as a token of its own (a marker). */
function mark(effects: Effects, code: Code, type: TokenType): void {
  effects.enter(type)
  effects.consume(code)
  effects.exit(type)
}

function isQuote(code: Code): boolean {
  return code === codes.quotationMark || code === codes.apostrophe
}

/** Writes chunks of `string` content (escapes and entities decoded) inside `type`, opened at the first character. */
function stringWriter(effects: Effects, type: TokenType) {
  let outer = false
  let chunk = false
  return {
    get started() {
      return outer
    },
    character(code: Code) {
      if (isLineEnding(code)) {
        if (chunk) effects.exit('chunkString')
        chunk = false
        if (!outer) effects.enter(type)
        outer = true
        mark(effects, code, 'lineEnding')
        return
      }
      if (!outer) effects.enter(type)
      if (!chunk) effects.enter('chunkString', {contentType: 'string'})
      outer = chunk = true
      effects.consume(code)
    },
    close() {
      if (chunk) effects.exit('chunkString')
      if (outer) effects.exit(type)
      outer = chunk = false
    }
  }
}

/** A quote that closes a title level: not followed by a letter or digit. */
const closingQuote: Construct = {
  partial: true,
  tokenize(effects, ok, nok) {
    return (code: Code) => {
      effects.enter('data')
      effects.consume(code)
      return (next: Code) => {
        effects.exit('data')
        return isAlphanumeric(next) ? nok(next) : ok(next)
      }
    }
  }
}

interface TitleTypes {
  title: TokenType
  marker: TokenType
  string: TokenType
}

/**
 * A Pandoc title at `"` or `'` (and `(…)` when `parens`), then `ok`. Line
 * endings are allowed inside when `multiline` (in a paragraph's text).
 */
function titleStates(effects: Effects, ok: State, nok: State, types: TitleTypes, parens: boolean, multiline: boolean): State {
  let close: Code = null
  let depth = 0
  let size = 0
  const text = stringWriter(effects, types.string)
  return start

  function start(code: Code): State | undefined {
    if (isQuote(code)) close = code
    else if (parens && code === codes.leftParenthesis) close = codes.rightParenthesis
    else return nok(code)
    effects.enter(types.title)
    mark(effects, code, types.marker)
    return first
  }

  function first(code: Code): State | undefined {
    // Pandoc: `" title"` is no title.
    if (close !== codes.rightParenthesis && (isSpace(code) || isEol(code))) return nok(code)
    return inside(code)
  }

  function take(code: Code, next: State): State | undefined {
    if (++size > MAX_TARGET) return nok(code)
    text.character(code)
    return next
  }

  function inside(code: Code): State | undefined {
    if (code === null || (isLineEnding(code) && !multiline)) return nok(code)
    if (code === codes.backslash) return take(code, escaped)
    if (close === codes.rightParenthesis) {
      if (code === codes.leftParenthesis) depth++
      if (code === codes.rightParenthesis && depth-- === 0) return end(code)
      return take(code, inside)
    }
    if (code === close) return effects.check(closingQuote, closing, opening)(code)
    return take(code, inside)
  }

  function escaped(code: Code): State | undefined {
    if (code === null || isLineEnding(code)) return inside(code)
    return take(code, inside)
  }

  function opening(code: Code): State | undefined {
    depth++
    return take(code, inside)
  }

  function closing(code: Code): State | undefined {
    if (depth === 0) return end(code)
    depth--
    return take(code, inside)
  }

  function end(code: Code): State | undefined {
    text.close()
    mark(effects, code, types.marker)
    effects.exit(types.title)
    return ok
  }
}

const resourceTitle: TitleTypes = {title: 'resourceTitle', marker: 'resourceTitleMarker', string: 'resourceTitleString'}
const definitionTitle: TitleTypes = {title: 'definitionTitle', marker: 'definitionTitleMarker', string: 'definitionTitleString'}

/** Spaces, then `"`, `'` or `)`: the spaces end a link's destination. */
const spacesBeforeEnd: Construct = {
  partial: true,
  tokenize(effects, ok, nok) {
    return spaces(effects, (code: Code) => (isQuote(code) || code === codes.rightParenthesis ? ok(code) : nok(code)))
  }
}

/** A line ending, spaces, then a whole quoted title: the title of a link, on the next line. */
const titleOnNextLine: Construct = {
  partial: true,
  tokenize(effects, ok, nok) {
    return (code: Code) => {
      mark(effects, code, 'lineEnding')
      return spaces(effects, titleStates(effects, ok, nok, resourceTitle, false, true))
    }
  }
}

/** `<…>`: a destination in angle brackets, on one line. */
function literalDestination(types: {destination: TokenType; literal: TokenType; marker: TokenType; string: TokenType}): Construct {
  return {
    partial: true,
    tokenize(effects, ok, nok) {
      const text = stringWriter(effects, types.string)
      let size = 0
      return start
      function start(code: Code): State | undefined {
        effects.enter(types.destination)
        effects.enter(types.literal)
        mark(effects, code, types.marker)
        return inside
      }
      function inside(code: Code): State | undefined {
        if (isEol(code) || code === codes.lessThan || ++size > MAX_TARGET) return nok(code)
        if (code === codes.greaterThan) {
          text.close()
          mark(effects, code, types.marker)
          effects.exit(types.literal)
          effects.exit(types.destination)
          return ok
        }
        text.character(code)
        if (code === codes.backslash) return escaped
        return inside
      }
      function escaped(code: Code): State | undefined {
        if (code === codes.greaterThan || code === codes.backslash) {
          text.character(code)
          return inside
        }
        return inside(code)
      }
    }
  }
}

const resourceLiteral = literalDestination({
  destination: 'resourceDestination',
  literal: 'resourceDestinationLiteral',
  marker: 'resourceDestinationLiteralMarker',
  string: 'resourceDestinationString'
})

const definitionLiteral = literalDestination({
  destination: 'definitionDestination',
  literal: 'definitionDestinationLiteral',
  marker: 'definitionDestinationLiteralMarker',
  string: 'definitionDestinationString'
})

/** `(destination "title")` after a link's label, by Pandoc's rules. */
const resource: Construct = {partial: true, tokenize: tokenizeResource}

function tokenizeResource(this: TokenizeContext, effects: Effects, ok: State, nok: State): State {
  const text = stringWriter(effects, 'resourceDestinationString')
  let depth = 0
  let size = 0
  return start

  function start(code: Code): State | undefined {
    effects.enter('resource')
    mark(effects, code, 'resourceMarker')
    return before
  }

  function before(code: Code): State | undefined {
    return spaces(effects, destination)(code)
  }

  function destination(code: Code): State | undefined {
    if (code === codes.lessThan) return effects.attempt(resourceLiteral, between, raw)(code)
    return raw(code)
  }

  function open(): void {
    if (text.started) return
    effects.enter('resourceDestination')
    effects.enter('resourceDestinationRaw')
  }

  function take(code: Code, next: State): State | undefined {
    if (++size > MAX_TARGET) return nok(code)
    open()
    text.character(code)
    return next
  }

  function raw(code: Code): State | undefined {
    if (code === null) return nok(code)
    if (code === codes.rightParenthesis && depth === 0) return closeDestination(end)(code)
    if (code === codes.leftParenthesis) {
      if (++depth > MAX_PARENS) return nok(code)
      return take(code, raw)
    }
    if (code === codes.rightParenthesis) {
      depth--
      return take(code, raw)
    }
    if (code === codes.backslash) return take(code, escaped)
    if (isSpace(code) && depth === 0) return effects.check(spacesBeforeEnd, closeDestination(between), inner)(code)
    if (isLineEnding(code) && depth === 0) return effects.check(titleOnNextLine, closeDestination(between), inner)(code)
    return take(code, raw)
  }

  function inner(code: Code): State | undefined {
    return take(code, raw)
  }

  function escaped(code: Code): State | undefined {
    if (code === null || isLineEnding(code)) return raw(code)
    return take(code, raw)
  }

  function closeDestination(next: State): State {
    return (code: Code) => {
      if (text.started) {
        text.close()
        effects.exit('resourceDestinationRaw')
        effects.exit('resourceDestination')
      }
      return next(code)
    }
  }

  function between(code: Code): State | undefined {
    if (isSpace(code) || isLineEnding(code)) {
      mark(effects, code, isSpace(code) ? 'whitespace' : 'lineEnding')
      return between
    }
    if (isQuote(code)) return titleStates(effects, afterTitle, nok, resourceTitle, false, true)(code)
    return end(code)
  }

  function afterTitle(code: Code): State | undefined {
    return spaces(effects, end)(code)
  }

  function end(code: Code): State | undefined {
    if (code !== codes.rightParenthesis) return nok(code)
    mark(effects, code, 'resourceMarker')
    effects.exit('resource')
    return ok
  }
}

/** `[ref]` after a link's label: a defined reference. */
const referenceFull: Construct = {
  partial: true,
  tokenize(this: TokenizeContext, effects, ok, nok) {
    const self = this
    return (code: Code) => factoryLabel.call(self, effects, after, nok, 'reference', 'referenceMarker', 'referenceString')(code)
    function after(code: Code): State | undefined {
      const last = self.events[self.events.length - 1]![1]
      return self.parser.defined.includes(normalizeIdentifier(self.sliceSerialize(last).slice(1, -1))) ? ok(code) : nok(code)
    }
  }
}

/** `[]` after a link's label. */
const referenceCollapsed: Construct = {
  partial: true,
  tokenize(effects, ok, nok) {
    return (code: Code) => {
      effects.enter('reference')
      mark(effects, code, 'referenceMarker')
      return (next: Code) => {
        if (next !== codes.rightSquareBracket) return nok(next)
        mark(effects, next, 'referenceMarker')
        effects.exit('reference')
        return ok
      }
    }
  }
}

/** The core's label end with Pandoc's resource: which label start it closes, and how. */
const pandocLabelEnd: Construct = {
  name: 'pandocLabelEnd',
  resolveAll: labelEnd.resolveAll!,
  resolveTo: labelEnd.resolveTo!,
  tokenize: tokenizeLabelEnd
}

function tokenizeLabelEnd(this: TokenizeContext, effects: Effects, ok: State, nok: State): State {
  const self = this
  const starts = self._labelStarts
  let start: Token | undefined
  let defined = false
  if (starts) {
    // Starts that failed to close are not needed any more.
    while (starts.length > 0 && starts[starts.length - 1]!._balanced) starts.pop()
    start = starts[starts.length - 1]
  }
  return begin

  function begin(code: Code): State | undefined {
    if (!start) return nok(code)
    if (start._inactive) return refuse(code)
    defined = self.parser.defined.includes(normalizeIdentifier(self.sliceSerialize({start: start.end, end: self.now()})))
    effects.enter('labelEnd')
    mark(effects, code, 'labelMarker')
    effects.exit('labelEnd')
    return after
  }

  function after(code: Code): State | undefined {
    if (code === codes.leftParenthesis) return effects.attempt(resource, accept, defined ? accept : refuse)(code)
    if (code === codes.leftSquareBracket) return effects.attempt(referenceFull, accept, defined ? collapsed : refuse)(code)
    return defined ? accept(code) : refuse(code)
  }

  function collapsed(code: Code): State | undefined {
    return effects.attempt(referenceCollapsed, accept, refuse)(code)
  }

  function accept(code: Code): State | undefined {
    starts!.pop()
    return ok(code)
  }

  function refuse(code: Code): State | undefined {
    start!._balanced = true
    return nok(code)
  }
}

/** A reference definition, `[label]: destination "title" {attributes}`, by Pandoc's rules. */
const pandocDefinition: Construct = {name: 'pandocDefinition', tokenize: tokenizeDefinition}

/** After a definition's destination: spaces, then a title, attributes, or the end of the line. */
const definitionRest: Construct = {
  partial: true,
  tokenize(effects, ok, nok) {
    return spaces(effects, rest)
    function rest(code: Code): State | undefined {
      if (isQuote(code) || code === codes.leftParenthesis) return titleStates(effects, ok, nok, definitionTitle, true, false)(code)
      if (code === codes.leftCurlyBrace) return attributeStates(effects, ok, nok)(code)
      return isEol(code) || code === codes.leftSquareBracket ? ok(code) : nok(code)
    }
  }
}

/** A line ending, then (on a line of the same blocks) spaces and a title or attributes. */
function nextLine(what: 'title' | 'attributes'): Construct {
  return {
    partial: true,
    tokenize(effects, ok, nok) {
      return (code: Code) => effects.attempt(nonLazyLine, spaces(effects, content), nok)(code)
      function content(code: Code): State | undefined {
        if (what === 'attributes') return attributeStates(effects, ok, nok)(code)
        return titleStates(effects, ok, nok, definitionTitle, true, false)(code)
      }
    }
  }
}

const titleLine = nextLine('title')
const attributesLine = nextLine('attributes')

/** A line ending, then a line that is neither blank nor lazy: where a destination given on the next line starts. */
const destinationLine: Construct = {
  partial: true,
  tokenize(effects, ok, nok) {
    return (code: Code) => effects.attempt(nonLazyLine, spaces(effects, content), nok)(code)
    function content(code: Code): State | undefined {
      return isEol(code) || code === codes.leftSquareBracket ? nok(code) : ok(code)
    }
  }
}

function tokenizeDefinition(this: TokenizeContext, effects: Effects, ok: State, nok: State): State {
  const self = this
  const text = stringWriter(effects, 'definitionDestinationString')
  let label = ''
  let depth = 0
  let hasTitle = false
  let hasAttributes = false
  // A definition does not interrupt a paragraph.
  if (self.interrupt) return nok
  return start

  function start(code: Code): State | undefined {
    effects.enter('definition')
    effects.enter('definitionLabel')
    mark(effects, code, 'definitionLabelMarker')
    return labelStart
  }

  function labelStart(code: Code): State | undefined {
    // `[^1]:` is a note, `[@key]` a citation, `[]` nothing.
    if (code === codes.caret || code === codes.atSign || code === codes.rightSquareBracket) return nok(code)
    effects.enter('definitionLabelString')
    effects.enter('chunkString', {contentType: 'string'})
    return labelInside(code)
  }

  function labelInside(code: Code): State | undefined {
    if (isEol(code) || label.length > MAX_LABEL) return nok(code)
    if (code === codes.rightSquareBracket && depth === 0) {
      effects.exit('chunkString')
      effects.exit('definitionLabelString')
      mark(effects, code, 'definitionLabelMarker')
      effects.exit('definitionLabel')
      return colon
    }
    if (code === codes.leftSquareBracket) depth++
    if (code === codes.rightSquareBracket) depth--
    label += String.fromCodePoint(code === codes.horizontalTab || code === codes.virtualSpace ? codes.space : code!)
    effects.consume(code)
    return code === codes.backslash ? labelEscaped : labelInside
  }

  function labelEscaped(code: Code): State | undefined {
    if (code === codes.leftSquareBracket || code === codes.rightSquareBracket || code === codes.backslash) {
      label += String.fromCodePoint(code)
      effects.consume(code)
      return labelInside
    }
    return labelInside(code)
  }

  function colon(code: Code): State | undefined {
    if (code !== codes.colon) return nok(code)
    mark(effects, code, 'definitionMarker')
    return afterColon
  }

  function afterColon(code: Code): State | undefined {
    if (isSpace(code)) return spaces(effects, afterColon)(code)
    if (code === null) return finish(code)
    if (isLineEnding(code)) return effects.attempt(destinationLine, destination, afterDestination)(code)
    if (code === codes.leftSquareBracket) return nok(code)
    return destination(code)
  }

  function destination(code: Code): State | undefined {
    if (code === codes.lessThan) return effects.attempt(definitionLiteral, afterDestination, raw)(code)
    return raw(code)
  }

  function raw(code: Code): State | undefined {
    if (isEol(code)) return closeDestination(code)
    if (isSpace(code)) return effects.check(definitionRest, closeDestination, word)(code)
    return word(code)
  }

  function word(code: Code): State | undefined {
    if (!text.started) {
      effects.enter('definitionDestination')
      effects.enter('definitionDestinationRaw')
    }
    text.character(code)
    return code === codes.backslash ? escaped : raw
  }

  function escaped(code: Code): State | undefined {
    if (isEol(code) || isSpace(code)) return raw(code)
    text.character(code)
    return raw
  }

  function closeDestination(code: Code): State | undefined {
    if (text.started) {
      text.close()
      effects.exit('definitionDestinationRaw')
      effects.exit('definitionDestination')
    }
    return afterDestination(code)
  }

  function afterDestination(code: Code): State | undefined {
    if (isSpace(code)) return spaces(effects, afterDestination)(code)
    if (!hasTitle && !hasAttributes && (isQuote(code) || code === codes.leftParenthesis)) {
      hasTitle = true
      return titleStates(effects, afterDestination, nok, definitionTitle, true, false)(code)
    }
    if (!hasAttributes && code === codes.leftCurlyBrace) {
      hasAttributes = true
      return attributeStates(effects, afterDestination, nok)(code)
    }
    if (isLineEnding(code) && !hasAttributes) {
      if (!hasTitle) return effects.attempt(titleLine, titled, attributes)(code)
      return attributes(code)
    }
    if (isEol(code)) return finish(code)
    return nok(code)
  }

  function titled(code: Code): State | undefined {
    hasTitle = true
    return afterDestination(code)
  }

  function attributes(code: Code): State | undefined {
    return effects.attempt(attributesLine, attributed, finish)(code)
  }

  function attributed(code: Code): State | undefined {
    hasAttributes = true
    return afterDestination(code)
  }

  function finish(code: Code): State | undefined {
    effects.exit('definition')
    const id = normalizeIdentifier(label)
    if (!self.parser.defined.includes(id)) self.parser.defined.push(id)
    return ok(code)
  }
}

export function linkSyntax(): Extension {
  return {
    disable: {null: ['labelEnd', 'definition']},
    text: {[codes.rightSquareBracket]: pandocLabelEnd},
    flow: {[codes.leftSquareBracket]: pandocDefinition}
  }
}

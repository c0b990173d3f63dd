/**
 * micromark: CommonMark's block quote, except that, as in Pandoc's Markdown
 * (`blank_before_blockquote`), it does not interrupt a paragraph: `2\n> 1`
 * is one paragraph. The core construct is disabled (micromark then refuses
 * it by name everywhere, its own continuation included), so the
 * continuation is restated here around the core's marker tokenizer.
 */
import type {Code, Construct, Effects, Extension, State, TokenizeContext} from 'micromark-util-types'
import {blockQuote} from 'micromark-core-commonmark'
import {factorySpace} from 'micromark-factory-space'
import {markdownSpace} from 'micromark-util-character'
import {codes} from 'micromark-util-symbol'
import {interruptsParagraph} from './codes.js'

/** The core's `>` (with the space after it), under a name that is not disabled. */
const marker: Construct = {name: 'pandocBlockQuoteMarker', tokenize: blockQuote.tokenize}

const pandocBlockQuote: Construct = {
  name: 'pandocBlockQuote',
  tokenize(this: TokenizeContext, effects: Effects, ok: State, nok: State): State {
    if (interruptsParagraph(this)) return nok
    return blockQuote.tokenize.call(this, effects, ok, nok)
  },
  continuation: {tokenize: tokenizeContinuation},
  exit: blockQuote.exit!
}

function tokenizeContinuation(this: TokenizeContext, effects: Effects, ok: State, nok: State): State {
  const self = this
  return start

  function start(code: Code): State | undefined {
    if (markdownSpace(code)) {
      const disabled = self.parser.constructs.disable.null ?? []
      return factorySpace(effects, before, 'linePrefix', disabled.includes('codeIndented') ? undefined : 4)(code)
    }
    return before(code)
  }

  function before(code: Code): State | undefined {
    return effects.attempt(marker, ok, nok)(code)
  }
}

export function blockQuoteBlankSyntax(): Extension {
  return {disable: {null: ['blockQuote']}, document: {[codes.greaterThan]: pandocBlockQuote}}
}

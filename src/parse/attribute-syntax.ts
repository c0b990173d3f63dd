/**
 * micromark: Pandoc's attributes after an inline, `{#id .class key="value"}`.
 *
 * `attributeStates` reads one `{…}` as a `pandocAttributes` token (shared by
 * bracketed spans); `linkAttributesSyntax` reads one right after a link, an
 * image or an autolink (`![](a.png){width=50%}`, `<https://x.org>{.c}`), as
 * Pandoc's `link_attributes` does, or after inline code (`` `x`{.py} ``,
 * `` `<b>`{=html} ``). Braces whose content is not attributes
 * are text.
 */
import type {Code, Construct, Effects, Extension, State, TokenizeContext} from 'micromark-util-types'
import {codes} from 'micromark-util-symbol'
import {isEol} from './codes.js'

declare module 'micromark-util-types' {
  interface TokenTypeMap {
    pandocAttributes: 'pandocAttributes'
  }
}

/** Characters of one `{…}`. */
const MAX_ATTRIBUTES = 2000

/** One attribute: `#id`, `.class`, `-`, `key=value`, `key="…"`, `key='…'`. */
const ATTRIBUTES = /^\{\s*(?:(?:#[^\s#.=}{"']+|\.[^\s#.=}{"']+|-|[A-Za-z_:][\w:.-]*=(?:"(?:[^"\\]|\\.)*"|'[^']*'|[^\s"'}{]+))\s*)*\}$/

/** A raw attribute, `{=html}`: only after inline code. */
const RAW = /^\{\s*=[\w-]+\s*\}$/

/** States from `{` to its `}`, giving the code after it to `after`. */
export function attributeStates(effects: Effects, after: State, nok: State, raw = false): State {
  let text = ''
  let quote: Code = null
  return start

  function start(code: Code): State | undefined {
    if (code !== codes.leftCurlyBrace) return nok(code)
    effects.enter('pandocAttributes')
    return take(code, inside)
  }

  function take(code: Code, next: State): State {
    // A tab is a horizontal tab (-2) and virtual spaces (-1) to micromark.
    if (code === codes.horizontalTab) text += '\t'
    else if (code !== codes.virtualSpace) text += String.fromCodePoint(code as number)
    effects.consume(code)
    return next
  }

  function inside(code: Code): State | undefined {
    // Pandoc's attributes stay on one line here: a `{` that runs on is text.
    if (isEol(code) || text.length > MAX_ATTRIBUTES) return nok(code)
    if (quote !== null) {
      if (code === quote) quote = null
      else if (code === codes.backslash && quote === codes.quotationMark) return take(code, escaped)
      return take(code, inside)
    }
    if (code === codes.quotationMark || code === codes.apostrophe) quote = code
    if (code === codes.rightCurlyBrace) {
      take(code, inside)
      if (!ATTRIBUTES.test(text) && !(raw && RAW.test(text))) return nok
      effects.exit('pandocAttributes')
      return after
    }
    return take(code, inside)
  }

  function escaped(code: Code): State | undefined {
    if (isEol(code)) return nok(code)
    return take(code, inside)
  }
}

const AFTER = new Set(['link', 'image', 'autolink', 'codeText'])

const linkAttributes: Construct = {name: 'linkAttributes', tokenize: tokenizeLinkAttributes}

function tokenizeLinkAttributes(this: TokenizeContext, effects: Effects, ok: State, nok: State): State {
  const last = this.events[this.events.length - 1]
  if (!last || last[0] !== 'exit' || !AFTER.has(last[1].type)) return nok
  return attributeStates(effects, ok, nok, last[1].type === 'codeText')
}

export function linkAttributesSyntax(): Extension {
  return {text: {[codes.leftCurlyBrace]: linkAttributes}}
}

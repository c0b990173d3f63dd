/**
 * GFM footnotes (micromark-extension-gfm-footnote) without its quadratic
 * look-back.
 *
 * At each `]` its `gfmPotentialFootnoteCall` walks back through every event
 * of the paragraph so far, looking for an image label (`![^note]`): a
 * paragraph of 20,000 `]` took 14 s. That walk can only succeed when a `!`
 * stands at most 1,003 characters back (micromark's label limit is 999), so a
 * construct at `!` that reads nothing notes where the last one was, and the
 * walk is skipped when there is none in reach and bounded when there is.
 */
import {gfmFootnote} from 'micromark-extension-gfm-footnote'
import type {Construct, Extension, ParseContext, Tokenizer} from 'micromark-util-types'
import {codes} from 'micromark-util-symbol'

/** The longest label micromark reads, plus `![^` and `]`. */
const REACH = 999 + 4

interface Bang extends ParseContext {
  /** Offset of the last `!` in text. */
  handoutLastBang?: number
}

const noteBang: Tokenizer = function (_effects, _ok, nok) {
  ;(this.parser as Bang).handoutLastBang = this.now().offset
  return nok
}

const bang: Construct = {name: 'handoutNoteBang', tokenize: noteBang, add: 'before'}

export function boundedGfmFootnote(): Extension {
  const extension = gfmFootnote()
  const text = extension.text as Record<number, Construct>
  const potential = text[codes.rightSquareBracket]!
  const original = potential.tokenize
  const tokenize: Tokenizer = function (effects, ok, nok) {
    const from = this.now().offset - REACH
    const last = (this.parser as Bang).handoutLastBang
    if (last === undefined || last < from) return nok
    const events = this.events
    let index = events.length
    while (index--) {
      const token = events[index]![1]
      if (token.start.offset < from) return nok
      if (token.type === 'labelImage' || token.type === 'labelLink' || token.type === 'label' || token.type === 'image' || token.type === 'link' || token.type === 'gfmFootnoteCall') break
    }
    return original.call(this, effects, ok, nok)
  }
  text[codes.rightSquareBracket] = {...potential, tokenize}
  text[codes.exclamationMark] = bang
  return extension
}

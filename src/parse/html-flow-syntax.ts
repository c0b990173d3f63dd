/**
 * micromark: CommonMark's HTML blocks, except that, as in Pandoc's Markdown,
 * a comment, a processing instruction, a declaration or CDATA (`<!…`, `<?…`)
 * does not interrupt a paragraph: `Text\n<!-- c -->\nmore` is one paragraph
 * holding an inline comment. Block-level tags still end the paragraph. The
 * core construct is disabled and restated under another name.
 */
import type {Code, Construct, Effects, Extension, State, TokenizeContext} from 'micromark-util-types'
import {htmlFlow} from 'micromark-core-commonmark'
import {codes} from 'micromark-util-symbol'

/** `<!` or `<?`: the start of HTML kinds 2–5. */
const bang: Construct = {
  tokenize(effects: Effects, ok: State, nok: State): State {
    return (code: Code) => {
      effects.enter('data')
      effects.consume(code)
      return (next: Code) => {
        effects.exit('data')
        return next === codes.exclamationMark || next === codes.questionMark ? ok(next) : nok(next)
      }
    }
  }
}

const pandocHtmlFlow: Construct = {
  ...htmlFlow,
  name: 'pandocHtmlFlow',
  tokenize(this: TokenizeContext, effects: Effects, ok: State, nok: State): State {
    const core = htmlFlow.tokenize.call(this, effects, ok, nok)
    return this.interrupt ? effects.check(bang, nok, core) : core
  }
}

export function htmlFlowSyntax(): Extension {
  return {disable: {null: ['htmlFlow']}, flow: {[codes.lessThan]: pandocHtmlFlow}}
}

/**
 * The BibTeX lexer handout runs citation-js's grammar on: citation-js's own
 * (`@citation-js/plugin-bibtex/lib/input/file.js`, the same states and token
 * names), with what BibTeX, biber and Pandoc also read:
 *
 * - unbraced values that are not plain numbers, `pages = 1-19` or
 *   `year = 2000a` (a `number` token whose value is the whole word; the
 *   original read `1` and failed at `-19`);
 * - `@comment{…}` spanning lines, with `@` or braces inside (BibDesk's
 *   static groups, JabRef's metadata): skipped to its balanced closing brace
 *   (the original skipped one line and read on from the next `@`).
 *
 * Places are kept: a comment is blanked, not removed, before lexing.
 */
import moo from 'moo'

const identifier = /[a-zA-Z_][a-zA-Z0-9_:+-]*/
const whitespace = {comment: /%.*/, whitespace: {match: /\s+/, lineBreaks: true}}

export function bibtexLexer(): moo.Lexer {
  return moo.states({
    main: {
      junk: {match: /@[cC][oO][mM][mM][eE][nN][tT].+|[^@]+/, lineBreaks: true},
      at: {match: '@', push: 'entry'}
    },
    entry: {
      ...whitespace,
      otherEntryType: {match: /[sS][tT][rR][iI][nN][gG]|[pP][rR][eE][aA][mM][bB][lL][eE]/, next: 'otherEntryContents'},
      dataEntryType: {match: identifier, next: 'dataEntryContents'}
    },
    otherEntryContents: {...whitespace, lbrace: {match: /[{(]/, next: 'fields'}},
    dataEntryContents: {
      ...whitespace,
      lbrace: {match: /[{(]/, next: 'dataEntryContents'},
      label: /[^,\s]+/,
      comma: {match: ',', next: 'fields'}
    },
    fields: {
      ...whitespace,
      identifier,
      // A bare word starting with a digit: `2000`, `-3`, `1-19`, `2000a`.
      number: /-?\d[^\s,{}()"#=%]*/,
      hash: '#',
      equals: '=',
      comma: ',',
      quote: {match: '"', push: 'quotedLiteral'},
      lbrace: {match: '{', push: 'bracedLiteral'},
      rbrace: {match: /[})]/, pop: 1}
    },
    quotedLiteral: {
      lbrace: {match: '{', push: 'bracedLiteral'},
      quote: {match: '"', pop: 1},
      text: {match: /(?:\\[\\{]|[^{"])+/, lineBreaks: true}
    },
    bracedLiteral: {
      lbrace: {match: '{', push: 'bracedLiteral'},
      rbrace: {match: '}', pop: 1},
      text: {match: /(?:\\[\\{}]|[^{}])+/, lineBreaks: true}
    }
  })
}

const COMMENT = /@\s*comment\s*([{(])/giy

/**
 * The text with every `@comment{…}` (or `@comment(…)`) blanked to its
 * balanced end, as BibTeX and Pandoc skip it: line breaks stay, so every
 * place after it is unchanged. An unbalanced comment is left as it is.
 */
export function blankComments(text: string): string {
  let out = ''
  let from = 0
  for (let at = text.indexOf('@'); at >= 0; at = text.indexOf('@', at + 1)) {
    if (at < from) continue
    COMMENT.lastIndex = at
    const match = COMMENT.exec(text)
    if (!match) continue
    const close = match[1] === '{' ? '}' : ')'
    let depth = 0
    let end = -1
    for (let i = at + match[0].length - 1; i < text.length; i++) {
      const c = text[i]
      if (c === match[1]) depth++
      else if (c === close && --depth === 0) {
        end = i + 1
        break
      }
    }
    if (end < 0) break
    out += text.slice(from, at) + text.slice(at, end).replace(/[^\r\n]/g, ' ')
    from = end
    at = end - 1
  }
  return from === 0 ? text : out + text.slice(from)
}

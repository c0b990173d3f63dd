/**
 * `text-case="title"` leaves lower case only the stop words of the CSL
 * specification (1.0.2, "Title case conversion") and name particles, as Pandoc
 * does; citeproc-js keeps 150 words and phrases lower case ("beyond", "due to").
 * Per engine: the style's language gets these words (unless its locale sets
 * its own `skip-words`), and the pattern citeproc-js builds from them once.
 */
import CSL from 'citeproc'

/**
 * The CSL 1.0.2 specification's stop words, and the few Pandoc adds (CSL test
 * suite cases): "about" and the name particles (`d'` and `l'` as citeproc-js
 * splits words, `d` and `l` as Pandoc does).
 */
export const STOP_WORDS = [
  'a', 'an', 'and', 'as', 'at', 'but', 'by', 'down', 'for', 'from', 'in', 'into', 'nor', 'of', 'on', 'onto', 'or', 'over', 'so', 'the', 'till', 'to', 'up', 'via', 'with', 'yet',
  'about', 'van', 'von', 'de', 'd', "d'", 'l', "l'"
]

interface LocaleState {
  opt: {lang: string}
  locale: Record<string, {opts: Record<string, unknown>}>
}

/** citeproc-js's own pattern (its constructor's `makeRegExp`), from the given words. */
const skipWordsPattern = (words: readonly string[]): RegExp => new RegExp('(?:(?:[?!:]*\\s+|-|^)(?:' + words.join('|') + ')(?=[!?:]*\\s+|-|$))', 'g')

export function titleCaseStopWords(engine: object): void {
  const state = engine as LocaleState
  const opts = state.locale[state.opt.lang]?.opts
  // A locale's own `skip-words` (style-options) is kept; citeproc-js's default list is not.
  if (!opts || opts['skip-words'] !== (CSL as unknown as {SKIP_WORDS: string[]}).SKIP_WORDS) return
  opts['skip-words'] = STOP_WORDS
  opts['skip-words-regexp'] = skipWordsPattern(STOP_WORDS)
}

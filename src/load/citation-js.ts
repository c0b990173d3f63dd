/**
 * Loads citation-js with its BibTeX and RIS plugins on first use (it is the
 * slowest part of start-up and most documents have a `.bib` at most).
 * Titles of English entries are sentence-cased as Pandoc does, when asked.
 */
import {plugins} from '@citation-js/core'
import '@citation-js/plugin-bibtex'
import '@citation-js/plugin-ris'

export function citationJs(sentenceCase: boolean): {plugins: typeof plugins} {
  const config = plugins.config.get('@bibtex') as {parse: {sentenceCase: string; strict: boolean}}
  // Set on every call: the parse that follows is synchronous.
  config.parse.sentenceCase = sentenceCase ? 'english' : 'never'
  return {plugins}
}

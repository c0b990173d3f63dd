/**
 * Loads citation-js with its BibTeX and RIS plugins on first use (it is the
 * slowest part of start-up and most documents have a `.bib` at most).
 * Titles of English entries are sentence-cased as Pandoc does.
 */
import {plugins} from '@citation-js/core'
import '@citation-js/plugin-bibtex'
import '@citation-js/plugin-ris'

export function citationJs(): {plugins: typeof plugins} {
  const config = plugins.config.get('@bibtex') as {parse: {sentenceCase: string; strict: boolean}}
  config.parse.sentenceCase = 'english'
  return {plugins}
}

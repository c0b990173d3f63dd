/**
 * Where citeproc-js's HTML output differs from Pandoc's by taste, not by the
 * CSL specification, handout follows Pandoc (manuscripts and their outputs
 * move both ways):
 * - superscript characters (the French locale's `nᵒ`, `²`, `ª`, `™`) stay as
 *   they are; citeproc-js rewrites them as `<sup>o</sup>`;
 * - `text-case="title"` leaves lower case only the stop words of the CSL
 *   specification (1.0.2, "Title case conversion") and name particles, as Pandoc
 *   does; citeproc-js keeps 150 words and phrases lower case ("beyond", "due to").
 */
import CSL from 'citeproc'

interface HtmlFormat {
  text_escape: ((text: string) => string) & {__handoutPandoc?: true}
}

/**
 * The CSL 1.0.2 specification's stop words, and the few Pandoc adds (CSL test
 * suite cases): "about" and the name particles (`d'` and `l'` as citeproc-js
 * splits words, `d` and `l` as Pandoc does).
 */
const STOP_WORDS = [
  'a', 'an', 'and', 'as', 'at', 'but', 'by', 'down', 'for', 'from', 'in', 'into', 'nor', 'of', 'on', 'onto', 'or', 'over', 'so', 'the', 'till', 'to', 'up', 'via', 'with', 'yet',
  'about', 'van', 'von', 'de', 'd', "d'", 'l', "l'"
]

export function followPandocOutput(): void {
  // Read when an engine loads a locale.
  ;(CSL as unknown as {SKIP_WORDS: string[]}).SKIP_WORDS = STOP_WORDS
  const html = (CSL as unknown as {Output: {Formats: {html: HtmlFormat}}}).Output.Formats.html
  if (html.text_escape.__handoutPandoc) return
  // citeproc-js's own, less its superscript rewrite.
  html.text_escape = Object.assign(
    (text: string): string =>
      (text || '').replace(/&/g, '&#38;').replace(/</g, '&#60;').replace(/>/g, '&#62;').replace(/\s\s/g, '\u00A0 '),
    {__handoutPandoc: true as const}
  )
}

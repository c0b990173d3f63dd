/**
 * Where citeproc-js's HTML output differs from Pandoc's by taste, not by the
 * CSL specification, handout follows Pandoc (manuscripts and their outputs
 * move both ways):
 * - superscript characters (the French locale's `nᵒ`, `²`, `ª`, `™`) stay as
 *   they are; citeproc-js rewrites them as `<sup>o</sup>`.
 */
import CSL from 'citeproc'

interface HtmlFormat {
  text_escape: ((text: string) => string) & {__handoutPandoc?: true}
}

export function followPandocOutput(): void {
  const html = (CSL as unknown as {Output: {Formats: {html: HtmlFormat}}}).Output.Formats.html
  if (html.text_escape.__handoutPandoc) return
  // citeproc-js's own, less its superscript rewrite.
  html.text_escape = Object.assign(
    (text: string): string =>
      (text || '').replace(/&/g, '&#38;').replace(/</g, '&#60;').replace(/>/g, '&#62;').replace(/\s\s/g, '\u00A0 '),
    {__handoutPandoc: true as const}
  )
}

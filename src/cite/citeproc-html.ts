/**
 * citeproc-js output is untrusted: it is made from bibliography fields, which
 * come from files people download or are sent, and citeproc-js does not
 * escape everything (a `"` in a DOI or URL closes the link's `href`, and what
 * follows becomes attributes: `onfocus=…`). Its HTML is parsed into hast and
 * cleaned with a schema that keeps only what CSL formatting produces: italics,
 * bold, small caps and the other `font-*` spans, super- and subscripts, the
 * `csl-*` layout divs, and links. Every link is built again by handout from
 * the text citeproc-js wrote (a DOI becomes `https://doi.org/…`), as an
 * http(s) URL, escaped when the tree is written; anything else loses its link.
 */
import type {Element, ElementContent, Root} from 'hast'
import {fromHtml} from 'hast-util-from-html'
import {sanitize, type Schema} from 'hast-util-sanitize'
import {toString} from '../render/to-string.js'

const STYLES = [
  'font-style:normal;',
  'font-style:italic;',
  'font-variant:small-caps;',
  'font-variant:normal;',
  'font-weight:normal;',
  'font-weight:bold;',
  'text-decoration:none;',
  'text-decoration:underline;',
  // citeproc-js's (sic) vertical-align="baseline".
  'baseline'
]

const LAYOUT = ['csl-entry', 'csl-block', 'csl-left-margin', 'csl-right-inline', 'csl-indent', 'csl-bib-body']

/** What CSL formatting produces in citeproc-js's HTML output, and handout's own links and markers. */
export const CITEPROC_SCHEMA: Schema = {
  tagNames: ['i', 'b', 'em', 'strong', 'span', 'sup', 'sub', 'a', 'div', 'br'],
  attributes: {
    span: [['style', ...STYLES], ['className', 'nocase', 'citation-unknown']],
    div: [['className', ...LAYOUT]],
    a: ['href', ['role', 'doc-biblioref']]
  },
  protocols: {href: ['http', 'https']},
  strip: ['script', 'style', 'template'],
  allowComments: false,
  allowDoctypes: false,
  clobberPrefix: '',
  clobber: []
}

/**
 * citeproc-js HTML -> clean hast. `cache` (per document) keeps the result of
 * each distinct string: a long document repeats the same citation many times.
 */
export function citeprocFragment(html: string, cache?: Map<string, ElementContent[]>): ElementContent[] {
  if (!html) return []
  const cached = cache?.get(html)
  if (cached) return structuredClone(cached)
  const tree = fromHtml(html, {fragment: true}) as Root
  rebuildLinks(tree)
  const clean = (sanitize(tree, CITEPROC_SCHEMA) as Root).children as ElementContent[]
  dropEmptyClasses(clean)
  cache?.set(html, clean)
  return cache ? structuredClone(clean) : clean
}

/** `class=""` left where every class was dropped. */
function dropEmptyClasses(nodes: ElementContent[]): void {
  for (const node of nodes) {
    if (node.type !== 'element') continue
    if (Array.isArray(node.properties.className) && node.properties.className.length === 0) delete node.properties.className
    dropEmptyClasses(node.children)
  }
}

/**
 * Links citeproc-js made around a URL or DOI get their `href` from the text
 * they show (what the field said, escaped by citeproc-js), never from the
 * attribute it wrote; in-document links (`#ref-KEY`, link-citations) keep theirs.
 */
function rebuildLinks(tree: Root | Element): void {
  for (const child of tree.children) {
    if (child.type !== 'element') continue
    if (child.tagName === 'a') {
      const given = String(child.properties.href ?? '')
      const href = given.startsWith('#ref-') ? given : linkTarget(toString(child), given)
      child.properties = href ? {href, ...(given.startsWith('#ref-') && child.properties.role === 'doc-biblioref' ? {role: 'doc-biblioref'} : {})} : {}
      if (!href) Object.assign(child, {tagName: 'span'})
    }
    rebuildLinks(child)
  }
}

/** `https://…` as written, a DOI as `https://doi.org/DOI`; undefined for anything else. */
export function linkTarget(text: string, written: string): string | undefined {
  const value = text.trim()
  if (/^https?:\/\/[^\s/]/i.test(value)) return escapeUri(value)
  if (/^https:\/\/doi\.org\//i.test(written) && /^10\.\S/.test(value)) return 'https://doi.org/' + escapeUri(value)
  return undefined
}

/**
 * Percent-encode what may not stand in a URI (RFC 3986: all but the unreserved
 * and reserved characters and `%`), as Pandoc does for the links it makes:
 * spaces, quotes, `<`, `>`, braces and every non-ASCII character.
 */
export function escapeUri(value: string): string {
  let out = ''
  for (const char of value) out += /^[A-Za-z0-9\-._~:/?#[\]@!$&'()*+,;=%]$/.test(char) ? char : encodeURIComponent(char)
  return out
}

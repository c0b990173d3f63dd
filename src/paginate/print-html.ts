/**
 * HTML for print: the built HTML with (1) each footnote moved to its call as
 * `<span class="footnote">`, which Paged.js floats to the foot of the page
 * (`float: footnote`), (2) soft hyphens for the document's language, (3) the
 * print fonts, (4) the paper size, and (5) handout's own scripts (font
 * loading, Paged.js), marked with the page's nonce so that its
 * Content-Security-Policy lets them, and only them, run (see sealed-page.ts).
 * Elements that would reach out of the page without a request the page can
 * refuse (`<link rel=preconnect|dns-prefetch|prefetch|prerender|preload>`,
 * `<base>`, `<meta http-equiv>`) are left out.
 * The HTML file written for screens keeps its endnotes.
 */
import {fromHtml} from 'hast-util-from-html'
import {raw} from 'hast-util-raw'
import {VFile} from 'vfile'
import {toHtml} from 'hast-util-to-html'
import type {Element, ElementContent, Root} from 'hast'
import {SKIP, visit} from 'unist-util-visit'
import type {FontSpec} from './fonts.js'
import {PAGED_URL} from './origin.js'
import {hyphenateTree, loadHyphenator} from './hyphenate.js'

export interface PrintOptions {
  fonts: FontSpec[]
  /** The nonce of handout's own scripts (the page's CSP names it). */
  nonce?: string | undefined
  /** `a4` (default), `letter`, `a5`, or any CSS `size` value. */
  papersize?: string | undefined
  /** The document's language, for hyphenation (default: the `<html lang>`). */
  lang?: string | undefined
}

const FRAMES = `window.requestAnimationFrame = function (callback) { return setTimeout(function () { callback(performance.now()) }, 0) };
window.cancelAnimationFrame = function (id) { clearTimeout(id) };`

/**
 * A Paged.js handler: a table split across pages gets its header row (and
 * column widths) again at the top of each page it continues on. It is added
 * while the page is laid out (as the first row lands), so the page's
 * overflow check counts it.
 */
const TABLE_HEADERS = `Paged.registerHandlers(class extends Paged.Handler {
  renderNode(clone, node) {
    if (!clone || clone.nodeType !== 1 || clone.tagName !== 'TR' || !node || node.closest('thead')) return;
    var table = clone.closest('table');
    if (!table || !table.hasAttribute('data-split-from') || table.hasAttribute('data-handout-head')) return;
    table.setAttribute('data-handout-head', '');
    var source = node.closest('table');
    var head = source && source.querySelector(':scope > thead');
    // A table broken before its first row carries its own header onto this page.
    if (!head || table.querySelector(':scope > thead:not([data-handout-repeated])')) return;
    var parts = [source.querySelector(':scope > colgroup'), head].filter(Boolean).map(function (part) {
      var copy = part.cloneNode(true);
      [copy].concat(Array.prototype.slice.call(copy.querySelectorAll('*'))).forEach(function (e) {
        e.removeAttribute('data-ref'); e.removeAttribute('id');
      });
      copy.setAttribute('data-handout-repeated', '');
      return copy;
    });
    var first = table.firstChild;
    parts.forEach(function (part) { table.insertBefore(part, first); });
  }
});`

/** Inline elements: their block carries the place. */
const PHRASING = new Set(['a', 'abbr', 'b', 'bdi', 'bdo', 'br', 'cite', 'code', 'data', 'dfn', 'em', 'i', 'kbd', 'mark', 'q', 's', 'samp', 'small', 'span', 'strong', 'sub', 'sup', 'time', 'u', 'var', 'wbr', 'del', 'ins'])

const SIZES: Record<string, string> = {a4: 'A4', letter: 'letter', a5: 'A5', legal: 'legal'}

/** Elements that would make the browser reach out on its own (no request the page could refuse), or change where URLs point. */
function reachesOut(node: Element): boolean {
  if (node.tagName === 'base') return true
  if (node.tagName === 'meta' && node.properties.httpEquiv !== undefined) return true
  if (node.tagName !== 'link') return false
  const rel = (Array.isArray(node.properties.rel) ? node.properties.rel : [node.properties.rel]).map((r) => String(r ?? '').toLowerCase())
  return rel.some((r) => ['preconnect', 'dns-prefetch', 'prefetch', 'prerender', 'preload', 'modulepreload'].includes(r))
}

export function toPrintHtml(html: string | Root, options: PrintOptions): string {
  // A built tree still holds the manuscript's raw HTML as strings: parsed here, in place.
  // (A file, any, makes it keep the places of what it parses.)
  const tree = typeof html === 'string' ? (fromHtml(html) as Root) : (raw(html, {file: new VFile()}) as Root)
  visit(tree, 'element', (node, index, parent) => {
    if (!(reachesOut(node) && parent && index !== undefined)) return undefined
    parent.children.splice(index, 1)
    return index
  })
  const notes = new Map<string, ElementContent[]>()
  // One endnotes section per document; a packet has one per article.
  const sections: Array<{parent: Element; node: Element}> = []

  visit(tree, 'element', (node, index, parent) => {
    if (node.tagName === 'section' && node.properties.dataFootnotes !== undefined && parent && index !== undefined) {
      for (const li of findAll(node, (e) => e.tagName === 'li')) {
        const id = String(li.properties.id ?? '')
        // The note's content, without the back link (meaningless on paper).
        const content = li.children.flatMap((child) =>
          child.type === 'element' && child.tagName === 'p' ? child.children : child.type === 'element' ? [child] : []
        )
        notes.set(id, strip(content))
      }
      sections.push({parent: parent as Element, node})
      return SKIP
    }
    return undefined
  })
  for (const {parent, node} of sections) parent.children.splice(parent.children.indexOf(node), 1)

  visit(tree, 'element', (node, index, parent) => {
    if (!(node.tagName === 'sup' && parent && index !== undefined)) return undefined
    const link = node.children.find((c): c is Element => c.type === 'element' && c.tagName === 'a' && c.properties.dataFootnoteRef !== undefined)
    if (!link) return undefined
    const id = String(link.properties.href ?? '').replace(/^#/, '')
    const content = notes.get(id)
    if (!content) return undefined
    const footnote: Element = {type: 'element', tagName: 'span', properties: {className: ['footnote'], id}, children: content}
    parent.children.splice(index, 1, footnote)
    return SKIP
  })

  // Each element of the manuscript carries its place, for messages about what did not fit on a page
  // (a built tree's places are the manuscript's; an HTML string's would be its own).
  const main = typeof html === 'string' ? undefined : findAll(tree, (e) => e.tagName === 'main')[0]
  if (main) {
    visit(main, 'element', (node) => {
      const start = node.position?.start
      if (start && !PHRASING.has(node.tagName)) node.properties.dataHandoutAt = `${start.line}:${start.column}`
    })
  }

  const root = findAll(tree, (e) => e.tagName === 'html')[0]
  const lang = options.lang ?? (root ? String(root.properties.lang ?? '') : '')
  const hyphenate = lang ? loadHyphenator(lang) : undefined
  if (hyphenate) hyphenateTree(tree, hyphenate)

  const head = findAll(tree, (e) => e.tagName === 'head')[0]
  if (head) {
    const size = options.papersize ? (SIZES[options.papersize.toLowerCase()] ?? options.papersize) : undefined
    if (size) head.children.push({type: 'element', tagName: 'style', properties: {}, children: [{type: 'text', value: `@page { size: ${size}; }`}]})
    // Fonts go in through the FontFace API: Paged.js replaces the page's
    // stylesheets, which would cancel @font-face loads. Pagination waits for them.
    // Only the subsets the document's characters need (its text and its CSS,
    // whose generated content is in the stylesheet text): unloaded faces are not
    // free, 64 of them beside the 10 in use made each document 50 ms slower.
    const used = codePoints(tree)
    const fonts = options.fonts.filter((f) => coversAny(f.unicodeRange, used))
    // handout starts Paged.js itself (auto: false); Paged.js calls `before` on its own
    // as well, so the fonts are loaded once and that promise is handed to both.
    const nonce = options.nonce ? {nonce: options.nonce} : {}
    // What the page's policy blocks is collected for the build's messages.
    const blocked = `window.handoutBlocked = []; document.addEventListener('securitypolicyviolation', function (e) {
  window.handoutBlocked.push({uri: String(e.blockedURI), directive: String(e.effectiveDirective), line: e.lineNumber || 0});
});`
    head.children.unshift({type: 'element', tagName: 'script', properties: {...nonce}, children: [{type: 'text', value: blocked}]})
    const script = `window.PagedConfig = {auto: false, before: function () {
  var fonts = ${JSON.stringify(fonts.map(({family, url, style, weight, unicodeRange}) => ({family, url, style, weight, unicodeRange})))};
  return window.handoutFonts || (window.handoutFonts = Promise.all(fonts.map(function (f) {
    var face = new FontFace(f.family, 'url(' + f.url + ')', {style: f.style, weight: f.weight, unicodeRange: f.unicodeRange});
    document.fonts.add(face);
    return face.load().catch(function () {});
  })));
}};`
    head.children.push({type: 'element', tagName: 'script', properties: {...nonce}, children: [{type: 'text', value: script}]})
    // Paged.js waits on animation frames, which a background tab never gets: with
    // several documents printing at once (one tab each) all but one would stall.
    head.children.push({type: 'element', tagName: 'script', properties: {...nonce}, children: [{type: 'text', value: FRAMES}]})
    // Paged.js by URL: the browser compiles it once for every document printed in the tab.
    head.children.push({type: 'element', tagName: 'script', properties: {...nonce, src: PAGED_URL}, children: []})
    head.children.push({type: 'element', tagName: 'script', properties: {...nonce}, children: [{type: 'text', value: TABLE_HEADERS}]})
  }
  return toHtml(tree)
}

/** Every code point in the document's text. */
function codePoints(tree: Root): Set<number> {
  const used = new Set<number>()
  visit(tree, 'text', (node) => {
    for (const char of node.value) used.add(char.codePointAt(0)!)
  })
  return used
}

/** Does a CSS unicode-range (`U+0000-00FF,U+0131`) cover any of `used`? */
export function coversAny(range: string, used: Set<number>): boolean {
  const spans = range.split(',').map((part) => {
    const [from, to] = part.trim().replace(/^U\+/i, '').split('-')
    return [parseInt(from!, 16), parseInt(to ?? from!, 16)] as const
  })
  for (const point of used) for (const [from, to] of spans) if (point >= from && point <= to) return true
  return false
}

function findAll(tree: Root | Element, test: (e: Element) => boolean): Element[] {
  const found: Element[] = []
  visit(tree, 'element', (node) => {
    if (test(node)) found.push(node)
  })
  return found
}

/** Drop back links and trailing space from a note's content. */
function strip(content: ElementContent[]): ElementContent[] {
  const kept = content.filter((c) => !(c.type === 'element' && c.properties.dataFootnoteBackref !== undefined))
  const last = kept[kept.length - 1]
  if (last?.type === 'text') last.value = last.value.replace(/\s+$/, '')
  return kept
}

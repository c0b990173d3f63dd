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
import type {FontSpec} from './fonts.js'
import {PAGED_URL} from './origin.js'
import {randomUUID} from 'node:crypto'
import {hyphenateTree, loadHyphenator} from './hyphenate.js'

export interface PrintOptions {
  fonts: FontSpec[]
  /** The nonce of handout's own scripts (the page's CSP names it). */
  nonce?: string | undefined
  /** `a4` (default), `letter`, `a5`, or any CSS `size` value. */
  papersize?: string | undefined
  /** The document's language, for hyphenation (default: the `<html lang>`). */
  lang?: string | undefined
  /** Words hyphenated by earlier pages, by language: given by a caller that prints many (hyphenate.ts). */
  hyphenated?: Map<string, Map<string, string>> | undefined
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
  // A built tree still holds the manuscript's raw HTML as strings: parsed here.
  const tree = typeof html === 'string' ? (fromHtml(html) as Root) : reparsed(html)
  const notes = new Map<string, ElementContent[]>()
  const dropReachingOut = (node: Element): ElementContent[] | undefined => (reachesOut(node) ? [] : undefined)
  rewrite(tree, (node) => {
    if (reachesOut(node)) return []
    // One endnotes section per document (a packet has one per article): its notes are taken out.
    if (!(node.tagName === 'section' && node.properties.dataFootnotes !== undefined)) return undefined
    rewrite(node, dropReachingOut)
    for (const li of findAll(node, (e) => e.tagName === 'li')) {
      const id = String(li.properties.id ?? '')
      // The note's content, without the back link (meaningless on paper).
      const content = li.children.flatMap((child) =>
        child.type === 'element' && child.tagName === 'p' ? child.children : child.type === 'element' ? [child] : []
      )
      notes.set(id, strip(content))
    }
    return []
  })

  // Each note goes where it is called, as a span Paged.js floats to the page's foot.
  rewrite(tree, (node) => {
    if (node.tagName !== 'sup') return undefined
    const link = node.children.find((c): c is Element => c.type === 'element' && c.tagName === 'a' && c.properties.dataFootnoteRef !== undefined)
    if (!link) return undefined
    const id = String(link.properties.href ?? '').replace(/^#/, '')
    const content = notes.get(id)
    if (!content) return undefined
    return [{type: 'element', tagName: 'span', properties: {className: ['footnote'], id}, children: content}]
  })

  // Each element of the manuscript carries its place, for messages about what did not fit on a page
  // (a built tree's places are the manuscript's; an HTML string's would be its own).
  const main = typeof html === 'string' ? undefined : findAll(tree, (e) => e.tagName === 'main', true)[0]
  if (main) {
    rewrite(main, (node) => {
      const start = node.position?.start
      if (start && !PHRASING.has(node.tagName)) node.properties.dataHandoutAt = `${start.line}:${start.column}`
      return undefined
    })
  }

  const root = findAll(tree, (e) => e.tagName === 'html', true)[0]
  const lang = options.lang ?? (root ? String(root.properties.lang ?? '') : '')
  const hyphenate = lang ? loadHyphenator(lang) : undefined
  if (hyphenate) {
    let words = options.hyphenated?.get(lang)
    if (options.hyphenated && !words) options.hyphenated.set(lang, (words = new Map()))
    hyphenateTree(tree, hyphenate, words)
  }

  const head = findAll(tree, (e) => e.tagName === 'head', true)[0]
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
    // The list is data (a later build laid out in the same window, in the preview, loads its own).
    const list = JSON.stringify(fonts.map(({family, url, style, weight, unicodeRange}) => ({family, url, style, weight, unicodeRange}))).replaceAll('<', '\\u003c')
    head.children.push({type: 'element', tagName: 'script', properties: {type: 'application/json', id: 'handout-fonts'}, children: [{type: 'text', value: list}]})
    const script = `window.handoutLoadFonts = function (fonts) {
  var faces = window.handoutFaces || (window.handoutFaces = {});
  return Promise.all(fonts.map(function (f) {
    var key = [f.family, f.url, f.style, f.weight, f.unicodeRange].join('|');
    if (!faces[key]) {
      var face = new FontFace(f.family, 'url(' + f.url + ')', {style: f.style, weight: f.weight, unicodeRange: f.unicodeRange});
      document.fonts.add(face);
      faces[key] = face.load().catch(function () {});
    }
    return faces[key];
  }));
};
window.PagedConfig = {auto: false, before: function () {
  return window.handoutFonts || (window.handoutFonts = window.handoutLoadFonts(JSON.parse(document.getElementById('handout-fonts').textContent)));
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

/**
 * The built tree with its raw HTML parsed (hast-util-raw), the tree given
 * left as it is. Stylesheets are set aside meanwhile: raw() would read them a
 * character at a time, and KaTeX's holds its fonts (100 KB).
 */
function reparsed(tree: Root): Root {
  const sheets = new Map<string, ElementContent[]>()
  // Unguessable: a stylesheet of the manuscript's own cannot stand for one set aside.
  const mark = randomUUID()
  const setAside = <T extends Root | ElementContent>(node: T): T => {
    if (node.type === 'element' && node.tagName === 'style') {
      const token = `${mark}-${sheets.size}`
      sheets.set(token, node.children)
      return {...node, children: [{type: 'text', value: token}]}
    }
    if (!('children' in node)) return node
    let changed = false
    const children = node.children.map((child) => {
      const kept = setAside(child as ElementContent)
      if (kept !== child) changed = true
      return kept
    })
    return changed ? ({...node, children} as T) : node
  }
  // A file, any, makes raw() keep the places of what it parses.
  const parsed = raw(setAside(tree), {file: new VFile()}) as Root
  if (sheets.size > 0) {
    rewrite(parsed, (node) => {
      const only = node.tagName === 'style' && node.children.length === 1 ? node.children[0] : undefined
      const sheet = only?.type === 'text' ? sheets.get(only.value) : undefined
      if (sheet) node.children = structuredClone(sheet)
      return undefined
    })
  }
  return parsed
}

/** Every code point in the document's text, and its stylesheets' (their generated content), but for embedded files. */
function codePoints(tree: Root): Set<number> {
  const used = new Set<number>()
  const walk = (node: Root | Element, sheet: boolean): void => {
    for (const child of node.children) {
      if (child.type === 'text') {
        const text = sheet ? child.value.replace(/url\(\s*["']?data:[^)]*\)/g, '') : child.value
        for (const char of text) used.add(char.codePointAt(0)!)
      } else if (child.type === 'element') walk(child, child.tagName === 'style')
    }
  }
  walk(tree, false)
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

/** The elements that pass `test`, in document order (with `first`: the first only). */
function findAll(tree: Root | Element, test: (e: Element) => boolean, first = false): Element[] {
  const found: Element[] = []
  const walk = (node: Root | Element): boolean => {
    for (const child of node.children) {
      if (child.type !== 'element') continue
      if (test(child)) {
        found.push(child)
        if (first) return true
      }
      if (walk(child) && first) return true
    }
    return false
  }
  walk(tree)
  return found
}

/**
 * Every element below `node`, parents first, offered to `change`: what it
 * returns takes the element's place (not looked into; `[]` removes it),
 * undefined keeps the element and goes on into it.
 */
function rewrite(node: Root | Element, change: (element: Element) => ElementContent[] | undefined): void {
  let kept: Array<Root['children'][number]> | undefined
  node.children.forEach((child, index) => {
    const replaced = child.type === 'element' ? change(child) : undefined
    if (replaced) kept ??= node.children.slice(0, index)
    else if (child.type === 'element') rewrite(child, change)
    if (kept) kept.push(...(replaced ?? [child]))
  })
  if (kept) node.children = kept as Element['children']
}

/** Drop back links and trailing space from a note's content. */
function strip(content: ElementContent[]): ElementContent[] {
  const kept = content.filter((c) => !(c.type === 'element' && c.properties.dataFootnoteBackref !== undefined))
  const last = kept[kept.length - 1]
  if (last?.type === 'text') last.value = last.value.replace(/\s+$/, '')
  return kept
}

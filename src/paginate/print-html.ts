/**
 * HTML for print: the built HTML with (1) each footnote moved to its call as
 * `<span class="footnote">`, which Paged.js floats to the foot of the page
 * (`float: footnote`), (2) soft hyphens for the document's language, (3) the
 * print fonts, and (4) the paper size.
 * The HTML file written for screens keeps its endnotes.
 */
import {fromHtml} from 'hast-util-from-html'
import {toHtml} from 'hast-util-to-html'
import type {Element, ElementContent, Root} from 'hast'
import {SKIP, visit} from 'unist-util-visit'
import type {FontSpec} from './fonts.js'
import {hyphenateTree, loadHyphenator} from './hyphenate.js'

export interface PrintOptions {
  fonts: FontSpec[]
  /** `a4` (default), `letter`, `a5`, or any CSS `size` value. */
  papersize?: string | undefined
  /** The document's language, for hyphenation (default: the `<html lang>`). */
  lang?: string | undefined
}

const FRAMES = `window.requestAnimationFrame = function (callback) { return setTimeout(function () { callback(performance.now()) }, 0) };
window.cancelAnimationFrame = function (id) { clearTimeout(id) };`

const SIZES: Record<string, string> = {a4: 'A4', letter: 'letter', a5: 'A5', legal: 'legal'}

export function toPrintHtml(html: string, options: PrintOptions): string {
  const tree = fromHtml(html) as Root
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
    const script = `window.PagedConfig = {auto: false, before: function () {
  var fonts = ${JSON.stringify(fonts)};
  return window.handoutFonts || (window.handoutFonts = Promise.all(fonts.map(function (f) {
    var face = new FontFace(f.family, 'url(' + f.url + ')', {style: f.style, weight: f.weight, unicodeRange: f.unicodeRange});
    document.fonts.add(face);
    return face.load().catch(function () {});
  })));
}};`
    head.children.push({type: 'element', tagName: 'script', properties: {}, children: [{type: 'text', value: script}]})
    // Paged.js waits on animation frames, which a background tab never gets: with
    // several documents printing at once (one tab each) all but one would stall.
    head.children.push({type: 'element', tagName: 'script', properties: {}, children: [{type: 'text', value: FRAMES}]})
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

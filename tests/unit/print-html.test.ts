import {describe, expect, it} from 'vitest'
import type {Element, Root} from 'hast'
import {fromHtml} from 'hast-util-from-html'
import {coversAny, toPrintHtml} from '../../src/paginate/print-html.js'
import {loadHyphenator} from '../../src/paginate/hyphenate.js'

const SOFT = '\u00ad'
const page = (lang: string, body: string): string =>
  `<!doctype html><html lang="${lang}"><head><title>t</title></head><body><main>${body}</main></body></html>`

describe('toPrintHtml', () => {
  it('moves each footnote to its call and drops the endnotes section', () => {
    const html = page(
      'en',
      '<p>Text.<sup><a href="#fn-1" id="fnref-1" data-footnote-ref>1</a></sup></p>' +
        '<section data-footnotes class="footnotes"><ol><li id="fn-1"><p>The note. <a href="#fnref-1" data-footnote-backref>↩</a></p></li></ol></section>'
    )
    const out = toPrintHtml(html, {fonts: []})
    expect(out).toContain('<p>Text.<span class="footnote" id="fn-1">The note.</span></p>')
    expect(out).not.toContain('<section')
    expect(out).not.toContain('↩')
  })

  it('hyphenates running text by lang, but not headings, links, names or references', () => {
    const out = toPrintHtml(
      page(
        'en-US',
        '<h2>Understanding</h2><p>understanding <a href="x">understanding</a></p>' +
          '<div class="csl-entry">Understanding</div><p class="running-title">understanding</p>'
      ),
      {fonts: []}
    )
    expect(out).toContain(`<p>un${SOFT}der${SOFT}stand${SOFT}ing <a href="x">understanding</a></p>`)
    expect(out).toContain('<h2>Understanding</h2>')
    expect(out).toContain('<div class="csl-entry">Understanding</div>')
    expect(out).toContain('<p class="running-title">understanding</p>')
  })

  it('leaves at least 2 letters before and 3 after a break, and no 1-letter pieces', () => {
    const hyphenate = loadHyphenator('en-US')!
    const out = toPrintHtml(page('en-US', '<p>Ketamine relative</p>'), {fonts: []})
    const words = /<p>([^<]*)<\/p>/.exec(out)![1]!.split(' ')
    for (const word of words) {
      const pieces = word.split(SOFT)
      expect(pieces[0]!.length, word).toBeGreaterThanOrEqual(2)
      expect(pieces[pieces.length - 1]!.length, word).toBeGreaterThanOrEqual(3)
      for (const piece of pieces) expect(piece.length, word).toBeGreaterThanOrEqual(2)
    }
    expect(hyphenate).toBeTypeOf('function')
    expect(loadHyphenator('de-DE')).toBeTypeOf('function')
    expect(loadHyphenator('xx')).toBeUndefined()
  })

  it('leaves a built tree as it is, its raw HTML and stylesheets in place, and prints it alike with words hyphenated before', () => {
    // A built tree: the manuscript's raw HTML still a string, a stylesheet with a font in it.
    const tree = fromHtml(page('en-US', '<p>understanding everything</p>')) as Root
    const find = (node: Root | Element, tag: string): Element | undefined => {
      for (const child of node.children) {
        if (child.type !== 'element') continue
        if (child.tagName === tag) return child
        const found = find(child, tag)
        if (found) return found
      }
      return undefined
    }
    const sheet = '.a::before { content: "Ω"; } @font-face { font-family: K; src: url(data:font/woff2;base64,QUJD) }'
    find(tree, 'head')!.children.push({type: 'element', tagName: 'style', properties: {}, children: [{type: 'text', value: sheet}]})
    find(tree, 'main')!.children.push({type: 'raw', value: '<aside class="box">Raw <b>HTML</b></aside>'} as unknown as Element)
    const before = JSON.stringify(tree)
    const words = new Map<string, Map<string, string>>()
    const fonts = [{family: 'F', url: 'file:///greek.woff2', path: '', style: 'normal', weight: '400', unicodeRange: 'U+0370-03FF'}]
    const first = toPrintHtml(tree, {fonts, hyphenated: words})
    expect(JSON.stringify(tree)).toBe(before)
    expect(first).toContain(sheet)
    expect(first).toMatch(/<aside class="box"[^>]*>Raw <b>HTML<\/b><\/aside>/)
    const hyphenated = words.get('en-US')?.get('understanding')
    expect(hyphenated).toContain(SOFT)
    expect(first).toContain(`>${hyphenated} ${words.get('en-US')?.get('everything')}</p>`)
    // The Greek of the stylesheet's generated content counts, not the letters of its embedded font.
    expect(first).toContain('greek.woff2')
    expect(toPrintHtml(tree, {fonts, hyphenated: words})).toBe(first)
    expect(toPrintHtml(tree, {fonts})).toBe(first)
    expect(JSON.stringify(tree)).toBe(before)
  })

  it('sets the paper size and registers the fonts the text needs through the FontFace API', () => {
    const out = toPrintHtml(page('en', '<p>x</p>'), {
      fonts: [
        {family: 'F', url: 'file:///f.woff2', path: '', style: 'normal', weight: '400', unicodeRange: 'U+0-FF'},
        {family: 'F', url: 'file:///greek.woff2', path: '', style: 'normal', weight: '400', unicodeRange: 'U+0370-03FF'}
      ],
      papersize: 'letter'
    })
    expect(out).toContain('@page { size: letter; }')
    expect(out).toContain('new FontFace(f.family')
    expect(out).toContain('"url":"file:///f.woff2"')
    // No Greek in the document: that subset is left out.
    expect(out).not.toContain('greek.woff2')
    const greek = toPrintHtml(page('en', '<p>β-arrestin</p>'), {fonts: [{family: 'F', url: 'file:///greek.woff2', path: '', style: 'normal', weight: '400', unicodeRange: 'U+0370-03FF'}]})
    expect(greek).toContain('greek.woff2')
  })
})

describe('coversAny', () => {
  it('matches code points against a unicode-range', () => {
    expect(coversAny('U+0000-00FF,U+0131', new Set([0x41]))).toBe(true)
    expect(coversAny('U+0000-00FF,U+0131', new Set([0x131]))).toBe(true)
    expect(coversAny('U+0370-03FF', new Set([0x41, 0x2013]))).toBe(false)
  })
})

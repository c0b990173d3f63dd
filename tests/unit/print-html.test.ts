import {describe, expect, it} from 'vitest'
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

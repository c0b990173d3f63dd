/**
 * citeproc-js output, cleaned (cite/citeproc-html.ts): what CSL formatting
 * makes stays, anything a bibliography field could smuggle in goes, and links
 * are rebuilt from the text they show.
 */
import {describe, expect, it} from 'vitest'
import {toHtml} from 'hast-util-to-html'
import {citeprocFragment, escapeUri, linkTarget} from '../../src/cite/citeproc-html.js'
import {lineIndex} from '../../src/line-index.js'

const clean = (html: string): string => toHtml(citeprocFragment(html))

describe('citeprocFragment', () => {
  it('keeps what CSL formatting produces', () => {
    const html =
      '<div class="csl-entry"><div class="csl-left-margin">[1]</div><div class="csl-right-inline">Doe, <i>Title</i>, <b>b</b>, ' +
      '<span style="font-variant:small-caps;">sc</span>, x<sup>2</sup>, H<sub>2</sub>O, <span style="font-style:normal;">n</span></div></div>'
    expect(clean(html)).toBe(html)
  })

  it('drops elements and attributes no CSL formatting makes', () => {
    expect(clean('<i onmouseover="x()">a</i><img src=x onerror=y()><script>z()</script><span style="color:red" class="evil">b</span>')).toBe('<i>a</i><span>b</span>')
    expect(clean('<div class="csl-entry" id="x" data-z="1">e</div>')).toBe('<div class="csl-entry">e</div>')
  })

  it('rebuilds a link from its text, whatever the href said', () => {
    // The DOI of S3: its quote closed citeproc-js's href, the rest became attributes.
    const doi = '<a href="https://doi.org/10.1/z" tabindex="1" autofocus onfocus="alert(1)" data-z="">10.1/z" tabindex="1" autofocus onfocus="alert(1)" data-z="</a>'
    expect(clean(doi)).toBe('<a href="https://doi.org/10.1/z%22%20tabindex=%221%22%20autofocus%20onfocus=%22alert(1)%22%20data-z=%22">10.1/z" tabindex="1" autofocus onfocus="alert(1)" data-z="</a>')
    expect(clean('<a href="javascript:alert(1)">javascript:alert(1)</a>')).toBe('<span>javascript:alert(1)</span>')
    expect(clean('<a href="https://example.org/a b">https://example.org/a b</a>')).toBe('<a href="https://example.org/a%20b">https://example.org/a b</a>')
    // In-document links (link-citations) keep theirs.
    expect(clean('<a href="#ref-doe" role="doc-biblioref">Doe</a>')).toBe('<a href="#ref-doe" role="doc-biblioref">Doe</a>')
  })

  it('gives a copy of a cached result, so callers may change what they get', () => {
    const cache = new Map()
    const first = citeprocFragment('<i>a</i>', cache)
    ;(first[0] as {tagName: string}).tagName = 'b'
    expect(toHtml(citeprocFragment('<i>a</i>', cache))).toBe('<i>a</i>')
  })
})

describe('linkTarget and escapeUri', () => {
  it('links http(s) text as written, a DOI through doi.org, and nothing else', () => {
    expect(linkTarget('https://example.org/x?a=1&b=2#c', 'https://example.org/x')).toBe('https://example.org/x?a=1&b=2#c')
    expect(linkTarget('10.1002/(SICI)1097-4571(199806)49:8<693::AID-ASI4>3.0.CO;2-O', 'https://doi.org/10.1002')).toBe(
      'https://doi.org/10.1002/(SICI)1097-4571(199806)49:8%3C693::AID-ASI4%3E3.0.CO;2-O'
    )
    expect(linkTarget('ftp://x', 'ftp://x')).toBeUndefined()
    expect(linkTarget('www.example.org', 'www.example.org')).toBeUndefined()
    expect(escapeUri('a "b" é')).toBe('a%20%22b%22%20%C3%A9')
  })
})

describe('lineIndex', () => {
  it('gives the line and column of every offset', () => {
    const text = 'ab\ncd\n\nefg'
    const lines = lineIndex(text)
    const naive = (offset: number) => {
      const before = text.slice(0, offset)
      return {line: before.split('\n').length, column: offset - before.lastIndexOf('\n'), offset}
    }
    for (let offset = 0; offset <= text.length; offset++) expect(lines.point(offset)).toEqual(naive(offset))
  })
})

/** remarkCrossref on its own: labels numbered, references resolved, the words of each language. */
import {unified} from 'unified'
import remarkParse from 'remark-parse'
import remarkRehype from 'remark-rehype'
import rehypeStringify from 'rehype-stringify'
import {VFile} from 'vfile'
import {describe, expect, it} from 'vitest'
import remarkCite from '../../src/parse/remark-cite.js'
import remarkFigures from '../../src/parse/remark-figures.js'
import remarkHeadingAttributes from '../../src/parse/remark-heading-attributes.js'
import remarkPandocLinks from '../../src/parse/remark-pandoc-links.js'
import remarkPandocInlines from '../../src/parse/remark-pandoc-inlines.js'
import remarkCrossref from '../../src/crossref/remark-crossref.js'
import {crossrefWords} from '../../src/crossref/words.js'
import type {Metadata} from '../../src/types.js'
import {createHandlers} from '../../src/render/handlers.js'

async function crossref(markdown: string, meta: Metadata = {}): Promise<{html: string; file: VFile}> {
  const processor = unified()
    .use(remarkParse)
    .use([remarkCite, remarkPandocInlines, remarkPandocLinks, remarkFigures, remarkHeadingAttributes])
    .use(remarkCrossref)
    .use(remarkRehype, {handlers: createHandlers(), allowDangerousHtml: true})
    .use(rehypeStringify)
  const file = new VFile({path: 'doc.md', value: markdown, data: {meta}})
  return {html: String(await processor.process(file)), file}
}

const figures = (n: number) => Array.from({length: n}, (_, i) => `![F${i + 1}.](f.png){#fig:f${i + 1}}`).join('\n\n')

describe('references', () => {
  it('joins two numbers with “and”, makes a range of three or more in a row, and keeps others apart', async () => {
    const {html} = await crossref(`[@fig:f1; @fig:f2] [@fig:f1; @fig:f2; @fig:f3; @fig:f5]\n\n${figures(5)}`)
    const text = html.split('\n')[0]!.replace(/<[^>]+>/g, '')
    expect(text).toBe('Figures\u00a01 and 2 Figures\u00a01–3 and 5')
  })

  it('writes what pandoc-crossref writes when given its words and delimiters (as its test of links: figs. 1, 2, 4 and figs. 1-4)', async () => {
    // pandoc-crossref's defaults: `fig.`/`figs.`, every delimiter ", ", ranges "-".
    const meta: Metadata = {figPrefix: ['fig.', 'figs.'], pairDelim: ', ', lastDelim: ', ', refDelim: ', ', rangeDelim: '-'}
    const figures4 = Array.from({length: 4}, (_, i) => `![F${i}.](f.png){#fig:${i}}`).join('\n\n')
    const source = [
      'Individually @fig:0, @fig:1, @fig:2, @fig:3',
      'Or in groups [@fig:0; @fig:1; @fig:3]',
      'Groups will be compacted [@fig:0; @fig:1; @fig:3; @fig:2]',
      'Reference prefix will override default prefix [Figure @fig:0; @fig:3; @fig:2]',
      'References with - prepended won’t have prefix at all: [-@fig:0; -@fig:1; @fig:2; @fig:3]'
    ].join('\n\n')
    const {html} = await crossref(`${source}\n\n${figures4}`, meta)
    const lines = html.split('\n').slice(0, 5).map((line) => line.replace(/<[^>]+>/g, '').replaceAll('\u00a0', ' '))
    expect(lines).toEqual([
      'Individually fig. 1, fig. 2, fig. 3, fig. 4',
      'Or in groups figs. 1, 2, 4',
      'Groups will be compacted figs. 1-4',
      // pandoc-crossref joins groups with ", ": "Figure 1, figs. 3, 4".
      'Reference prefix will override default prefix Figure 1 and figs. 3, 4',
      // pandoc-crossref: "1, 2, figs. 3, 4".
      'References with - prepended won’t have prefix at all: 1, 2 and figs. 3, 4'
    ])
    // A spaced range as its manual writes it, its character references read as Pandoc reads them.
    const spaced = await crossref(`[@fig:0; @fig:1; @fig:2]\n\n${figures4}`, {...meta, rangeDelim: '&#32;&ndash;&#32;'})
    expect(spaced.html.split('\n')[0]!.replace(/<[^>]+>/g, '')).toBe('figs.\u00a01 – 3')
  })

  it('puts the caption’s delimiter after its number (pandoc-crossref’s `titleDelim`, Quarto’s `title-delim`)', async () => {
    const {html} = await crossref(`See @fig:f1.\n\n${figures(1)}`, {figPrefix: ['fig.'], titleDelim: '.'})
    expect(html).toContain('<span class="caption-label">Figure\u00a01.</span> F1.')
    expect(html).toContain('fig.\u00a01')
  })

  it('leaves a cluster with a citation in it to the citations', async () => {
    const {html, file} = await crossref(`[@fig:f1; @doe2020]\n\n${figures(1)}`)
    expect(html).not.toContain('class="crossref"')
    expect(file.messages).toEqual([])
  })

  it('resolves a narrative reference followed by a citation (`@fig:x [@doe]`, one cluster to the parser), and leaves the citation', async () => {
    const processor = unified().use(remarkParse).use([remarkCite, remarkPandocInlines, remarkPandocLinks, remarkFigures]).use(remarkCrossref)
    const file = new VFile({path: 'doc.md', value: `As @fig:f1 [@doe2020; @roe] shows.\n\n${figures(1)}`, data: {meta: {}}})
    const tree = (await processor.run(processor.parse(file), file)) as import('mdast').Root
    const paragraph = tree.children[0] as import('mdast').Paragraph
    expect(paragraph.children.map((node) => node.type)).toEqual(['text', 'link', 'text', 'cite', 'text'])
    expect((paragraph.children[3] as unknown as {citations: Array<{key: string}>}).citations.map((item) => item.key)).toEqual(['doe2020', 'roe'])
    expect(file.messages).toEqual([])
  })

  it('warns of an unknown label at its place, with the closest labels, and shows it as `label?`', async () => {
    const {html, file} = await crossref(`See @fig:f3.\n\n${figures(2)}`)
    expect(html).toContain('<strong>fig:f3?</strong>')
    expect(file.messages.map((m) => [m.ruleId, m.line, m.column, m.expected])).toEqual([['crossref-unknown', 1, 5, ['fig:f1', 'fig:f2']]])
  })

  it('adds the page label for the PDF with `crossref-pages`', async () => {
    const {html} = await crossref(`See @fig:f1.\n\n${figures(1)}`, {'crossref-pages': true, lang: 'de'})
    expect(html).toContain('<a href="#fig:f1" class="crossref crossref-page" data-page-label="S.">Abbildung\u00a01</a>')
  })
})

describe('labels', () => {
  it('makes a label given twice a fatal error at the second', async () => {
    const {file} = await crossref(`${figures(1)}\n\n![Again.](g.png){#fig:f1}`)
    expect(file.messages.map((m) => [m.ruleId, m.fatal, m.line])).toEqual([['crossref-duplicate', true, 3]])
  })

  it('numbers sections from the document’s top heading level, skipping unnumbered ones', async () => {
    const {file} = await crossref('## A\n\n## B {.unnumbered}\n\n## C {#sec:c}\n\n### D {#sec:d}\n')
    expect([...file.data.crossrefs!].map(([id, label]) => [id, label.number])).toEqual([
      ['sec:c', '2'],
      ['sec:d', '2.1']
    ])
  })
})

describe('crossrefWords', () => {
  it('gives the words of the document’s language, English for a language it lacks, and the front matter’s first', () => {
    expect(crossrefWords({lang: 'de-AT'}).prefix.fig).toEqual(['Abbildung', 'Abbildungen'])
    expect(crossrefWords({lang: 'fi'}).prefix.tbl).toEqual(['Table', 'Tables'])
    const words = crossrefWords({figPrefix: ['fig.'], eqnPrefix: ['eq.', 'eqs.'], lofTitle: 'Figures'})
    expect(words.prefix.fig).toEqual(['fig.', 'fig.'])
    expect(words.prefix.eq).toEqual(['eq.', 'eqs.'])
    // The caption keeps its word, as in pandoc-crossref and Quarto.
    expect(words.figureTitle).toBe('Figure')
    expect(words.titleDelim).toBe(':')
    expect(words.lofTitle).toBe('Figures')
  })

  it('reads Quarto’s `crossref:` options, pandoc-crossref’s keys first', () => {
    const quarto = crossrefWords({crossref: {'fig-prefix': 'Fig.', 'tbl-title': 'Tab.', 'title-delim': '.'}})
    expect(quarto.prefix.fig).toEqual(['Fig.', 'Fig.'])
    expect(quarto.figureTitle).toBe('Figure')
    expect(quarto.tableTitle).toBe('Tab.')
    expect(quarto.titleDelim).toBe('.')
    expect(crossrefWords({figPrefix: ['fig.'], titleDelim: '&#32;–', crossref: {'fig-prefix': 'Fig.', 'title-delim': '.'}})).toMatchObject({prefix: {fig: ['fig.', 'fig.']}, titleDelim: ' –'})
  })
})

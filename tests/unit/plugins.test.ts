/**
 * Each remark and rehype plugin on its own: `unified().use(plugin)` with only
 * what it reads (the parser, the plugin that marks what it works on), so a
 * plugin's behaviour is pinned apart from the whole pipeline. The plugins
 * with files of their own (remark-cite, remark-meta, remark-tex,
 * remark-inline-notes…) are tested there.
 */
import {unified, type Pluggable} from 'unified'
import remarkParse from 'remark-parse'
import remarkRehype from 'remark-rehype'
import rehypeStringify from 'rehype-stringify'
import {fromHtml} from 'hast-util-from-html'
import {toHtml} from 'hast-util-to-html'
import type {Root as MdastRoot} from 'mdast'
import {VFile} from 'vfile'
import {describe, expect, it} from 'vitest'
import remarkPandocGfm from '../../src/parse/remark-pandoc-gfm.js'
import remarkFencedDivs from '../../src/parse/remark-fenced-divs.js'
import remarkHeadingAttributes from '../../src/parse/remark-heading-attributes.js'
import remarkImplicitReferences from '../../src/parse/remark-implicit-references.js'
import remarkFancyLists from '../../src/parse/remark-fancy-lists.js'
import remarkSmart from '../../src/parse/remark-smart.js'
import remarkCodeAttributes from '../../src/parse/remark-code-attributes.js'
import {createHandlers} from '../../src/render/handlers.js'
import rehypeHeadingIds from '../../src/render/rehype-heading-ids.js'
import rehypePandocSections from '../../src/render/rehype-pandoc-sections.js'
import rehypePandocNotes from '../../src/render/rehype-pandoc-notes.js'
import rehypeTaskLists from '../../src/render/rehype-task-lists.js'
import rehypeKatex from '../../src/render/rehype-katex.js'
import rehypeHighlight from '../../src/render/rehype-highlight.js'

/** The mdast after `plugins`, without positions. */
async function mdast(markdown: string, plugins: Pluggable[], data: VFile['data'] = {}): Promise<unknown> {
  const processor = unified().use(remarkParse).use(plugins)
  const file = new VFile({path: 'doc.md', value: markdown, data})
  const tree = (await processor.run(processor.parse(file), file)) as MdastRoot
  return JSON.parse(JSON.stringify(tree, (key, value: unknown) => (key === 'position' ? undefined : value)))
}

/** HTML after `before` (remark plugins that mark what the rehype plugin reads), remark-rehype with handout's handlers, and `plugin`. */
async function html(markdown: string, plugin: Pluggable | Pluggable[], before: Pluggable[] = []): Promise<{html: string; file: VFile}> {
  const processor = unified()
    .use(remarkParse)
    .use(before)
    .use(remarkRehype, {handlers: createHandlers(), allowDangerousHtml: true})
    .use([plugin].flat() as Pluggable[])
    .use(rehypeStringify, {allowDangerousHtml: true})
  const file = new VFile({path: 'doc.md', value: markdown})
  return {html: String(await processor.process(file)), file}
}

describe('remarkFencedDivs', () => {
  it('makes a fencedDiv node of `:::` with its id, classes and children', async () => {
    expect(await mdast('::: {#box .note lang=de}\nHi\n:::\n', [remarkFencedDivs])).toEqual({
      type: 'root',
      children: [{type: 'fencedDiv', identifier: 'box', classes: ['note'], attributes: {lang: 'de'}, children: [{type: 'paragraph', children: [{type: 'text', value: 'Hi'}]}]}]
    })
  })
})

describe('remarkHeadingAttributes', () => {
  it('takes `{#id .class}` off the heading text into its properties', async () => {
    expect(await mdast('# Intro {#sec:intro .unnumbered}\n', [remarkHeadingAttributes])).toEqual({
      type: 'root',
      children: [{type: 'heading', depth: 1, children: [{type: 'text', value: 'Intro'}], data: {hProperties: {id: 'sec:intro', className: ['unnumbered']}}}]
    })
  })
})

describe('remarkImplicitReferences', () => {
  it('links `[Heading]` and `[text][heading]` to the heading, as Pandoc’s implicit_header_references', async () => {
    const tree = (await mdast('# My Heading\n\nSee [My Heading] and [the part][my heading].\n', [remarkHeadingAttributes, remarkImplicitReferences])) as MdastRoot
    expect(tree.children[1]).toEqual({
      type: 'paragraph',
      children: [
        {type: 'text', value: 'See '},
        {type: 'link', url: '#my-heading', children: [{type: 'text', value: 'My Heading'}]},
        {type: 'text', value: ' and '},
        {type: 'link', url: '#my-heading', children: [{type: 'text', value: 'the part'}]},
        {type: 'text', value: '.'}
      ]
    })
  })
})

describe('remarkFancyLists', () => {
  it('reads roman numerals as an ordered list with its style', async () => {
    const tree = (await mdast('i. one\nii. two\n', [remarkFancyLists])) as MdastRoot
    expect(tree.children[0]).toMatchObject({type: 'list', ordered: true, start: 1, data: {listStyle: 'lower-roman', hProperties: {type: 'i'}}})
    expect(tree.children[0]).toHaveProperty(['children', 'length'], 2)
  })
})

describe('remarkSmart', () => {
  it('gives the quotes of the document’s language, dashes and an ellipsis', async () => {
    const german = (await mdast('"Quoted" -- and --- it\'s...\n', [remarkSmart], {meta: {lang: 'de'}})) as MdastRoot
    expect(german.children[0]).toEqual({type: 'paragraph', children: [{type: 'text', value: '„Quoted“ – and — it’s…'}]})
    const english = (await mdast('"Quoted"\n', [remarkSmart], {meta: {lang: 'en-US'}})) as MdastRoot
    expect(english.children[0]).toEqual({type: 'paragraph', children: [{type: 'text', value: '“Quoted”'}]})
  })
})

describe('rehypeHeadingIds', () => {
  it('gives Pandoc’s identifiers: lower case, punctuation and leading numbers dropped, repeats numbered', async () => {
    const {html: out} = await html('# Hello, World!\n\n## Hello, World!\n\n## 1. Intro\n\n## *Ünïcode* stuff\n\n## Own {#mine}\n', rehypeHeadingIds, [remarkHeadingAttributes])
    expect(out).toBe(
      '<h1 id="hello-world">Hello, World!</h1>\n<h2 id="hello-world-1">Hello, World!</h2>\n<h2 id="intro">1. Intro</h2>\n' +
        '<h2 id="ünïcode-stuff"><em>Ünïcode</em> stuff</h2>\n<h2 id="mine">Own</h2>'
    )
  })
})

describe('rehypePandocSections', () => {
  it('makes a div that opens with a heading a section with the heading’s id', async () => {
    const {html: out} = await html('::: {.interior}\n# Middle\n\ntext\n:::\n', [rehypeHeadingIds, rehypePandocSections], [remarkFencedDivs])
    expect(out).toBe('<section id="middle" class="interior">\n<h1>Middle</h1>\n<p>text</p>\n</section>')
  })

  it('leaves a div whose later children hold a heading of the same level a div', async () => {
    const {html: out} = await html('::: {.box}\n# One\n\n# Two\n:::\n', [rehypeHeadingIds, rehypePandocSections], [remarkFencedDivs])
    expect(out).toMatch(/^<div class="box">/)
  })
})

describe('rehypePandocNotes', () => {
  it('gives GFM footnotes Pandoc’s classes and roles', async () => {
    const {html: out} = await html('Text[^1].\n\n[^1]: A note.\n', rehypePandocNotes, [remarkPandocGfm])
    expect(out).toContain('class="footnote-ref" role="doc-noteref"')
    expect(out).toContain('<section data-footnotes class="footnotes" role="doc-endnotes">')
    expect(out).toContain('class="footnote-back" role="doc-backlink"')
  })
})

describe('rehypeTaskLists', () => {
  it('gives `task-list` to a list of tasks only, and no class to a list that mixes', async () => {
    const {html: out} = await html('- [ ] a\n- [x] b\n\nBetween.\n\n- [ ] c\n- d\n', rehypeTaskLists, [remarkPandocGfm])
    const lists = out.match(/<ul[^>]*>/g)
    expect(lists).toEqual(['<ul class="task-list">', '<ul>'])
  })
})

describe('rehypeHighlight', () => {
  it('writes highlighted code as Pandoc does, with skylighting’s short classes', async () => {
    const {html: out} = await html('```python\ndef f(): return 1\n```\n', rehypeHighlight, [remarkCodeAttributes])
    expect(out).toMatch(/^<div class="sourceCode" id="cb1"><pre class="sourceCode python"><code class="sourceCode python">/)
    expect(out).toContain('<span class="kw">def</span>')
  })

  it('leaves code in a language it does not know as it is', async () => {
    const {html: out} = await html('```nosuchlanguage\nx = 1\n```\n', rehypeHighlight, [remarkCodeAttributes])
    expect(out).not.toContain('<span class="kw">')
    expect(out).toContain('x = 1')
  })
})

describe('rehypeKatex', () => {
  const katex = async (source: string): Promise<{html: string; file: VFile}> => {
    const tree = fromHtml(source, {fragment: true})
    const file = new VFile({path: 'doc.md'})
    await unified().use(rehypeKatex).run(tree, file)
    return {html: toHtml(tree), file}
  }

  it('renders TeX to KaTeX’s HTML and MathML, and notes the classes it used', async () => {
    const {html: out, file} = await katex('<span class="math inline" data-tex="x^2"></span>')
    expect(out).toContain('<annotation encoding="application/x-tex">x^2</annotation>')
    expect(out).toContain('class="katex-html"')
    expect(file.data.mathClasses).toContain('katex')
    expect(file.messages).toEqual([])
  })

  it('renders a formula once per processor: later documents get copies, numbered and classed as their own', async () => {
    const processor = unified().use(rehypeKatex).freeze()
    const run = async (source: string) => {
      const tree = fromHtml(source, {fragment: true})
      const file = new VFile({path: 'doc.md'})
      await processor.run(tree, file)
      return {html: toHtml(tree), file}
    }
    const equation = '<span class="math display" data-tex="\\begin{equation}a=b\\end{equation}"></span>'
    const first = await run(equation + equation)
    const second = await run(equation)
    // The second document's equation is its (1), not a third.
    expect(first.html).toContain('(2)')
    expect(second.html).not.toContain('(2)')
    expect(second.html).toBe(first.html.slice(0, second.html.length))
    expect(second.file.data.mathClasses).toEqual(first.file.data.mathClasses)
    // The kept rendering was not numbered in place.
    expect((await run(equation)).html).toBe(second.html)
  })

  it('shows a formula with a TeX error as written, with a warning', async () => {
    const {html: out, file} = await katex('<span class="math display" data-tex="\\frac{1"></span>')
    expect(out).toMatch(/^<span class="math display math-error" title="[^"]+">\$\$\\frac\{1\$\$<\/span>$/)
    expect(file.messages.map((m) => [m.ruleId, m.reason])).toEqual([['math-error', "TeX error in math: Unexpected end of input in a macro argument, expected '}'"]])
  })
})

/**
 * The whole Markdown -> HTML pipeline for one document (`createProcessor`).
 */
import {unified, type Pluggable, type Processor} from 'unified'
import remarkParse from 'remark-parse'
import remarkFrontmatter from 'remark-frontmatter'
import remarkPandocGfm from './parse/remark-pandoc-gfm.js'
import remarkRehype from 'remark-rehype'
import rehypeStringify from 'rehype-stringify'
import remarkMeta from './parse/remark-meta.js'
import remarkSmart from './parse/remark-smart.js'
import remarkCite from './parse/remark-cite.js'
import remarkInlineNotes from './parse/remark-inline-notes.js'
import remarkDefinitionLists from './parse/remark-definition-lists.js'
import remarkCodeAttributes from './parse/remark-code-attributes.js'
import remarkLineBlocks from './parse/remark-line-blocks.js'
import remarkPandocTables from './parse/remark-pandoc-tables.js'
import remarkFancyLists from './parse/remark-fancy-lists.js'
import remarkImplicitReferences from './parse/remark-implicit-references.js'
import remarkFigures from './parse/remark-figures.js'
import remarkPandocInlines from './parse/remark-pandoc-inlines.js'
import remarkPandocHtml from './parse/remark-pandoc-html.js'
import remarkPandocLinks from './parse/remark-pandoc-links.js'
import remarkTex from './parse/remark-tex.js'
import remarkFencedDivs from './parse/remark-fenced-divs.js'
import remarkHeadingAttributes from './parse/remark-heading-attributes.js'
import remarkLoad from './load/remark-load.js'
import remarkSource from './cite/remark-source.js'
import remarkCiteproc from './cite/remark-citeproc.js'
import remarkCrossref from './crossref/remark-crossref.js'
import {createHandlers} from './render/handlers.js'
import rehypeHeadingIds from './render/rehype-heading-ids.js'
import rehypeDocument from './render/rehype-document.js'
import rehypePandocNotes from './render/rehype-pandoc-notes.js'
import rehypeHighlight from './render/rehype-highlight.js'
import rehypePandocSections from './render/rehype-pandoc-sections.js'
import rehypePlain from './render/rehype-plain.js'
import rehypeTaskLists from './render/rehype-task-lists.js'
import rehypeKatex from './render/rehype-katex.js'
import rehypeResources from './render/rehype-resources.js'
import type {InlineOptions} from './config/resolve.js'
import {readFrom} from './config/from.js'

export function createProcessor(options: InlineOptions = {}): Processor {
  const from = readFrom(options.from)
  const when = (on: boolean, plugin: Pluggable): Pluggable[] => (on ? [plugin] : [])
  return unified()
    .use(remarkParse)
    .use(remarkFrontmatter, [
      {type: 'yaml', fence: {open: '---', close: '---'}},
      {type: 'yaml', fence: {open: '---', close: '...'}}
    ])
    .use([
      // First: the Markdown it finds inside HTML blocks goes through every later transform.
      ...when(from.pandoc, remarkPandocHtml),
      ...when(from.pandoc, remarkFancyLists),
      ...when(from.gfm, [remarkPandocGfm, {autolinkLiterals: from.autolink_bare_uris}]),
      ...when(from.pandoc, remarkPandocTables),
      ...when(from.pandoc, remarkDefinitionLists),
      ...when(from.pandoc, remarkLineBlocks),
      ...when(from.citations, remarkCite),
      ...when(from.pandoc, remarkInlineNotes),
      ...when(from.tex_math_dollars || from.raw_tex, [remarkTex, {math: from.tex_math_dollars, rawTex: from.raw_tex}]),
      ...when(from.pandoc, remarkPandocInlines),
      ...when(from.pandoc, remarkPandocLinks),
      ...when(from.pandoc, remarkFigures),
      ...when(from.pandoc, remarkCodeAttributes),
      ...when(from.pandoc, remarkFencedDivs),
      ...when(from.pandoc, remarkHeadingAttributes),
      ...when(from.pandoc, remarkImplicitReferences)
    ])
    .use(remarkMeta)
    .use([...when(from.smart, remarkSmart)])
    .use(remarkLoad, options)
    .use(remarkSource)
    .use(remarkCrossref)
    .use(remarkCiteproc)
    .use(remarkRehype, {allowDangerousHtml: true, handlers: createHandlers(), clobberPrefix: '', footnoteLabel: 'Notes', footnoteLabelTagName: 'h2'})
    .use(rehypeHeadingIds)
    .use(rehypePandocSections)
    .use(rehypePlain)
    .use(rehypePandocNotes)
    .use(rehypeTaskLists)
    .use(rehypeKatex)
    .use(rehypeHighlight)
    .use(rehypeDocument)
    .use(rehypeResources, {htmlDir: options.htmlDir, root: options.root, maxInputSize: options.maxInputSize})
    .use(rehypeStringify, {allowDangerousHtml: true}) as unknown as Processor
}

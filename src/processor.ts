/**
 * The whole Markdown -> HTML pipeline for one document (`createProcessor`).
 */
import {unified, type Processor} from 'unified'
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
import remarkFigures from './parse/remark-figures.js'
import remarkPandocInlines from './parse/remark-pandoc-inlines.js'
import remarkTex from './parse/remark-tex.js'
import remarkFencedDivs from './parse/remark-fenced-divs.js'
import remarkHeadingAttributes from './parse/remark-heading-attributes.js'
import remarkLoad from './load/remark-load.js'
import remarkSource from './cite/remark-source.js'
import remarkCiteproc from './cite/remark-citeproc.js'
import {handlers} from './render/handlers.js'
import rehypeHeadingIds from './render/rehype-heading-ids.js'
import rehypeDocument from './render/rehype-document.js'
import rehypePandocNotes from './render/rehype-pandoc-notes.js'
import rehypeHighlight from './render/rehype-highlight.js'
import rehypeKatex from './render/rehype-katex.js'
import rehypeResources from './render/rehype-resources.js'
import type {InlineOptions} from './config/resolve.js'

export function createProcessor(options: InlineOptions = {}): Processor {
  return unified()
    .use(remarkParse)
    .use(remarkFrontmatter, [
      {type: 'yaml', fence: {open: '---', close: '---'}},
      {type: 'yaml', fence: {open: '---', close: '...'}}
    ])
    .use(remarkPandocGfm)
    .use(remarkPandocTables)
    .use(remarkDefinitionLists)
    .use(remarkLineBlocks)
    .use(remarkCite)
    .use(remarkInlineNotes)
    .use(remarkTex)
    .use(remarkPandocInlines)
    .use(remarkFigures)
    .use(remarkCodeAttributes)
    .use(remarkFencedDivs)
    .use(remarkHeadingAttributes)
    .use(remarkMeta)
    .use(remarkSmart)
    .use(remarkLoad, options)
    .use(remarkSource)
    .use(remarkCiteproc)
    .use(remarkRehype, {allowDangerousHtml: true, handlers, clobberPrefix: '', footnoteLabel: 'Notes', footnoteLabelTagName: 'h2'})
    .use(rehypeHeadingIds)
    .use(rehypePandocNotes)
    .use(rehypeKatex)
    .use(rehypeHighlight)
    .use(rehypeDocument)
    .use(rehypeResources, {htmlDir: options.htmlDir, root: options.root, maxInputSize: options.maxInputSize})
    .use(rehypeStringify, {allowDangerousHtml: true}) as unknown as Processor
}

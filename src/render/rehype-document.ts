/**
 * rehype plugin: wrap the body in a standalone HTML document: `lang`,
 * `<title>`, author/keywords/description meta, the stylesheet inlined, and a
 * title block (title, subtitle, "A summary of" the source, authors, date,
 * abstract).
 */
import type {Element, ElementContent, Root, RootContent} from 'hast'
import {h} from 'hastscript'
import {fromMarkdown} from 'mdast-util-from-markdown'
import {toHast} from 'mdast-util-to-hast'
import type {VFile} from 'vfile'
import {toString} from './to-string.js'
import {katexStylesheet} from './katex-css.js'
import {smartSyntax} from '../parse/smart-syntax.js'
import {applySmart, smartFromMarkdown} from '../parse/remark-smart.js'
import {VERSION} from '../version.js'

/** Metadata Markdown, read with the document's smart punctuation (as Pandoc reads metadata). */
function parse(markdown: string, lang: string | undefined) {
  const tree = fromMarkdown(markdown, {extensions: [smartSyntax()], mdastExtensions: [smartFromMarkdown()]})
  applySmart(tree, lang)
  return tree
}

function inline(markdown: string, lang: string | undefined): ElementContent[] {
  const tree = toHast(parse(markdown, lang)) as Root
  const first = tree.children.find((c): c is Element => c.type === 'element')
  return first && first.tagName === 'p' ? first.children : (tree.children as ElementContent[])
}

function blocks(markdown: string, lang: string | undefined): ElementContent[] {
  return (toHast(parse(markdown, lang)) as Root).children as ElementContent[]
}

export default function rehypeDocument() {
  return (tree: Root, file: VFile) => {
    const meta = file.data.meta ?? {}
    const options = file.data.options
    const lang = meta.lang ?? 'en'
    const titleNodes = meta.title ? inline(meta.title, meta.lang) : []
    const title = meta.title ? toString({type: 'root', children: titleNodes as RootContent[]}) : file.stem ?? 'Untitled'
    const authors = meta.author ?? []

    const head: ElementContent[] = [
      h('meta', {charSet: 'utf-8'}),
      h('meta', {name: 'viewport', content: 'width=device-width, initial-scale=1'}),
      h('meta', {name: 'generator', content: `handout ${VERSION}`}),
      h('title', title)
    ]
    if (authors.length > 0) head.push(h('meta', {name: 'author', content: authors.map((a) => a.name).join('; ')}))
    if (meta.date) head.push(h('meta', {name: 'dcterms.date', content: meta.date}))
    if (meta.keywords?.length) head.push(h('meta', {name: 'keywords', content: meta.keywords.join(', ')}))
    if (meta.abstract) {
      head.push(h('meta', {name: 'description', content: toString({type: 'root', children: blocks(meta.abstract, meta.lang) as RootContent[]}).replace(/\s+/g, ' ').trim()}))
    }
    if (options) head.push(h('style', '\n' + options.stylesheet.css.trim() + '\n'))
    if (file.data.mathClasses) head.push(h('style', '\n' + katexStylesheet(new Set(file.data.mathClasses)) + '\n'))

    const header: ElementContent[] = []
    // Running heads in print: the short title and the authors (hidden on screen).
    const runningTitle = meta['short-title'] ?? title
    header.push(h('p.running-title', {ariaHidden: 'true'}, runningTitle))
    if (authors.length > 0) {
      const names = authors.map((a) => a.name)
      header.push(h('p.running-author', {ariaHidden: 'true'}, names.length > 2 ? `${names[0]} et al.` : names.join(' and ')))
    }
    if (meta.title) header.push(h('h1.title', titleNodes))
    if (meta.subtitle) header.push(h('p.subtitle', inline(meta.subtitle, meta.lang)))
    if (file.data.sourceReference) {
      header.push(h('div.summary-of', [h('p.summary-label', 'A summary of'), h('div.source-reference', structuredClone(file.data.sourceReference))]))
    }
    if (authors.length > 0) {
      header.push(
        h(
          'div.authors',
          authors.map((a) =>
            h(a.corresponding ? 'p.author.corresponding' : 'p.author', [
              h('span.author-name', a.name),
              // The iD is checked to be one (meta-authors.ts), so the link goes nowhere else.
              ...(a.orcid ? [' ', h('a.orcid', {href: `https://orcid.org/${a.orcid}`, title: `ORCID ${a.orcid}`}, 'iD')] : []),
              ...(a.affiliations.length > 0 ? [h('span.affiliation', a.affiliations.join('; '))] : []),
              ...(a.email ? [h('a.email', {href: `mailto:${a.email}`}, a.email)] : [])
            ])
          )
        )
      )
    }
    if (meta.date) header.push(h('p.date', meta.date))
    if (meta.abstract) header.push(h('div.abstract', [h('div.abstract-title', 'Abstract'), ...blocks(meta.abstract, meta.lang)]))

    const body: ElementContent[] = []
    // Only the running-head helpers: no visible title block.
    if (header.some((e) => e.type === 'element' && !/running-/.test(String(e.properties.className)))) {
      body.push(h('header#title-block-header', header))
    }
    body.push(h('main', tree.children as ElementContent[]))
    const html = h('html', meta.dir ? {lang, dir: meta.dir} : {lang}, [h('head', head), h('body', body)])
    tree.children = [{type: 'doctype'}, html]
  }
}

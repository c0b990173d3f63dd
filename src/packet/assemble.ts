/**
 * A reading packet as one HTML document: cover, contents, introduction, the
 * articles, and a combined reference list. Each article goes through the
 * normal pipeline on its own, so its citation numbering, "ibid." and year
 * suffixes start afresh and it keeps its own reference list; its ids are
 * prefixed (`a2-refs`, `a2-fn-1`) so nothing clashes across articles.
 */
import {dirname} from 'node:path'
import type {Position} from 'unist'
import type {Processor} from 'unified'
import type {Element, ElementContent, Root} from 'hast'
import {fromHtml} from 'hast-util-from-html'
import {toHtml} from 'hast-util-to-html'
import {h} from 'hastscript'
import {visit} from 'unist-util-visit'
import {VFile} from 'vfile'
import {createProcessor} from '../processor.js'
import type {InlineOptions} from '../config/resolve.js'
import {checkedPath, createAccess, readChecked, shown, type Access} from '../load/files.js'
import {imageType, relativeUrl} from '../load/resources.js'
import type {Resources} from '../render/rehype-resources.js'
import {EngineCache} from '../cite/engine.js'
import {loadStylesheet} from '../load/remark-load.js'
import {HandoutError} from '../errors.js'
import {toString} from '../render/to-string.js'
import {citeprocFragment} from '../cite/citeproc-html.js'
import {katexStylesheet} from '../render/katex-css.js'
import type {CslItem} from '../load/csl-item.js'
import type {Packet} from './schema.js'
import {VERSION} from '../version.js'
import {bibliographyEntries} from '../cite/bibliography-entries.js'

export interface AssembledPacket {
  html: string
  /** The same document as a tree, for print. */
  tree: Root
  /** What its page loads (the articles' images, the stylesheets' fonts, the cover). */
  resources: Resources
  /** One per article, in order: its VFile (messages, metadata). */
  articles: VFile[]
  /** Files the packet read, for reports. */
  inputs: string[]
}

interface BuiltArticle {
  file: VFile
  header: ElementContent[]
  main: ElementContent[]
  title: string
  authors: string
}

function prefixIds(nodes: ElementContent[], prefix: string): void {
  for (const node of nodes) {
    visit(node, 'element', (element: Element) => {
      const {properties} = element
      if (typeof properties.id === 'string') properties.id = prefix + properties.id
      if (typeof properties.href === 'string' && properties.href.startsWith('#')) properties.href = `#${prefix}${properties.href.slice(1)}`
      const described = properties.ariaDescribedBy
      if (Array.isArray(described)) properties.ariaDescribedBy = described.map((id) => prefix + String(id))
    })
  }
}

/** Drop an article's own reference list (and its heading) when only the combined one is wanted. */
function dropReferences(main: ElementContent[]): ElementContent[] {
  const index = main.findIndex((node) => node.type === 'element' && node.properties.id === 'refs')
  if (index < 0) return main
  const kept = [...main]
  kept.splice(index, 1)
  for (let i = index - 1; i >= 0; i--) {
    const node = kept[i]!
    if (node.type === 'text' && !node.value.trim()) continue
    if (node.type === 'element' && /^h[1-6]$/.test(node.tagName) && /references|bibliography|works cited|literatur/i.test(toString(node))) kept.splice(i, 1)
    break
  }
  return kept
}

/** Each article through the normal pipeline, its file read through the checks of load/files.ts. */
async function buildArticle(path: string, place: Position | undefined, packet: Packet, processor: Processor, access: Access, signal?: AbortSignal): Promise<BuiltArticle> {
  const by = {what: 'article', file: packet.path, place}
  const value = (await readChecked(path, access, by)).toString('utf8')
  const file = new VFile({path: shown(path), value})
  file.data.signal = signal
  try {
    await processor.process(file)
  } catch (error) {
    if (error instanceof HandoutError) throw error
    // A VFileMessage: its place is the article's own.
    const message = error as {reason?: string; place?: Position; file?: string; ruleId?: string}
    throw new HandoutError(String(message.reason ?? (error as Error).message), {ruleId: message.ruleId ?? 'packet-article', file: message.file || file.path, place: message.place})
  }
  const tree = fromHtml(String(file.value)) as Root
  let header: ElementContent[] = []
  let main: ElementContent[] = []
  visit(tree, 'element', (node: Element) => {
    if (node.tagName === 'header' && node.properties.id === 'title-block-header') header = node.children
    if (node.tagName === 'main') main = node.children
  })
  const meta = file.data.meta ?? {}
  return {
    file,
    header,
    main,
    title: meta.title ?? file.stem ?? path,
    authors: (meta.author ?? []).map((a) => a.name).join(', ')
  }
}

/** The cover: a real image (PNG, JPEG, GIF, WebP or SVG) inside the project, and its URL relative to the packet's HTML. */
async function coverImage(packet: Packet, access: Access, htmlDir: string): Promise<{path: string; url: string} | undefined> {
  if (!packet.cover) return undefined
  const by = {what: 'cover image', file: packet.path, place: packet.places.cover}
  const bytes = await readChecked(packet.cover, access, by)
  if (!imageType(bytes)) {
    throw new HandoutError(`Cover ${shown(packet.cover)} is not an image (PNG, JPEG, GIF, WebP or SVG)`, {ruleId: 'packet-cover', file: packet.path, place: packet.places.cover})
  }
  const path = await checkedPath(packet.cover, access, by)
  return {path, url: relativeUrl(htmlDir, path)}
}

function combinedReferences(articles: BuiltArticle[], packet: Packet): ElementContent[] {
  const items = new Map<string, CslItem>()
  const keys: string[] = []
  for (const {file} of articles) {
    for (const key of file.data.citedKeys ?? []) {
      const item = file.data.library?.items.get(key)
      if (item && !items.has(key)) items.set(key, item)
      if (!keys.includes(key)) keys.push(key)
    }
  }
  const first = articles[0]?.file.data.options
  if (!first || keys.length === 0) return []
  const {engine} = new EngineCache().get(
    {styleXml: first.style.xml, lang: packet.lang ?? first.lang, items, retrieveLocale: first.retrieveLocale, linkCitations: false, linkBibliography: first.linkBibliography}
  )
  engine.updateItems(keys)
  const result = engine.makeBibliography()
  if (!result) return []
  const list: ElementContent[] = []
  for (const entry of bibliographyEntries(engine, ...result)) {
    for (const node of citeprocFragment(entry.html.trim())) {
      if (node.type !== 'element') continue
      node.properties = {...node.properties, id: `combined-ref-${entry.ids[0]}`, role: 'listitem'}
      if (list.length > 0) list.push({type: 'text', value: '\n'})
      list.push(node)
    }
  }
  return [
    h('section.packet-references#combined-references', [
      h('h1', 'References'),
      h('div.references.csl-bib-body' + (result[0].hangingindent ? '.hanging-indent' : ''), {role: 'list'}, list)
    ])
  ]
}

/**
 * `htmlDir`: the folder the packet's HTML is written to (URLs in it are
 * relative to it). `options`: the project root and input limits.
 */
export async function assemblePacket(packet: Packet, htmlDir: string, options: InlineOptions & {signal?: AbortSignal | undefined} = {}): Promise<AssembledPacket> {
  const access = createAccess(options)
  // One processor for every article: they share parsed bibliographies and citation engines.
  const processor = createProcessor({...options, csl: packet.csl, htmlDir})
  const articles: BuiltArticle[] = []
  for (const [i, path] of packet.articles.entries()) {
    options.signal?.throwIfAborted()
    articles.push(await buildArticle(path, packet.places.articles[i], packet, processor, access, options.signal))
  }
  const stylesheet = await loadStylesheet(packet.stylesheet, dirname(packet.path), access, {what: 'stylesheet', file: packet.path, place: packet.places.stylesheet}, htmlDir)
  const packetCss = await loadStylesheet('packet', dirname(packet.path), access, {what: 'stylesheet', file: packet.path}, htmlDir)
  const cover = await coverImage(packet, access, htmlDir)
  const lang = packet.lang ?? articles[0]?.file.data.meta?.lang ?? 'en'

  const body: ElementContent[] = []
  body.push(
    h('section.packet-cover', [
      h('p.packet-title', packet.title),
      ...(packet.subtitle ? [h('p.packet-subtitle', packet.subtitle)] : []),
      ...(cover ? [h('img.packet-cover-image', {src: cover.url, alt: ''})] : []),
      ...(packet.editors.length ? [h('p.packet-editors', `${packet.editors.length > 1 ? 'Editors' : 'Editor'}: ${packet.editors.join(', ')}`)] : []),
      ...(packet.date ? [h('p.packet-date', packet.date)] : [])
    ])
  )

  let introduction: ElementContent[] = []
  let introductionFile: VFile | undefined
  if (packet.introduction) {
    const built = await buildArticle(packet.introduction, packet.places.introduction, packet, processor, access, options.signal)
    introductionFile = built.file
    prefixIds(built.main, 'intro-')
    introduction = [h('section.packet-introduction#introduction', [h('h1', 'Introduction'), ...built.main])]
  }

  const withLists = packet.referenceLists !== 'combined'
  const sections = articles.map((article, index) => {
    const prefix = `a${index + 1}-`
    const main = withLists ? article.main : dropReferences(article.main)
    prefixIds(article.header, prefix)
    prefixIds(main, prefix)
    return h(`article.packet-article${packet.start === 'recto' ? '.start-recto' : ''}`, {id: `article-${index + 1}`}, [
      h('header.article-header', article.header),
      ...main
    ])
  })
  const combined = packet.referenceLists === 'per-article' ? [] : combinedReferences(articles, packet)

  if (packet.toc) {
    const entry = (href: string, title: string, authors?: string): Element =>
      h('li', [
        h('a.toc-link', {href}, [
          h('span.toc-title', [title, ...(authors ? [h('span.toc-authors', authors)] : [])]),
          h('span.toc-leader'),
          h('span.toc-page')
        ])
      ])
    body.push(
      h('nav.packet-toc', {ariaLabel: 'Contents'}, [
        h('h1', 'Contents'),
        h('ol', [
          ...(introduction.length ? [entry('#introduction', 'Introduction')] : []),
          ...articles.map((article, i) => entry(`#article-${i + 1}`, article.title, article.authors)),
          ...(combined.length ? [entry('#combined-references', 'References')] : [])
        ])
      ])
    )
  }
  body.push(...introduction, ...sections, ...combined)

  const mathClasses = new Set([...articles.map((a) => a.file), introductionFile].flatMap((file) => file?.data.mathClasses ?? []))
  const document = h('html', {lang}, [
    h('head', [
      h('meta', {charSet: 'utf-8'}),
      h('meta', {name: 'viewport', content: 'width=device-width, initial-scale=1'}),
      h('meta', {name: 'generator', content: `handout ${VERSION}`}),
      h('title', packet.title),
      ...(packet.editors.length ? [h('meta', {name: 'author', content: packet.editors.join('; ')})] : []),
      h('style', '\n' + stylesheet.css.trim() + '\n' + packetCss.css.trim() + '\n'),
      // KaTeX's stylesheet, for the formulas of every article.
      ...(mathClasses.size > 0 ? [h('style', '\n' + katexStylesheet(mathClasses) + '\n')] : [])
    ]),
    h('body.packet', body)
  ])
  const tree: Root = {type: 'root', children: [{type: 'doctype'}, document]}
  const resources: Resources = {local: new Map(), refused: [], scripts: []}
  const sources: Array<Partial<Resources> | undefined> = [...articles.map((a) => a.file.data.resources), introductionFile?.data.resources, stylesheet.resources, packetCss.resources]
  for (const source of sources) {
    for (const [path, named] of source?.local ?? []) resources.local.set(path, named)
    resources.refused.push(...(source?.refused ?? []))
    resources.scripts.push(...(source?.scripts ?? []))
  }
  if (cover) resources.local.set(cover.path, {file: packet.path, place: packet.places.cover})
  return {
    html: toHtml(tree),
    tree,
    resources,
    articles: [...articles.map((a) => a.file)],
    inputs: [packet.path, ...packet.articles, ...(packet.introduction ? [packet.introduction] : [])]
  }
}

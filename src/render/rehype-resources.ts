/**
 * rehype plugin: every file the document's page would load, found where the
 * manuscript names it (Markdown images, raw HTML, `style` attributes and
 * elements), with its place, so that the print page can be sealed
 * (paginate/print-stage.ts) and every refusal reported at `file:line:column`:
 * - a local path (relative to the manuscript) must lie inside the project
 *   root: outside it, an error there; missing, a warning; else it is rewritten
 *   relative to the folder the HTML is written to (`htmlDir`), so the HTML
 *   output finds it, and the print page may load it;
 * - a network or `file:` URL is left as written in the HTML and refused by
 *   the print page (a warning when printing);
 * - `<script>` elements and `on*` attributes run in print only with `scripts: true`.
 * Sets `file.data.resources`.
 */
import type {Element, Nodes, Root, RootContent} from 'hast'
import {fromHtml} from 'hast-util-from-html'
import type {Point, Position} from 'unist'
import type {VFile} from 'vfile'
import {resolve} from 'node:path'
import {HandoutError} from '../errors.js'
import {checkedPath, createAccess, shown, type Access} from '../load/files.js'
import {classifyUrl, cssUrls, relativeUrl, urlPath, urlSuffix, type UrlKind} from '../load/resources.js'
import {lineIndex} from '../line-index.js'

/** Where a URL or script was named. */
export interface Named {
  file: string
  place?: Position | undefined
}

export interface Resources {
  /** Files the print page may load, by real path. */
  local: Map<string, Named>
  /** Local files named but not found (already reported; the print page is refused them quietly). */
  missing?: Set<string> | undefined
  /** URLs it must not load, as written. */
  refused: Array<Named & {url: string; kind: UrlKind}>
  /** Scripts of the document (elements and event-handler attributes). */
  scripts: Named[]
}

declare module 'vfile' {
  interface DataMap {
    /** What the document's page loads, set by `rehypeResources`. */
    resources: Resources
  }
}

/** Attributes that make the page fetch something (navigation links do not). */
const FETCHED: Record<string, string[]> = {
  img: ['src', 'srcSet'],
  source: ['src', 'srcSet'],
  video: ['src', 'poster'],
  audio: ['src'],
  track: ['src'],
  embed: ['src'],
  iframe: ['src'],
  frame: ['src'],
  object: ['data'],
  input: ['src'],
  script: ['src'],
  link: ['href'],
  image: ['href', 'xLinkHref'],
  use: ['href', 'xLinkHref'],
  feImage: ['href', 'xLinkHref'],
  body: ['background'],
  table: ['background'],
  td: ['background']
}

export interface ResourceOptions {
  /** The folder the HTML is written to: local URLs are rewritten relative to it. */
  htmlDir?: string | undefined
  root?: string | undefined
  maxInputSize?: number | undefined
}

export default function rehypeResources(options: ResourceOptions = {}) {
  return async (tree: Root, file: VFile) => {
    const access = createAccess({root: file.data.options?.root ?? options.root, maxInputSize: options.maxInputSize})
    const baseDir = file.dirname ? resolve(file.cwd, file.dirname) : access.root
    const htmlDir = options.htmlDir ? resolve(options.htmlDir) : undefined
    const resources: Resources = {local: new Map(), refused: [], scripts: []}
    const stylesheet = file.data.options?.stylesheet
    if (stylesheet?.resources) {
      for (const [path, named] of stylesheet.resources.local) resources.local.set(path, named)
      resources.refused.push(...stylesheet.resources.refused)
    }
    const context: Context = {file, access, baseDir, htmlDir, resources, pending: []}
    await walk(tree, context, undefined)
    for (const task of context.pending) await task()
    file.data.resources = resources
  }
}

interface Context {
  file: VFile
  access: Access
  baseDir: string
  htmlDir: string | undefined
  resources: Resources
  /** Checks of local files, run in order once the tree is walked. */
  pending: Array<() => Promise<void>>
}

/** For nodes parsed out of a raw HTML string: its text, and the place its first character stands. */
interface RawSource {
  node: {value: string}
  start: Point
  edits: Array<{from: number; to: number; text: string}>
}

async function walk(node: Nodes, context: Context, raw: RawSource | undefined): Promise<void> {
  if (node.type === 'raw' && !raw) {
    await rawHtml(node as unknown as {value: string; position?: Position}, context)
    return
  }
  if (node.type === 'element') element(node, context, raw)
  if ('children' in node) for (const child of node.children as RootContent[]) await walk(child, context, raw)
}

/** Raw HTML from the manuscript: parsed for what it loads; rewritten in place, byte for byte elsewhere. */
async function rawHtml(node: {value: string; position?: Position}, context: Context): Promise<void> {
  if (!/<|url\(/i.test(node.value)) return
  const start = node.position?.start ?? {line: 1, column: 1}
  const source: RawSource = {node, start, edits: []}
  const fragment = fromHtml(node.value, {fragment: true, verbose: true})
  for (const child of fragment.children) await walk(child, context, source)
  // Local URLs are rewritten once their checks ran (they are queued): apply the edits after.
  context.pending.push(async () => {
    const edits = source.edits.sort((a, b) => b.from - a.from)
    let value = node.value
    for (const edit of edits) value = value.slice(0, edit.from) + edit.text + value.slice(edit.to)
    node.value = value
  })
}

/** A place inside a raw HTML string, in the manuscript's lines. */
function shift(point: Point | undefined, raw: RawSource | undefined): Point | undefined {
  if (!point || !raw) return point
  return point.line === 1 ? {line: raw.start.line, column: raw.start.column + point.column - 1} : {line: raw.start.line + point.line - 1, column: point.column}
}

function element(node: Element, context: Context, raw: RawSource | undefined): void {
  const at = (position: Position | undefined): Position | undefined => {
    const start = shift(position?.start, raw)
    return start ? {start, end: shift(position?.end, raw) ?? start} : undefined
  }
  const elementPlace = at(node.position)
  const attributePlaces = (node.data as {position?: {properties?: Record<string, Position>}} | undefined)?.position?.properties ?? {}
  if (node.tagName === 'script') context.resources.scripts.push({file: context.file.path, place: elementPlace})
  for (const [name, value] of Object.entries(node.properties)) {
    if (/^on[a-z]/i.test(name) && value !== undefined && value !== null) context.resources.scripts.push({file: context.file.path, place: at(attributePlaces[name]) ?? elementPlace})
  }
  // `<base href>` changes where every URL points: never in print.
  if (node.tagName === 'base' && node.properties.href !== undefined) refuse(String(node.properties.href), 'other', context, at(attributePlaces.href) ?? elementPlace)
  // `<meta http-equiv=refresh content="0; url=…">` navigates.
  if (node.tagName === 'meta' && String(node.properties.httpEquiv ?? '').toLowerCase() === 'refresh') {
    const target = /url\s*=\s*['"]?([^'";]+)/i.exec(String(node.properties.content ?? ''))?.[1]
    if (target) refuse(target, classifyUrl(target) === 'local' ? 'other' : classifyUrl(target), context, at(attributePlaces.content) ?? elementPlace)
  }
  for (const name of FETCHED[node.tagName] ?? []) {
    const value = node.properties[name]
    if (value === undefined || value === null || value === false) continue
    // A stylesheet link to a local file is not inlined: the print page does not load it.
    const urls = name === 'srcSet' ? String(value).split(',').map((part) => part.trim().split(/\s+/)[0] ?? '') : [Array.isArray(value) ? value.join(' ') : String(value)]
    const place = at(attributePlaces[name]) ?? elementPlace
    for (const url of urls) {
      resource(url, context, place, (rewritten) => {
        if (name === 'srcSet') return
        if (raw) edit(raw, attributePlaces[name], String(value), rewritten)
        else node.properties[name] = rewritten
      })
    }
  }
  if (typeof node.properties.style === 'string') css(node.properties.style, context, raw ? attributePlaces.style : node.position, raw, (text) => {
    if (raw) edit(raw, attributePlaces.style, String(node.properties.style), text)
    else node.properties.style = text
  })
  if (node.tagName === 'style') {
    const text = node.children.map((child) => (child.type === 'text' ? child.value : '')).join('')
    css(text, context, raw ? node.position : undefined, raw, (rewritten) => {
      if (raw) edit(raw, node.position, text, rewritten, true)
      else node.children = [{type: 'text', value: rewritten}]
    })
  }
}

/** Replace `old` by `text` inside the raw string, within the span of `position` (an attribute, or an element's content). */
function edit(raw: RawSource, position: Position | undefined, old: string, text: string, content = false): void {
  if (!position || position.start.offset === undefined || position.end.offset === undefined) return
  const span = raw.node.value.slice(position.start.offset, position.end.offset)
  const inner = content ? span.indexOf(old) : span.search(/=\s*["']?/) >= 0 ? span.indexOf(old, span.search(/=/)) : -1
  if (inner < 0) return
  raw.edits.push({from: position.start.offset + inner, to: position.start.offset + inner + old.length, text})
}

/** The URLs of a CSS text (a `style` attribute or element): each checked; local ones rewritten together. */
function css(text: string, context: Context, position: Position | undefined, raw: RawSource | undefined, write: (text: string) => void): void {
  const urls = cssUrls(text)
  if (urls.length === 0) return
  const lines = lineIndex(text)
  const rewritten = new Map<number, string>()
  for (const found of urls) {
    const inside = lines.point(found.offset)
    const base = shift(position?.start, raw) ?? position?.start
    const start = base ? (inside.line === 1 ? {line: base.line, column: base.column + inside.column - 1} : {line: base.line + inside.line - 1, column: inside.column}) : undefined
    resource(found.url, context, start ? {start, end: start} : undefined, (url) => rewritten.set(found.offset, url))
  }
  context.pending.push(async () => {
    if (rewritten.size === 0) return
    let out = text
    for (const found of [...urls].sort((a, b) => b.offset - a.offset)) {
      const url = rewritten.get(found.offset)
      if (url !== undefined) out = out.slice(0, found.offset) + url + out.slice(found.offset + found.url.length)
    }
    write(out)
  })
}

function refuse(url: string, kind: UrlKind, context: Context, place: Position | undefined): void {
  context.resources.refused.push({url, kind, file: context.file.path, place})
}

/** One URL the page would load: classified, and if local, checked and rewritten (through `write`). */
function resource(url: string, context: Context, place: Position | undefined, write: (url: string) => void): void {
  const kind = classifyUrl(url)
  if (kind === 'none') return
  if (kind !== 'local') {
    refuse(url, kind, context, place)
    return
  }
  const path = urlPath(url)
  if (!path) {
    refuse(url, 'other', context, place)
    return
  }
  const target = resolve(context.baseDir, path)
  context.pending.push(async () => {
    let real: string
    try {
      real = await checkedPath(target, context.access, {what: 'file', file: context.file.path, place})
    } catch (error) {
      if (error instanceof HandoutError && error.ruleId === 'file-missing') {
        ;(context.resources.missing ??= new Set()).add(target)
        const message = context.file.message(`File not found: \`${url}\` (${shown(target)}, relative to the manuscript)`, {ruleId: 'resource-missing', source: 'handout', place})
        message.note = 'Check the path, or put the file beside the manuscript; it is left out of the PDF'
        return
      }
      throw error
    }
    context.resources.local.set(real, {file: context.file.path, place})
    if (context.htmlDir) write(relativeUrl(context.htmlDir, real) + urlSuffix(url))
  })
}

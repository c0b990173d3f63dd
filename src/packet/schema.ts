/**
 * Packet files (`packets/NAME.yml`): read, validated, paths resolved.
 * Every problem is a HandoutError at `file:line:column`, with the key's
 * expected type and a "did you mean" for misspelt keys.
 */
import {dirname, resolve} from 'node:path'
import type {Position} from 'unist'
import {LineCounter, isMap, isScalar, isSeq, parseDocument, type Node as YamlNode} from 'yaml'
import {HandoutError, closest, didYouMeanOf, point} from '../errors.js'

export type ReferenceLists = 'per-article' | 'combined' | 'both'

export interface Packet {
  /** The packet file (for messages) and its name (for outputs). */
  path: string
  name: string
  title: string
  subtitle?: string | undefined
  editors: string[]
  date?: string | undefined
  cover?: string | undefined
  introduction?: string | undefined
  articles: string[]
  toc: boolean
  start: 'recto' | 'any'
  referenceLists: ReferenceLists
  csl?: string | undefined
  stylesheet?: string | undefined
  papersize?: string | undefined
  lang?: string | undefined
  /** Where values stand in the packet file, for messages about the files they name. */
  places: {articles: Array<Position | undefined>; introduction?: Position | undefined; cover?: Position | undefined; stylesheet?: Position | undefined; csl?: Position | undefined}
}

const KEYS = ['title', 'subtitle', 'editor', 'date', 'cover', 'introduction', 'articles', 'toc', 'start', 'reference-lists', 'csl', 'stylesheet', 'papersize', 'lang']

export function parsePacket(text: string, path: string, name: string): Packet {
  const lineCounter = new LineCounter()
  const doc = parseDocument(text, {lineCounter, prettyErrors: false, uniqueKeys: true})
  const place = (node: YamlNode | null | undefined): Position => {
    const start = lineCounter.linePos(node?.range?.[0] ?? 0)
    const end = lineCounter.linePos(node?.range?.[1] ?? node?.range?.[0] ?? 0)
    return {start: point(start.line, start.col), end: point(end.line, end.col)}
  }
  const error = doc.errors[0]
  if (error) {
    const at = lineCounter.linePos(error.pos[0])
    throw new HandoutError(`Malformed packet file: ${error.message.split('\n')[0]}`, {ruleId: 'packet-yaml', file: path, place: point(at.line, at.col)})
  }
  if (!isMap(doc.contents)) throw new HandoutError('A packet file is a mapping: title, articles, …', {ruleId: 'packet-shape', file: path, place: point(1)})
  const base = dirname(path)
  const values = new Map<string, {node: YamlNode | null; value: unknown; key: YamlNode}>()
  for (const pair of doc.contents.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : ''
    const node = pair.value as YamlNode | null
    if (!KEYS.includes(key)) {
      const near = closest(key, KEYS)
      const hint = didYouMeanOf(near)
      throw new HandoutError(`Unknown packet key \`${key}\`${hint ? `, ${hint}` : `; known keys: ${KEYS.join(', ')}`}`, {ruleId: 'packet-key', expected: near, file: path, place: place(pair.key as YamlNode)})
    }
    values.set(key, {node, value: node && 'toJSON' in node ? (node as {toJSON(): unknown}).toJSON() : null, key: pair.key as YamlNode})
  }
  const fail = (key: string, reason: string): never => {
    const entry = values.get(key)
    throw new HandoutError(`\`${key}\` ${reason}`, {ruleId: 'packet-type', file: path, place: place(entry?.node ?? entry?.key ?? doc.contents)})
  }
  const text_ = (key: string): string | undefined => {
    const entry = values.get(key)
    if (!entry) return undefined
    if (typeof entry.value === 'string' || typeof entry.value === 'number') return String(entry.value)
    if (entry.value instanceof Date) return entry.value.toISOString().slice(0, 10)
    return fail(key, 'must be text')
  }
  const title = text_('title') ?? fail('title', 'is required: the packet title on its cover')
  const editorValue = values.get('editor')?.value
  const editors = editorValue === undefined ? [] : Array.isArray(editorValue) ? editorValue.map(String) : typeof editorValue === 'string' ? [editorValue] : fail('editor', 'must be a name or a list of names')
  const articlesValue = values.get('articles')?.value
  if (!Array.isArray(articlesValue) || articlesValue.length === 0 || !articlesValue.every((a) => typeof a === 'string')) {
    fail('articles', 'must list the manuscripts, in order, relative to the packet file')
  }
  const toc = values.get('toc')?.value ?? true
  if (typeof toc !== 'boolean') fail('toc', 'must be true or false')
  const start = text_('start') ?? 'recto'
  if (start !== 'recto' && start !== 'any') fail('start', 'must be `recto` (each article on a right-hand page) or `any`')
  const lists = text_('reference-lists') ?? 'per-article'
  if (!['per-article', 'combined', 'both'].includes(lists)) fail('reference-lists', 'must be `per-article`, `combined` or `both`')
  const at = (key: string): Position | undefined => {
    const entry = values.get(key)
    return entry ? place(entry.node ?? entry.key) : undefined
  }
  const local = (key: string): string | undefined => {
    const value = text_(key)
    return value === undefined ? undefined : resolve(base, value)
  }
  return {
    path,
    name,
    title,
    subtitle: text_('subtitle'),
    editors,
    date: text_('date'),
    cover: local('cover'),
    introduction: local('introduction'),
    articles: (articlesValue as string[]).map((article) => resolve(base, article)),
    toc: toc as boolean,
    start: start as Packet['start'],
    referenceLists: lists as ReferenceLists,
    csl: text_('csl'),
    stylesheet: text_('stylesheet'),
    papersize: text_('papersize'),
    lang: text_('lang'),
    places: {
      articles: ((values.get('articles')?.node && isSeq(values.get('articles')!.node) ? (values.get('articles')!.node as {items: YamlNode[]}).items : []) as YamlNode[]).map((node) => place(node)),
      introduction: at('introduction'),
      cover: at('cover'),
      stylesheet: at('stylesheet'),
      csl: at('csl')
    }
  }
}

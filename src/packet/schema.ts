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
    if (!Object.hasOwn(FIELDS, key)) {
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
  const input = (key: string): FieldInput => ({key, value: values.get(key)?.value, fail: (reason) => fail(key, reason), base})
  const read = <K extends PacketKey>(key: K): ReturnType<(typeof FIELDS)[K]> => FIELDS[key](input(key)) as ReturnType<(typeof FIELDS)[K]>
  const at = (key: string): Position | undefined => {
    const entry = values.get(key)
    return entry ? place(entry.node ?? entry.key) : undefined
  }
  const articlesNode = values.get('articles')?.node
  return {
    path,
    name,
    title: read('title'),
    subtitle: read('subtitle'),
    editors: read('editor'),
    date: read('date'),
    cover: read('cover'),
    introduction: read('introduction'),
    articles: read('articles'),
    toc: read('toc'),
    start: read('start'),
    referenceLists: read('reference-lists'),
    csl: read('csl'),
    stylesheet: read('stylesheet'),
    papersize: read('papersize'),
    lang: read('lang'),
    places: {
      articles: (isSeq(articlesNode) ? (articlesNode.items as YamlNode[]) : []).map((node) => place(node)),
      introduction: at('introduction'),
      cover: at('cover'),
      stylesheet: at('stylesheet'),
      csl: at('csl')
    }
  }
}

/** What a field's reader is given: the plain value (undefined when the key is absent). */
interface FieldInput {
  key: string
  value: unknown
  /** The packet file's folder, against which paths resolve. */
  base: string
  fail(reason: string): never
}

function plainText(v: FieldInput): string | undefined {
  if (v.value === undefined || v.value === null) return undefined
  if (typeof v.value === 'string' || typeof v.value === 'number') return String(v.value)
  if (v.value instanceof Date) return v.value.toISOString().slice(0, 10)
  return v.fail('must be text')
}

/** A path in the packet file, resolved against its folder. */
function local(v: FieldInput): string | undefined {
  const value = plainText(v)
  return value === undefined ? undefined : resolve(v.base, value)
}

/**
 * The packet file: one reader per key, in the order of the README's table.
 * The keys a packet file may have are these (a near miss gets "did you mean").
 */
const FIELDS = {
  title: (v: FieldInput): string => plainText(v) ?? v.fail('is required: the packet title on its cover'),
  subtitle: plainText,
  editor(v: FieldInput): string[] {
    if (v.value === undefined || v.value === null) return []
    if (Array.isArray(v.value)) return v.value.map(String)
    if (typeof v.value === 'string') return [v.value]
    return v.fail('must be a name or a list of names')
  },
  date: plainText,
  cover: local,
  introduction: local,
  articles(v: FieldInput): string[] {
    if (!Array.isArray(v.value) || v.value.length === 0 || !v.value.every((a) => typeof a === 'string')) v.fail('must list the manuscripts, in order, relative to the packet file')
    return (v.value as string[]).map((article) => resolve(v.base, article))
  },
  toc(v: FieldInput): boolean {
    const toc = v.value ?? true
    return typeof toc === 'boolean' ? toc : v.fail('must be true or false')
  },
  start(v: FieldInput): Packet['start'] {
    const start = plainText(v) ?? 'recto'
    return start === 'recto' || start === 'any' ? start : v.fail('must be `recto` (each article on a right-hand page) or `any`')
  },
  'reference-lists'(v: FieldInput): ReferenceLists {
    const lists = plainText(v) ?? 'per-article'
    return lists === 'per-article' || lists === 'combined' || lists === 'both' ? lists : v.fail('must be `per-article`, `combined` or `both`')
  },
  csl: plainText,
  stylesheet: plainText,
  papersize: plainText,
  lang: plainText
}

type PacketKey = keyof typeof FIELDS
const KEYS = Object.keys(FIELDS) as PacketKey[]

/**
 * remark plugin: YAML front matter -> `file.data.meta`.
 * Keeps Pandoc's names. As in Pandoc, any key and any shape is accepted:
 * only malformed YAML fails the file. A key handout reads, given in a shape
 * it cannot use, is an info naming the key (with the line and column of the
 * value) and is left out, as if it were not there.
 */
import type {Root, Yaml} from 'mdast'
import type {VFile} from 'vfile'
import {readTitleBlock, titleBlockFromMarkdown, titleBlockSyntax, type TitleBlock} from './title-block-syntax.js'
import {LineCounter, isMap, isScalar, isSeq, parseDocument, type Node as YamlNode} from 'yaml'
import type {Metadata} from '../types.js'
import {QUARTO_CROSSREF_KEYS, type QuartoCrossrefKey} from '../types.js'
import {normalizeReference} from '../load/references.js'
import {closest, didYouMeanOf} from '../errors.js'
import {OTHER_TOOLS_KEYS, PANDOC_KEYS} from './meta-keys.js'
import {readAuthors, readInstitutes} from './meta-authors.js'
import type {Point, Position} from 'unist'
import type {MetaPlaces} from '../types.js'
import type {Processor} from 'unified'
import {metadataFromMarkdown, metadataSyntax} from './metadata-syntax.js'


/**
 * Front matter and Pandoc's later metadata blocks (`---` … `...` anywhere in
 * the document). Blocks are merged; a field set by an earlier block wins.
 */
export default function remarkMeta(this: Processor) {
  const data = this.data()
  ;(data.micromarkExtensions ||= []).push(metadataSyntax())
  ;(data.fromMarkdownExtensions ||= []).push(metadataFromMarkdown())
  ;(data.micromarkExtensions ||= []).push(titleBlockSyntax())
  ;(data.fromMarkdownExtensions ||= []).push(titleBlockFromMarkdown())
  return (tree: Root, file: VFile) => {
    const meta: Metadata = {}
    const places: MetaPlaces = {}
    // Pandoc's `% title` block: what YAML does not set.
    const block = tree.children.findIndex((node) => node.type === 'pandocTitleBlock')
    const titleBlock = block >= 0 ? readTitleBlock((tree.children[block] as TitleBlock).value) : {}
    const blockPlace = block >= 0 ? tree.children[block]!.position : undefined
    if (block >= 0) tree.children.splice(block, 1)
    for (const node of tree.children) {
      if (node.type !== 'yaml') continue
      const blockPlaces: MetaPlaces = {}
      for (const [key, value] of Object.entries(readMeta(node, file, blockPlaces))) {
        if (key in meta) continue
        ;(meta as Record<string, unknown>)[key] = value
        const place = blockPlaces[key as keyof Metadata]
        if (place) places[key as keyof Metadata] = place
      }
    }
    for (const key of ['title', 'date'] as const) {
      if (meta[key] === undefined && titleBlock[key] !== undefined) {
        meta[key] = titleBlock[key]
        if (blockPlace) places[key] = {value: blockPlace}
      }
    }
    if (meta.author === undefined && titleBlock.author) meta.author = titleBlock.author.map((name) => ({name, affiliations: []}))
    file.data.meta = meta
    file.data.metaPlaces = places
  }
}

function readMeta(node: Yaml, file: VFile, places: MetaPlaces): Metadata {
  const lineCounter = new LineCounter()
  const doc = parseDocument(node.value, {lineCounter, prettyErrors: false, uniqueKeys: true})
  // The YAML starts on the line after the opening `---`.
  const base = (node.position?.start.line ?? 1) + 1
  const at = (offset: number | undefined): Point => {
    const pos = lineCounter.linePos(offset ?? 0)
    return {line: base + pos.line - 1, column: pos.col}
  }
  const firstError = doc.errors[0]
  if (firstError) {
    file.fail(`Malformed YAML front matter: ${firstError.message.split('\n')[0]}`, {
      place: at(firstError.pos[0]),
      ruleId: 'yaml-syntax',
      source: 'handout'
    })
  }
  if (doc.contents && !isMap(doc.contents)) {
    file.fail('Front matter must be a mapping of `key: value` lines', {place: at(doc.contents.range?.[0]), ruleId: 'yaml-shape', source: 'handout'})
  }
  const meta: Metadata = {}
  /** A value handout cannot use: said once, where it stands, and left out. */
  const unusable = (value: YamlNode | null | undefined, reason: string): void => {
    const message = file.message(`${reason}: it is left out`, {place: at(value?.range?.[0]), ruleId: 'front-matter-shape', source: 'handout'})
    message.fatal = undefined
  }
  const fail = (value: YamlNode | null | undefined, reason: string): never => {
    throw new Unusable(value, reason)
  }

  if (!isMap(doc.contents)) return meta
  const span = (node: YamlNode | null | undefined): Position | undefined =>
    node?.range ? {start: at(node.range[0]), end: at(node.range[1])} : undefined
  const contents = doc.contents
  const institutes = readInstitutes(toPlain(contents.get('institute', true) as YamlNode | undefined), toPlain(contents.get('affiliations', true) as YamlNode | undefined))
  const hasAuthor = doc.contents.has('author')
  for (const pair of doc.contents.items) {
    let key = isScalar(pair.key) ? String(pair.key.value) : ''
    // Manubot's list of authors, when there is no `author`.
    if (key === 'authors' && !hasAuthor) key = 'author'
    try {
      readPair(key, pair.key as YamlNode, pair.value as YamlNode | null)
    } catch (error) {
      if (!(error instanceof Unusable)) throw error
      unusable(error.value, error.reason)
      delete places[placeKey(key)]
    }
  }
  return meta

  function readPair(key: string, keyNode: YamlNode, value: YamlNode | null): void {
    const name = placeKey(key)
    // Own keys only: `constructor` or `__proto__` in a front matter is not a field.
    const field = Object.hasOwn(FIELDS, name) ? FIELDS[name] : undefined
    const plain = toPlain(value)
    // `date: null` or `bibliography:` with nothing after it: absent, as in Pandoc.
    if (plain === null || plain === undefined) return
    if (!field) {
      suggest(key, keyNode)
      return
    }
    const place = span(value) ?? span(keyNode)
    if (place) {
      const items = isSeq(value) ? value.items.map((item) => span(item as YamlNode) ?? place) : undefined
      places[name] = {value: place, items}
    }
    const read = field({
      key,
      plain,
      value,
      institutes,
      text(): string {
        if (typeof plain === 'object') return fail(value, `\`${key}\` must be text`)
        return String(plain)
      },
      bool(): boolean {
        if (typeof plain === 'boolean') return plain
        if (plain === 'true' || plain === 'false') return plain === 'true'
        return fail(value, `\`${key}\` must be true or false`)
      },
      list(): string[] {
        if (typeof plain === 'string' || typeof plain === 'number') return [String(plain)]
        if (Array.isArray(plain) && plain.every((v) => typeof v === 'string' || typeof v === 'number')) return plain.map(String)
        return fail(value, `\`${key}\` must be text or a list of text`)
      },
      fail: (reason: string) => fail(value, reason),
      skip: (at: number, reason: string) => unusable(isSeq(value) ? (value.items[at] as YamlNode | undefined) : value, `\`${key}\` entry ${at + 1}: ${reason}`)
    })
    if (read !== undefined) (meta as Record<string, unknown>)[name] = read
  }

  /** Pandoc allows any key; only a near-miss of one of handout's, used by no other tool, is worth an info. */
  function suggest(key: string, keyNode: YamlNode): void {
    const near = HANDOUT_KEYS.includes(key) || OTHER_TOOLS_KEYS.has(key) ? [] : closest(key, HANDOUT_KEYS)
    const hint = didYouMeanOf(near)
    if (!hint) return
    const message = file.message(`Unknown front matter key \`${key}\`, ${hint}`, {
      place: at(keyNode.range?.[0]),
      ruleId: 'front-matter-unknown',
      source: 'handout'
    })
    message.expected = near
    message.fatal = undefined
  }
}

/** What a field's reader is given: the value, and the ways to read it or refuse it. */
interface FieldInput {
  key: string
  plain: unknown
  value: YamlNode | null
  institutes: ReturnType<typeof readInstitutes>
  text(): string
  bool(): boolean
  list(): string[]
  /** The whole value cannot be used (an info where it stands; the field is left out). */
  fail(reason: string): never
  /** One item of a list cannot be used (an info where it stands; the others are kept). */
  skip(index: number, reason: string): void
}

/**
 * The front matter handout reads: one reader per field of `Metadata`, and
 * only here (the type makes a new field need its reader). Pandoc's names;
 * `citation-style` is read as `csl`, Manubot's `authors` as `author`. A
 * reader returns the value, or undefined to leave the field out.
 */
const FIELDS: {[K in keyof Metadata]-?: (input: FieldInput) => Metadata[K]} = {
  title: (v) => v.text(),
  'short-title': (v) => v.text(),
  subtitle: (v) => v.text(),
  abstract: (v) => v.text(),
  lang: (v) => v.text(),
  'reference-section-title': (v) => v.text(),
  source: (v) => v.text(),
  stylesheet: (v) => v.text(),
  papersize: (v) => v.text(),
  dir(v) {
    const dir = v.text()
    if (dir !== 'rtl' && dir !== 'ltr' && dir !== 'auto') v.fail('`dir` is `rtl`, `ltr` or `auto`')
    return dir as 'rtl' | 'ltr' | 'auto'
  },
  date: (v) => (v.plain instanceof Date ? v.plain.toISOString().slice(0, 10) : v.text()),
  csl: (v) => v.text(),
  'link-citations': (v) => v.bool(),
  'link-bibliography': (v) => v.bool(),
  'suppress-bibliography': (v) => v.bool(),
  'notes-after-punctuation': (v) => v.bool(),
  strict: (v) => v.bool(),
  scripts: (v) => v.bool(),
  figPrefix: (v) => v.list(),
  tblPrefix: (v) => v.list(),
  eqnPrefix: (v) => v.list(),
  secPrefix: (v) => v.list(),
  figureTitle: (v) => v.text(),
  tableTitle: (v) => v.text(),
  lofTitle: (v) => v.text(),
  lotTitle: (v) => v.text(),
  titleDelim: (v) => v.text(),
  // Quarto's: a map of options, of which handout reads the words (`crossref: false` is Quarto's alone).
  crossref(v) {
    if (v.plain === false) return undefined
    if (typeof v.plain !== 'object' || v.plain === null || Array.isArray(v.plain)) return v.fail('`crossref` is a map of Quarto’s cross-reference options, such as `fig-prefix: Fig.`')
    const options = v.plain as Record<string, unknown>
    const read: Partial<Record<QuartoCrossrefKey, string>> = {}
    for (const key of QUARTO_CROSSREF_KEYS) {
      const value = options[key]
      if (typeof value === 'string' || typeof value === 'number') read[key] = String(value)
      else if (value !== undefined) return v.fail(`\`crossref: ${key}\` must be text`)
    }
    return read
  },
  pairDelim: (v) => v.text(),
  lastDelim: (v) => v.text(),
  refDelim: (v) => v.text(),
  rangeDelim: (v) => v.text(),
  lof: (v) => v.bool(),
  lot: (v) => v.bool(),
  'crossref-pages': (v) => v.bool(),
  bibliography: (v) => v.list(),
  keywords: (v) => (typeof v.plain === 'string' ? v.plain.split(/\s*,\s*/).filter(Boolean) : v.list()),
  // Pandoc: `nocite: "@a, @b"` or `nocite: ["@a", "@*"]`.
  nocite: (v) =>
    v
      .list()
      .flatMap((entry) => entry.split(/[\s,;]+/))
      .map((entry) => entry.replace(/^\[?-?@\{?/, '').replace(/[\]}]$/, ''))
      .filter(Boolean),
  author(v) {
    const {authors, skipped} = readAuthors(v.plain, v.institutes)
    for (const {index, reason} of skipped) v.skip(index, reason)
    return authors.length > 0 ? authors : undefined
  },
  references(v) {
    if (!Array.isArray(v.plain)) v.fail('`references` must be a list of CSL items (id, type, title, …)')
    // One item that cannot be read is left out; the others stay.
    return (v.plain as unknown[]).flatMap((raw, index) => {
      try {
        return [normalizeReference(raw, index)]
      } catch (error) {
        v.skip(index, (error as Error).message)
        return []
      }
    })
  }
}

/** Keys handout reads, and Pandoc's that it knows: a near miss of one gets a "did you mean". */
const HANDOUT_KEYS = [...Object.keys(FIELDS), 'citation-style', ...PANDOC_KEYS]

/** A YAML node as plain data (`null` for `key:` with nothing after it). */
function toPlain(node: YamlNode | null | undefined): unknown {
  return node && 'toJSON' in node ? (node as {toJSON(): unknown}).toJSON() : node
}

/** Where a key's place is kept: `citation-style` is Pandoc's other name for `csl`. */
function placeKey(key: string): keyof Metadata {
  return (key === 'citation-style' ? 'csl' : key) as keyof Metadata
}

/** A front-matter value handout cannot use. */
class Unusable extends Error {
  constructor(
    readonly value: YamlNode | null | undefined,
    readonly reason: string
  ) {
    super(reason)
  }
}

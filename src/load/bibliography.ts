/**
 * Bibliography files -> CSL-JSON items.
 * `.bib` (BibLaTeX) / `.bibtex` (BibTeX) and `.ris` go through citation-js;
 * `.json` is CSL-JSON; `.yaml`/`.yml` is CSL-YAML (Pandoc's `references:`).
 *
 * BibTeX entries are converted when a document first asks for them, so a
 * large file costs its syntax check and the entries cited, not all of them.
 * Every entry has its place (`file:line:column`), duplicates included; an
 * error is a HandoutError there, a doubtful field (an undefined `@string`
 * macro) a warning.
 */
import {extname} from 'node:path'
import type {Position} from 'unist'
import {VFileMessage} from 'vfile-message'
import {parse as parseYaml, parseDocument, isSeq, LineCounter, YAMLParseError, type Node as YamlNode} from 'yaml'
import type {CslItem} from './csl-item.js'
import {normalizeReference} from './references.js'
import {firstLine, HandoutError, point} from '../errors.js'
import {lineIndex} from '../line-index.js'
import type {BibtexEntry} from './citation-js.js'
import {type Entry, entryToItem, isKnownType, resolveCrossRefs} from './bibtex/reference.js'
import {closestField, isKnownField} from './bibtex/fields.js'
import {fromRecords, risRecords} from './ris.js'

/** Where an entry stands. */
export interface Origin {
  file: string
  place?: Position | undefined
}

export interface LoadedBibliography {
  /** As shown in messages. */
  path: string
  /** Keys in file order (a key given twice is here twice). */
  keys: string[]
  /** Each key's entries, in file order. */
  places: Map<string, Origin[]>
  /** The CSL item of a key's `nth` entry (0: the first), made on first use; undefined if it could not be read. */
  item(key: string, nth?: number): CslItem | undefined
  /** Warnings about the file (undefined macros, entries that could not be read). */
  messages: VFileMessage[]
}

export const BIBLIOGRAPHY_FORMATS = ['.bib', '.bibtex', '.json', '.yaml', '.yml', '.ris'] as const

export interface ParseOptions {
  /**
   * The document's language (`en`, `de`…; default `en`): BibTeX titles are
   * sentence-cased in an English document, and BibLaTeX keys are resolved in it.
   */
  language?: string | undefined
}

/** A bibliography's bytes -> its entries. `path` picks the format; `shown` is its name in messages. */
export async function loadBibliography(bytes: Uint8Array, path: string, shown = path, options: ParseOptions = {}): Promise<LoadedBibliography> {
  const format = extname(path).toLowerCase()
  if (!(BIBLIOGRAPHY_FORMATS as readonly string[]).includes(format)) {
    throw new HandoutError(`Unknown bibliography format \`${format || '(none)'}\`: use one of ${BIBLIOGRAPHY_FORMATS.join(', ')}`, {
      ruleId: 'bibliography-format',
      file: shown
    })
  }
  // Decoded once, natively; only a file that fails is scanned for its first bad byte.
  let text: string
  try {
    text = new TextDecoder('utf-8', {fatal: true}).decode(bytes) // a BOM is dropped
  } catch {
    throw notUtf8(bytes, firstInvalidUtf8(bytes) ?? 0, shown)
  }
  return parseBibliography(text, format, shown, options)
}

/** The error for a file that is not UTF-8, at its first bad byte (`bad`, an offset). */
function notUtf8(bytes: Uint8Array, bad: number, shown: string): HandoutError {
  let line = 1
  let lineStart = 0
  for (let i = 0; i < bad; i++) {
    if (bytes[i] === 0x0a) {
      line++
      lineStart = i + 1
    }
  }
  const byte = bytes[bad]!.toString(16).toUpperCase().padStart(2, '0')
  return new HandoutError(`Bibliography is not UTF-8: byte 0x${byte} at line ${line} cannot be read (the file is probably Latin-1 or Windows-1252)`, {
    ruleId: 'bibliography-encoding',
    file: shown,
    place: point(line, bad - lineStart + 1),
    note: `Convert it to UTF-8: \`iconv -f latin1 -t utf-8 '${shown}' > utf8.bib\` (then use utf8.bib), or save it as UTF-8 from your reference manager`
  })
}

/** The offset of the first byte that is not part of a well-formed UTF-8 sequence, if any. */
export function firstInvalidUtf8(bytes: Uint8Array): number | undefined {
  for (let i = 0; i < bytes.length; ) {
    const b = bytes[i]!
    const length = b < 0x80 ? 1 : b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0
    if (length === 0 || i + length > bytes.length) return i
    for (let k = 1; k < length; k++) if ((bytes[i + k]! & 0xc0) !== 0x80) return i
    // Overlong three-byte forms and surrogates, overlong or too-large four-byte forms.
    if ((b === 0xe0 && bytes[i + 1]! < 0xa0) || (b === 0xed && bytes[i + 1]! > 0x9f) || (b === 0xf0 && bytes[i + 1]! < 0x90) || (b === 0xf4 && bytes[i + 1]! > 0x8f)) return i
    i += length
  }
  return undefined
}

/** Pure: text + format -> entries. */
export async function parseBibliography(text: string, format: string, shown: string, options: ParseOptions = {}): Promise<LoadedBibliography> {
  const language = options.language ?? 'en'
  if (format === '.json') return eager(shown, parseJson(text, shown))
  if (format === '.yaml' || format === '.yml') return eager(shown, parseCslYaml(text, shown))
  if (format === '.ris') return eager(shown, await parseRis(text, shown))
  return parseBibtex(text, format === '.bib', shown, language)
}

/** Items read whole (CSL-JSON, CSL-YAML, RIS), with their places where known. */
function eager(shown: string, entries: Array<{item: CslItem; place?: Position | undefined}>): LoadedBibliography {
  const keys: string[] = []
  const places = new Map<string, Origin[]>()
  const byKey = new Map<string, CslItem[]>()
  for (const {item, place} of entries) {
    addShortTitle(item)
    keys.push(item.id)
    push(places, item.id, {file: shown, place})
    push(byKey, item.id, item)
  }
  return {path: shown, keys, places, item: (key, nth = 0) => byKey.get(key)?.[nth], messages: []}
}

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key)
  if (list) list.push(value)
  else map.set(key, [value])
}

async function parseBibtex(text: string, biblatex: boolean, shown: string, language: string): Promise<LoadedBibliography> {
  const {parseBibtexSyntax, BibtexSyntaxError} = await import('./citation-js.js')
  let syntax
  try {
    syntax = parseBibtexSyntax(text)
  } catch (error) {
    if (!(error instanceof BibtexSyntaxError)) throw error
    const where = error.line ? {line: error.line, column: error.column ?? 1} : error.entry
    throw new HandoutError(`BibTeX syntax error: ${error.message}`, {
      ruleId: 'bibliography-syntax',
      file: shown,
      place: where ? point(where.line, where.column) : undefined
    })
  }
  const messages: VFileMessage[] = []
  for (const macro of syntax.undefinedMacros) {
    const message = new VFileMessage(`Undefined BibTeX string \`${macro.name}\`: its name is printed in its place, as Pandoc does`, {
      ruleId: 'bibliography-macro',
      source: 'handout',
      place: point(macro.line, macro.column)
    })
    message.fatal = false
    message.file = shown
    message.note = `Define it with \`@string{${macro.name} = {…}}\` before its first use, or write the value in braces: \`{${macro.name}}\``
    messages.push(message)
  }
  const warn = (reason: string, ruleId: string, place: Position | ReturnType<typeof point> | undefined, note?: string): void => {
    const message = new VFileMessage(reason, {ruleId, source: 'handout', place})
    message.fatal = false
    message.file = shown
    if (note) message.note = note
    messages.push(message)
  }
  for (const skip of syntax.skipped) {
    const at = skip.line ? ` (at ${skip.line}:${skip.column ?? 1})` : ''
    warn(
      `BibTeX entry${skip.label ? ` \`${skip.label}\`` : ''} cannot be read: ${skip.reason}${at}; it is left out, the other entries are read`,
      'bibliography-entry',
      point(skip.entry.line, skip.entry.column),
      'Check its braces and quotes, and that each field is `name = {value}` followed by a comma'
    )
  }
  const unknownFields = new Map<string, {count: number; line: number; column: number}>()
  syntax.entries.forEach((entry, i) => {
    const start = syntax.starts[i]
    if (start && !isKnownType(entry.type.toLowerCase())) {
      warn(`Unknown BibTeX entry type \`@${entry.type}\` (entry \`${entry.label}\`): it is read as \`@misc\``, 'bibliography-type', point(start.line, start.column), 'Use a BibTeX or BibLaTeX type such as @article, @book, @incollection, @report, @thesis or @online')
    }
    for (const [name, at] of Object.entries(syntax.fields[i] ?? {})) {
      if (isKnownField(name)) continue
      const seen = unknownFields.get(name)
      if (seen) seen.count++
      else unknownFields.set(name, {count: 1, line: at.line, column: at.column})
    }
  })
  for (const [name, {count, line, column}] of unknownFields) {
    const guess = closestField(name)
    warn(
      `Unknown BibTeX field \`${name}\`${count > 1 ? ` (in ${count} entries)` : ''}: it is ignored`,
      'bibliography-field',
      point(line, column),
      guess ? `Did you mean \`${guess}\`?` : undefined
    )
  }
  const keys: string[] = []
  const places = new Map<string, Origin[]>()
  const indices = new Map<string, number[]>()
  syntax.entries.forEach((entry, i) => {
    const key = String(entry.label)
    keys.push(key)
    const start = syntax.starts[i]
    push(places, key, {file: shown, place: start ? {start: point(start.line, start.column), end: point(start.line, start.column)} : undefined})
    push(indices, key, i)
  })
  const made = new Map<number, CslItem | null>()
  // Inheritance (`crossref`, `xdata`) is resolved for all entries at once, on first use.
  let resolved: Entry[] | undefined
  const convert = (index: number): CslItem | null => {
    resolved ??= resolveCrossRefs(syntax.entries.map(toEntry), !biblatex)
    const entry = resolved[index]!
    const place = places.get(entry.key)?.[indices.get(entry.key)!.indexOf(index)]?.place
    if (entry.type === 'xdata') return null
    try {
      return entryToItem(entry, {bibtex: !biblatex, language})
    } catch (error) {
      const message = new VFileMessage(`BibTeX entry \`${entry.key}\` could not be read (${firstLine(error)}): it is left out`, {
        ruleId: 'bibliography-entry',
        source: 'handout',
        place
      })
      message.fatal = false
      message.file = shown
      messages.push(message)
      return null
    }
  }
  return {
    path: shown,
    keys,
    places,
    messages,
    item(key, nth = 0) {
      const index = indices.get(key)?.[nth]
      if (index === undefined) return undefined
      if (!made.has(index)) made.set(index, convert(index))
      return made.get(index) ?? undefined
    }
  }
}

/** citation-js output -> a CSL item with a string id and without its bookkeeping. */
function cslItem(raw: Record<string, unknown> | undefined): CslItem | undefined {
  if (!raw) return undefined
  const {_graph, ...rest} = raw
  void _graph
  const item = {...rest, id: String(rest.id)} as CslItem
  // Fields citeproc-js reads as text must be text (`language = {a and b}` is a list here).
  for (const field of ['language', 'title', 'container-title', 'publisher', 'publisher-place', 'note', 'DOI', 'URL']) {
    const value = item[field]
    if (Array.isArray(value)) item[field] = value.join(field === 'language' ? '; ' : ', ')
    else if (typeof value === 'number') item[field] = String(value)
  }
  return item
}

function parseJson(text: string, path: string): Array<{item: CslItem; place?: Position | undefined}> {
  let data: unknown
  try {
    data = JSON.parse(text)
  } catch (error) {
    const message = (error as Error).message
    const at = /position (\d+)/.exec(message)
    throw new HandoutError(`Invalid CSL-JSON: ${message.replace(/ in JSON at position \d+.*$/, '')}`, {
      ruleId: 'bibliography-syntax',
      file: path,
      place: at ? lineIndex(text).point(Number(at[1])) : undefined
    })
  }
  const list = Array.isArray(data) ? data : data && typeof data === 'object' && Array.isArray((data as {items?: unknown}).items) ? (data as {items: unknown[]}).items : undefined
  if (!list) throw new HandoutError('CSL-JSON must be an array of items', {ruleId: 'bibliography-syntax', file: path, place: point(1)})
  // Each item's place: the `"id"` of the n-th object, found in one pass.
  const lines = lineIndex(text)
  const ids = [...text.matchAll(/"id"\s*:/g)].map((m) => lines.point(m.index ?? 0))
  return list.map((raw, index) => {
    const at = ids[index]
    const place = at ? {start: at, end: at} : undefined
    try {
      return {item: normalizeReference(raw, index), place}
    } catch (error) {
      throw new HandoutError((error as Error).message, {ruleId: 'bibliography-syntax', file: path, place})
    }
  })
}

function parseCslYaml(text: string, path: string): Array<{item: CslItem; place?: Position | undefined}> {
  let data: unknown
  const lineCounter = new LineCounter()
  let doc
  try {
    doc = parseDocument(text, {lineCounter, prettyErrors: false})
    const first = doc.errors[0]
    if (first) throw first
    data = doc.toJS()
  } catch (error) {
    if (error instanceof YAMLParseError) {
      const at = error.linePos?.[0]
      throw new HandoutError(`Invalid YAML: ${error.message.split('\n')[0]}`, {
        ruleId: 'bibliography-syntax',
        file: path,
        place: at ? point(at.line, at.col) : undefined
      })
    }
    data = parseYaml(text)
  }
  const list = Array.isArray(data) ? data : data && typeof data === 'object' ? (data as {references?: unknown}).references : undefined
  if (!Array.isArray(list)) {
    throw new HandoutError('CSL-YAML must be a list of references or a mapping with `references:`', {ruleId: 'bibliography-syntax', file: path, place: point(1)})
  }
  const contents = doc?.contents
  const seq = isSeq(contents) ? contents : contents && 'get' in contents ? (contents as {get(key: string, keep: true): unknown}).get('references', true) : undefined
  const nodes = isSeq(seq) ? (seq.items as YamlNode[]) : []
  return list.map((raw, index) => {
    const offset = nodes[index]?.range?.[0]
    const at = offset !== undefined ? lineCounter.linePos(offset) : undefined
    const place = at ? {start: point(at.line, at.col), end: point(at.line, at.col)} : undefined
    try {
      return {item: normalizeReference(raw, index), place}
    } catch (error) {
      throw new HandoutError((error as Error).message, {ruleId: 'bibliography-syntax', file: path, place})
    }
  })
}

/** A RIS record starts with `TY  - ` and ends with `ER  - `; anything else is no RIS file. */
async function parseRis(text: string, path: string): Promise<Array<{item: CslItem; place?: Position | undefined}>> {
  const lines = text.split(/\r?\n/)
  const first = lines.findIndex((line) => line.trim() !== '')
  if (first === -1) return []
  const records = risRecords(text)
  if (!/^\uFEFF?[A-Z][A-Z0-9] {2}-( |$)/.test(lines[first]!) || records.length === 0) {
    throw new HandoutError('Not a RIS file: a RIS record is lines of `XX  - value`, starting with `TY  - ` and ending with `ER  - `', {
      ruleId: 'bibliography-syntax',
      file: path,
      place: point(first + 1)
    })
  }
  const {convertRis} = await import('./citation-js.js')
  let output: Array<Record<string, unknown>>
  try {
    output = fromRecords(convertRis(text), records)
  } catch (error) {
    throw new HandoutError(`RIS syntax error: ${String((error as Error).message).split('\n')[0]}`, {ruleId: 'bibliography-syntax', file: path})
  }
  return output.map((raw, index) => {
    const line = records[index]?.line
    return {item: cslItem(raw)!, place: line ? {start: point(line), end: point(line)} : undefined}
  })
}

/** Pandoc derives a short title from the part before a colon (`Ketamine: A …` -> `Ketamine`). */
function addShortTitle(item: CslItem): void {
  if (item['title-short'] !== undefined || typeof item.title !== 'string') return
  const match = /^(.+?)[:?!]\s/.exec(item.title)
  if (match && !match[1]!.includes('<')) item['title-short'] = match[1]
}

const ALIASES: Record<string, string> = {archiveprefix: 'eprinttype', primaryclass: 'eprintclass'}

/** citation-js's entry -> fields as Pandoc reads them: names lowercased, `archiveprefix` as `eprinttype`, values as text. */
function toEntry(entry: BibtexEntry): Entry {
  const fields: Record<string, string> = {}
  for (const [name, value] of Object.entries(entry.properties)) {
    const lower = name.toLowerCase()
    fields[ALIASES[lower] ?? lower] = String(value)
  }
  return {type: entry.type.toLowerCase(), key: String(entry.label), fields}
}


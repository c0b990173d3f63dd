/**
 * Bibliography files -> CSL-JSON items.
 * `.bib` (BibLaTeX) / `.bibtex` (BibTeX) and `.ris` go through citation-js;
 * `.json` is CSL-JSON; `.yaml`/`.yml` is CSL-YAML (Pandoc's `references:`).
 * Errors are HandoutErrors with `file:line:column`.
 */
import {readFile} from 'node:fs/promises'
import {extname} from 'node:path'
import {parse as parseYaml, YAMLParseError} from 'yaml'
import type {CslItem} from './csl-item.js'
import {normalizeReference} from './references.js'
import {HandoutError} from '../errors.js'
import {lineIndex} from '../line-index.js'

export interface LoadedBibliography {
  path: string
  items: CslItem[]
  /** `file:line` of each item, for duplicate-key warnings. */
  places: Map<string, string>
}

export const BIBLIOGRAPHY_FORMATS = ['.bib', '.bibtex', '.json', '.yaml', '.yml', '.ris'] as const

export interface ParseOptions {
  /**
   * Sentence-case BibTeX titles (Pandoc does so when the document's language
   * is English or unset). Default true.
   */
  sentenceCase?: boolean | undefined
}

export async function loadBibliography(path: string, displayPath = path, options: ParseOptions = {}): Promise<LoadedBibliography> {
  const format = extname(path).toLowerCase()
  if (!(BIBLIOGRAPHY_FORMATS as readonly string[]).includes(format)) {
    throw new HandoutError(
      `Unknown bibliography format \`${format || '(none)'}\`: use one of ${BIBLIOGRAPHY_FORMATS.join(', ')}`,
      {ruleId: 'bibliography-format', place: displayPath}
    )
  }
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    throw new HandoutError(
      code === 'ENOENT'
        ? 'Bibliography file not found: check the `bibliography:` path (relative to the manuscript)'
        : `Cannot read bibliography (${code ?? String(error)})`,
      {ruleId: 'bibliography-missing', place: displayPath}
    )
  }
  return parseBibliography(text, format, displayPath, options)
}

/** Pure: text + format -> items. */
export async function parseBibliography(
  text: string,
  format: string,
  displayPath: string,
  options: ParseOptions = {}
): Promise<LoadedBibliography> {
  const sentenceCase = options.sentenceCase ?? true
  const places = new Map<string, string>()
  let items: CslItem[]
  if (format === '.json') {
    items = parseJson(text, displayPath)
    indexPlaces(text, /"id"\s*:\s*"?([^",\s}]+)/g, displayPath, places)
  } else if (format === '.yaml' || format === '.yml') {
    items = parseCslYaml(text, displayPath)
    indexPlaces(text, /^\s*-?\s*id\s*:\s*['"]?([^'"\s#]+)/gm, displayPath, places)
  } else if (format === '.ris') {
    items = await parseWithCitationJs(text, '@ris/file', displayPath)
  } else {
    items = await parseWithCitationJs(text, format === '.bibtex' ? '@bibtex/text' : '@biblatex/text', displayPath, sentenceCase)
    indexPlaces(text, /@\s*\w+\s*[{(]\s*([^,\s]+)\s*,/g, displayPath, places)
    if (sentenceCase) for (const item of items) if (typeof item.title === 'string' && isEnglish(item.language)) item.title = sentenceCaseCompounds(item.title)
  }
  for (const item of items) addShortTitle(item)
  for (const item of items) if (!places.has(item.id)) places.set(item.id, displayPath)
  return {path: displayPath, items, places}
}

function lineOf(text: string, offset: number): number {
  return lineIndex(text).point(offset).line
}

/**
 * `file:line` of every entry, in one pass over the text (a file of 20,000
 * entries has 20,000 of them: counting lines from the top for each was quadratic).
 */
function indexPlaces(text: string, pattern: RegExp, path: string, places: Map<string, string>): void {
  const lines = lineIndex(text)
  for (const match of text.matchAll(pattern)) {
    const key = match[1]!
    if (!places.has(key)) places.set(key, `${path}:${lines.point(match.index ?? 0).line}`)
  }
}

function parseJson(text: string, path: string): CslItem[] {
  let data: unknown
  try {
    data = JSON.parse(text)
  } catch (error) {
    const message = (error as Error).message
    const at = /position (\d+)/.exec(message)
    let place = path
    if (at) {
      const offset = Number(at[1])
      const before = text.slice(0, offset)
      place = `${path}:${lineOf(text, offset)}:${offset - before.lastIndexOf('\n')}`
    }
    throw new HandoutError(`Invalid CSL-JSON: ${message.replace(/ in JSON at position \d+.*$/, '')}`, {
      ruleId: 'bibliography-syntax',
      place
    })
  }
  const list = Array.isArray(data) ? data : data && typeof data === 'object' && Array.isArray((data as {items?: unknown}).items) ? (data as {items: unknown[]}).items : undefined
  if (!list) throw new HandoutError('CSL-JSON must be an array of items', {ruleId: 'bibliography-syntax', place: path})
  return list.map((raw, index) => {
    try {
      return normalizeReference(raw, index)
    } catch (error) {
      throw new HandoutError((error as Error).message, {ruleId: 'bibliography-syntax', place: path})
    }
  })
}

function parseCslYaml(text: string, path: string): CslItem[] {
  let data: unknown
  try {
    data = parseYaml(text)
  } catch (error) {
    if (error instanceof YAMLParseError) {
      const at = error.linePos?.[0]
      throw new HandoutError(`Invalid YAML: ${error.message.split('\n')[0]}`, {
        ruleId: 'bibliography-syntax',
        place: at ? `${path}:${at.line}:${at.col}` : path
      })
    }
    throw error
  }
  const list = Array.isArray(data) ? data : data && typeof data === 'object' ? (data as {references?: unknown}).references : undefined
  if (!Array.isArray(list)) {
    throw new HandoutError('CSL-YAML must be a list of references or a mapping with `references:`', {
      ruleId: 'bibliography-syntax',
      place: path
    })
  }
  return list.map((raw, index) => {
    try {
      return normalizeReference(raw, index)
    } catch (error) {
      throw new HandoutError((error as Error).message, {ruleId: 'bibliography-syntax', place: path})
    }
  })
}

/** Pandoc derives a short title from the part before a colon (`Ketamine: A …` -> `Ketamine`). */
function addShortTitle(item: CslItem): void {
  if (item['title-short'] !== undefined || typeof item.title !== 'string') return
  const match = /^(.+?)[:?!]\s/.exec(item.title)
  if (match && !match[1]!.includes('<')) item['title-short'] = match[1]
}

async function parseWithCitationJs(text: string, type: string, path: string, sentenceCase = true): Promise<CslItem[]> {
  const items = await convertWithCitationJs(text, type, path, sentenceCase)
  if (!sentenceCase || type.includes('ris')) return items
  // citation-js may sentence-case entries in other languages too (a German
  // title with `langid = {german}`); Pandoc does so only for English ones.
  // Those get their fields back as written.
  const asWritten = new Map((await convertWithCitationJs(text, type, path, false)).map((item) => [item.id, item]))
  return items.map((item) => {
    const original = asWritten.get(item.id)
    return original && !isEnglish(item.language) ? original : item
  })
}

const ENGLISH = /^(en|eng|english|american|british|canadian|australian|newzealand|usenglish|ukenglish|anglais)([-_ ]|$)/i

function isEnglish(language: unknown): boolean {
  if (language === undefined || language === null || language === '') return true
  return Array.isArray(language) ? language.every(isEnglish) : ENGLISH.test(String(language))
}

async function convertWithCitationJs(text: string, type: string, path: string, sentenceCase: boolean): Promise<CslItem[]> {
  const {plugins} = await import('./citation-js.js').then((m) => m.citationJs(sentenceCase))
  let output: unknown
  try {
    output = plugins.input.chain(text, {forceType: type, target: '@csl/list+object', generateGraph: false})
  } catch (error) {
    const message = String((error as Error).message ?? error)
    const at = /at line (\d+) col(?:umn)? (\d+)/.exec(message)
    const reason = message.split('\n')[0]!.replace(/\s*at line \d+ col(?:umn)? \d+:?/, '')
    throw new HandoutError(`${type.includes('ris') ? 'RIS' : 'BibTeX'} syntax error: ${reason}`, {
      ruleId: 'bibliography-syntax',
      place: at ? `${path}:${at[1]}:${at[2]}` : path
    })
  }
  const list = (Array.isArray(output) ? output : []) as CslItem[]
  return list.map((item) => {
    const {_graph, ...rest} = item as CslItem & {_graph?: unknown}
    void _graph
    return {...rest, id: String(rest.id)}
  })
}

/**
 * citation-js sentence-cases a BibTeX title word by word but leaves
 * hyphenated compounds (`Treatment-Resistant`) alone; Pandoc lowercases each
 * part. Lowercase parts that are Capitalised (not acronyms, not single letters),
 * outside nocase spans and never the first word or the word after a colon.
 */
export function sentenceCaseCompounds(title: string): string {
  const pieces = title.split(/(<span class="nocase">.*?<\/span>|<[^>]+>)/)
  return pieces
    .map((piece, index) => {
      if (index % 2 === 1) return piece
      return piece.replace(/(^|[\s:])([\p{L}\p{N}]+(?:-[\p{L}\p{N}]+)+)/gu, (_whole, lead: string, word: string, offset: number) => {
        const before = pieces.slice(0, index).join('') + piece.slice(0, offset) + lead
        const keepFirst = before.trim() === '' || /:\s*$/.test(before)
        const parts = word.split('-').map((part, i) =>
          (i === 0 && keepFirst) || !/^\p{Lu}\p{Ll}+$/u.test(part) ? part : part.toLowerCase()
        )
        return lead + parts.join('-')
      })
    })
    .join('')
}

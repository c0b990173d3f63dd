/**
 * A BibTeX/BibLaTeX entry -> a CSL item, following Pandoc 2.17's
 * `itemToReference` (src/Text/Pandoc/Citeproc/BibTeX.hs) field by field:
 * the type and genre, titles with subtitles and `maintitle`, the container,
 * `number` as issue, collection number or number by type, publishers and
 * places as lists, eprints as URLs, dates (BibLaTeX `date` in EDTF or
 * `year`/`month`/`day`), and sentence case for English titles.
 * `crossref`/`xdata` inheritance is `resolveCrossRefs`.
 */
import type {CslItem} from '../csl-item.js'
import {type Inline, concatWith, splitByAnd, splitStrWhen, str, stringify, SPACE, toCslText, walk} from './inlines.js'
import {readLatex} from './latex.js'
import {type Options, parseOptions, toNameList} from './names.js'
import {unTitlecase} from './sentence-case.js'
import {resolveKey, toIETF} from './localization.js'

export interface Entry {
  type: string
  key: string
  fields: Record<string, string>
}

export interface ReferenceOptions {
  /** BibTeX (`.bibtex`) rather than BibLaTeX (`.bib`). */
  bibtex: boolean
  /** The document's language (`en`, `de`…): English titles are sentence-cased only in an English document. */
  language: string
}

const ARTICLE = new Set(['article', 'periodical', 'suppperiodical', 'review'])
const CHAPTERLIKE = new Set(['inbook', 'incollection', 'inproceedings', 'inreference', 'bookinbook'])
const COLLECTION_NUMBER = new Set(['book', 'collection', 'proceedings', 'reference', 'mvbook', 'mvcollection', 'mvproceedings', 'mvreference', 'bookinbook', 'inbook', 'incollection', 'inproceedings', 'inreference', 'suppbook', 'suppcollection'])

export function entryToItem(entry: Entry, options: ReferenceOptions): CslItem {
  const fields = entry.fields
  const et = entry.type
  const language = options.language
  const has = (f: string): boolean => fields[f] !== undefined
  const latex = (f: string): Inline[] | undefined => (has(f) ? readLatex(fields[f]!, {bibstring: (k) => resolveKey(language, k)}) : undefined)
  const raw = (f: string): string | undefined => fields[f]

  const langid = (() => {
    if (!has('langid')) return undefined
    const id = raw('langid')!.trim().toLowerCase()
    const opts = has('langidopts') ? stringify(latex('langidopts')!).trim().toLowerCase() : ''
    if (id === 'english') {
      const variant = /^variant=(british|american|us|usmax|uk|australian|newzealand)$/.exec(opts)?.[1]
      if (variant) return {british: 'british', uk: 'british', australian: 'australian', newzealand: 'newzealand'}[variant] ?? 'american'
    }
    return id
  })()
  const hyphenation = langid !== undefined ? toIETF(langid.toLowerCase()) : has('hyphenation') ? toIETF(raw('hyphenation')!.toLowerCase()) : undefined
  const untitlecase = language === 'en' && (hyphenation === undefined || hyphenation.startsWith('en-'))
  const title = (f: string): Inline[] | undefined => {
    let nodes = latex(f)
    if (!nodes) return undefined
    if (f === 'series') nodes = nodes.map((node) => (node.type === 'str' ? str(resolveKey(language, node.text)) : node))
    return untitlecase ? unTitlecase(nodes) : nodes
  }
  const opts: Options = {...(has('options') ? parseOptions(raw('options')!) : {}), bibtex: options.bibtex ? 'true' : 'false'}
  const names = (f: string) => {
    const nodes = latex(f)
    return nodes ? toNameList(nodes, opts) : undefined
  }
  const literalList = (f: string): Inline[] | undefined => {
    const nodes = latex(f)
    if (!nodes) return undefined
    const parts = splitByAnd(nodes)
    return parts.flatMap((part, i) => (i === 0 ? part : [str(';'), SPACE, ...part]))
  }

  const [type, genre] = typeAndGenre(entry, language)
  const item: CslItem = {id: entry.key, type: type || 'document'} as CslItem
  const set = (name: string, value: unknown): void => {
    if (value === undefined || value === null) return
    if (Array.isArray(value) && value.length === 0 && name !== 'author') return
    item[name] = value
  }
  const fancy = (nodes: Inline[] | undefined): string | undefined => (nodes ? toCslText(nodes) : undefined)

  if (has('ids')) set('other-ids', raw('ids'))
  set('genre', genre)
  set('language', hyphenation)

  // names
  const editortype = raw('editortype') ?? ''
  const editor = names('editor')
  set('author', names('author'))
  set('container-author', names('bookauthor'))
  set('translator', names('translator'))
  if (editortype === 'director') set('director', editor)
  else {
    set('editor', editor)
    set('director', names('director'))
  }

  // dates
  const issued = date(fields, 'date', '')
  set('issued', issued)
  set('event-date', date(fields, 'eventdate', 'event'))
  set('original-date', date(fields, 'origdate', 'orig'))
  set('accessed', date(fields, 'urldate', 'url'))

  // locators
  const pages = latex('pages')
  set('page', fancy(pages && walk(pages, (node) => (node.type === 'str' ? str(node.text.replace(/–/g, '-')) : node))))
  set('number-of-pages', fancy(latex('pagetotal')))
  const volume = latex('volume')
  const part = latex('part')
  set('volume', fancy(volume && part ? [...volume, str('.'), ...part] : volume ?? part))
  set('number-of-volumes', fancy(latex('volumes')))
  set('chapter-number', fancy(latex('chapter')))
  set('edition', fancy(latex('edition')))
  set('version', fancy(latex('version')))
  const number = latex('number')
  if (number) {
    if (COLLECTION_NUMBER.has(et)) set('collection-number', fancy(number))
    else if (ARTICLE.has(et)) set('issue', fancy(has('issue') ? concatWith(',', [number, latex('issue')]) : number))
    else set('number', fancy(number))
  }

  // titles
  const isPeriodical = et === 'periodical'
  const isChapterlike = CHAPTERLIKE.has(et)
  const hasMaintitle = has('maintitle')
  const mainNotChapter = hasMaintitle && !isChapterlike
  const first = <T>(...candidates: Array<() => T | undefined>): T | undefined => {
    for (const candidate of candidates) {
      const value = candidate()
      if (value !== undefined) return value
    }
    return undefined
  }
  const titleMain = first(() => (isPeriodical ? title('issuetitle') : undefined), () => (mainNotChapter ? title('maintitle') : undefined), () => title('title'))
  // Pandoc 2.17: with a maintitle (not chapter-like), a missing mainsubtitle fails over to `subtitle`.
  const subtitle = first(() => (isPeriodical ? title('issuesubtitle') : undefined), () => (mainNotChapter ? title('mainsubtitle') : undefined), () => title('subtitle')) ?? []
  const titleaddon = first(() => (mainNotChapter ? title('maintitleaddon') : undefined), () => title('titleaddon')) ?? []
  const volumeTitle = mainNotChapter ? title('title') : hasMaintitle && isChapterlike ? title('booktitle') : undefined
  const volumeSubtitle = (mainNotChapter ? title('subtitle') : hasMaintitle && isChapterlike ? title('booksubtitle') : undefined) ?? []
  const volumeTitleAddon = (mainNotChapter ? title('titleaddon') : hasMaintitle && isChapterlike ? title('booktitleaddon') : undefined) ?? []
  const containerTitle = first(
    () => (isPeriodical ? latex('title') : undefined),
    () => (isChapterlike ? title('maintitle') : undefined),
    () => (isChapterlike ? title('booktitle') : undefined),
    () => latex('journaltitle'),
    () => latex('journal')
  )
  const containerSubtitle =
    first(
      () => (isPeriodical ? latex('subtitle') : undefined),
      () => (isChapterlike ? title('mainsubtitle') : undefined),
      () => (isChapterlike ? title('booksubtitle') : undefined),
      () => latex('journalsubtitle')
    ) ?? []
  const containerTitleAddon =
    first(
      () => (isPeriodical ? latex('titleaddon') : undefined),
      () => (isChapterlike ? title('maintitleaddon') : undefined),
      () => (isChapterlike ? title('booktitleaddon') : undefined)
    ) ?? []
  const containerTitleShort = first(() => (isPeriodical && !hasMaintitle ? latex('shorttitle') : undefined), () => latex('shortjournal'))
  let series = title('series')
  const seriesOnly = series?.length === 1 ? series[0] : undefined
  if (seriesOnly?.type === 'str' && /^-?\d+$/.test(seriesOnly.text)) {
    series = [str(ordinal(seriesOnly.text)), SPACE, str(resolveKey(language, 'jourser'))]
  }
  const shortTitle = first(
    () => (!hasMaintitle || isChapterlike ? title('shorttitle') : undefined),
    () => {
      const requireColon = !((subtitle.length > 0 || titleaddon.length > 0) && !hasMaintitle)
      const nodes = title('title')
      if (!nodes) return undefined
      const split = splitStrWhen(nodes, (c) => c === ':')
      const colon = split.findIndex((node) => node.type === 'str' && node.text === ':')
      if (requireColon && colon === -1) return undefined
      return colon === -1 ? split : split.slice(0, colon)
    }
  )

  set('original-title', fancy(title('origtitle')))
  set('event', fancy(title('eventtitle')))
  if (titleMain) set('title', fancy(concatWith('.', [concatWith(':', [titleMain, subtitle]), titleaddon])))
  if (volumeTitle) set('volume-title', fancy(concatWith('.', [concatWith(':', [volumeTitle, volumeSubtitle]), volumeTitleAddon])))
  if (containerTitle) set('container-title', fancy(concatWith('.', [concatWith(':', [containerTitle, containerSubtitle]), containerTitleAddon])))
  set('container-title-short', fancy(containerTitleShort))
  set('collection-title', fancy(series))
  set('title-short', fancy(shortTitle))

  // publisher
  const publishers = ['school', 'institution', 'organization', 'howpublished', 'publisher'].map((f) => (options.bibtex || f === 'howpublished' ? latex(f) : literalList(f)))
  if (publishers.some((p) => p !== undefined)) set('publisher', fancy(concatWith(';', publishers)))
  set('original-publisher', fancy(latex('origpublisher')))

  // places
  set('event-place', fancy(latex('venue')))
  set('publisher-place', fancy(options.bibtex ? latex('address') : literalList('address') ?? (et !== 'patent' ? literalList('location') : undefined)))
  set('original-publisher-place', fancy(options.bibtex ? latex('origlocation') : literalList('origlocation')))
  if (type === 'patent' && has('location')) {
    const parts = splitByAnd(latex('location')!).map((p) => p.map((node) => (node.type === 'str' ? str(resolveKey(language, node.text)) : node)))
    set('jurisdiction', fancy(concatWith(';', parts)))
  }

  // identifiers
  const eprintBase: Record<string, string> = {
    arxiv: 'https://arxiv.org/abs/',
    jstor: 'https://www.jstor.org/stable/',
    pubmed: 'https://www.ncbi.nlm.nih.gov/pubmed/',
    googlebooks: 'https://books.google.com?id='
  }
  const urlAllowed = et === 'online' || opts.url !== 'false'
  if (urlAllowed && has('url')) set('URL', raw('url'))
  else if (has('eprinttype') && has('eprint')) {
    const base = eprintBase[raw('eprinttype')!.toLowerCase()]
    if (base) set('URL', base + raw('eprint'))
  }
  if (opts.doi !== 'false') set('DOI', raw('doi'))
  set('ISBN', raw('isbn'))
  set('ISSN', raw('issn'))
  set('PMID', raw('pmid'))
  set('PMCID', raw('pmcid'))
  set('call-number', raw('library'))

  // notes
  set('annote', fancy(latex('annotation') ?? latex('annote')))
  set('abstract', fancy(latex('abstract')))
  set('keyword', fancy(latex('keywords')))
  const note = et === 'periodical' ? undefined : latex('note')
  const addendum = options.bibtex ? undefined : latex('addendum')
  if (note || addendum) set('note', fancy(concatWith('.', [note, addendum])))
  const pubstate = latex('pubstate')
  if (pubstate) set('status', resolveKey(language, stringify(pubstate)))
  else if (issued && 'literal' in issued && issued.literal === 'forthcoming') set('status', 'forthcoming')
  return item
}

/** English ordinal, as Pandoc's `ordinalize` with the en-US locale (`3` -> `3rd`). */
function ordinal(n: string): string {
  const value = Math.abs(Number(n))
  const tens = value % 100
  if (tens >= 11 && tens <= 13) return `${n}th`
  return n + (['th', 'st', 'nd', 'rd'][value % 10] ?? 'th')
}

type CslDate = {'date-parts': number[][]; circa?: boolean} | {literal: string}

/** `date` (EDTF) or the old `year`/`month`/`day` fields (with a `prefix`: `eventyear`…). */
function date(fields: Record<string, string>, name: string, prefix: string): CslDate | undefined {
  const value = fields[name]
  if (value !== undefined) {
    const parsed = edtf(value.replace(/\u00a0/g, '~'))
    if (parsed) return parsed
  }
  return oldDate(fields, prefix)
}

function edtf(rawValue: string): CslDate | undefined {
  let text = rawValue
  const slash = text.split('/')
  if (slash.length === 1 && text.includes('u')) text = `${text.replace(/u/g, '0')}/${text.replace(/u/g, '9')}`
  else if (slash.length === 2 && (slash[1] === 'open' || slash[1] === 'unknown')) text = `${slash[0]}/`
  const ranges = text.split('/').map((part) => part.trim())
  const circa = ranges.some((part) => part.endsWith('~'))
  const parts: number[][] = []
  for (const range of ranges) {
    let t = range
    const hasY = t.startsWith('y')
    if (hasY) t = t.slice(1)
    const negative = t.startsWith('-')
    if (negative) t = t.slice(1)
    t = t.replace(/[~?%T].*$/, '')
    if (t === '') {
      parts.push([0])
      continue
    }
    const pieces = t.split('-')
    const [y, m, d] = pieces
    if (pieces.length > 3 || !y || !(y.length === 4 || (hasY && y.length >= 4)) || !/^\d+$/.test(y)) return undefined
    if (m !== undefined && !(m.length === 2 && /^\d+$/.test(m))) return undefined
    if (d !== undefined && !(d.length === 2 && /^\d+$/.test(d))) return undefined
    const year = negative ? -Number(y) - 1 : Number(y)
    parts.push([year, ...(m !== undefined ? [Number(m)] : []), ...(d !== undefined ? [Number(d)] : [])])
  }
  return circa ? {'date-parts': parts, circa: true} : {'date-parts': parts}
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec']

function readInt(text: string | undefined): number | undefined {
  if (text === undefined) return undefined
  const trimmed = text.trim()
  return /^-?\d+$/.test(trimmed) ? Number(trimmed) : undefined
}

function parseMonth(text: string | undefined): number | undefined {
  if (text === undefined) return undefined
  const index = MONTHS.indexOf(text.toLowerCase())
  return index !== -1 ? index + 1 : readInt(text)
}

/** A negative (BC) year may be written with `--`. */
const fixLeadingDash = (text: string): string => text.replace(/^[–—](?=\d)/, '-')

function oldDate(fields: Record<string, string>, prefix: string): CslDate | undefined {
  const plain = (f: string): string | undefined => (fields[f] === undefined ? undefined : stringify(readLatex(fields[f]!)))
  const year = readInt(plain(`${prefix}year`) && fixLeadingDash(plain(`${prefix}year`)!))
  const month = parseMonth(fields[`${prefix}month`])
  const day = readInt(fields[`${prefix}day`])
  const endyear = readInt(plain(`${prefix}endyear`) && fixLeadingDash(plain(`${prefix}endyear`)!))
  const endmonth = parseMonth(plain(`${prefix}endmonth`))
  const endday = readInt(plain(`${prefix}endday`))
  const toParts = (y: number | undefined, m: number | undefined, d: number | undefined): number[] =>
    y === undefined ? [] : m === undefined ? [y] : d === undefined ? [y, m] : [y, m, d]
  const parts = [toParts(year, month, day), toParts(endyear, endmonth, endday)].filter((p) => p.length > 0)
  if (parts.length > 0) return {'date-parts': parts}
  const literal = fields[`${prefix}year`]
  return literal === undefined ? undefined : {literal}
}

/** BibLaTeX entry types as Pandoc maps them to CSL types (articles and `@unpublished` depend on fields). */
const TYPES: Record<string, string> = {
  book: 'book', booklet: 'pamphlet', bookinbook: 'chapter', collection: 'book', dataset: 'dataset', electronic: 'webpage',
  inbook: 'chapter', incollection: 'chapter', inreference: 'entry-encyclopedia', inproceedings: 'paper-conference',
  manual: 'book', mastersthesis: 'thesis', misc: '', mvbook: 'book', mvcollection: 'book', mvproceedings: 'book',
  mvreference: 'book', online: 'webpage', patent: 'patent', phdthesis: 'thesis', proceedings: 'book', reference: 'book',
  report: 'report', software: 'book', suppbook: 'chapter', suppcollection: 'chapter', techreport: 'report', thesis: 'thesis',
  www: 'webpage', artwork: 'graphic', audio: 'song', commentary: 'book', image: 'graphic', jurisdiction: 'legal_case',
  legislation: 'legislation', legal: 'treaty', letter: 'personal_communication', movie: 'motion_picture', music: 'song',
  performance: 'speech', review: 'review', standard: 'legislation', video: 'motion_picture', data: 'dataset',
  letters: 'personal_communication', newsarticle: 'article-newspaper'
}

/** Pandoc's `getTypeAndGenre`. */
function typeAndGenre(entry: Entry, language: string): [string, string | undefined] {
  const {fields} = entry
  const et = entry.type
  const reftypeField = fields.type !== undefined ? resolveKey(language, fields.type) : ''
  const st = fields.entrysubtype ?? ''
  const isEvent = fields.eventdate !== undefined || fields.eventtitle !== undefined || fields.venue !== undefined
  const periodical = st === 'magazine' ? 'article-magazine' : st === 'newspaper' ? 'article-newspaper' : 'article-journal'
  let type: string
  if (et === 'article' || et === 'periodical' || et === 'suppperiodical') type = periodical
  else if (et === 'unpublished') type = isEvent ? 'speech' : 'manuscript'
  else type = TYPES[et] ?? ''
  let genre: string | undefined
  if (et === 'mastersthesis') genre = reftypeField || resolveKey(language, 'mathesis')
  else if (et === 'phdthesis') genre = reftypeField || resolveKey(language, 'phdthesis')
  else genre = reftypeField || undefined
  return [type, genre]
}

/** Entry types Pandoc maps; others are read as `misc` (and warned about). */
export function isKnownType(type: string): boolean {
  return KNOWN_TYPES.has(type)
}
const KNOWN_TYPES = new Set([
  'article', 'book', 'booklet', 'bookinbook', 'collection', 'dataset', 'electronic', 'inbook', 'incollection', 'inreference',
  'inproceedings', 'conference', 'manual', 'mastersthesis', 'misc', 'mvbook', 'mvcollection', 'mvproceedings', 'mvreference', 'online',
  'patent', 'periodical', 'phdthesis', 'proceedings', 'reference', 'report', 'software', 'suppbook', 'suppcollection',
  'suppperiodical', 'techreport', 'thesis', 'unpublished', 'www', 'artwork', 'audio', 'commentary', 'image', 'jurisdiction',
  'legislation', 'legal', 'letter', 'movie', 'music', 'performance', 'review', 'standard', 'video', 'data', 'letters',
  'newsarticle', 'set', 'xdata', 'customa', 'customb', 'customc', 'customd', 'custome', 'customf', 'bibnote'
])

/** Pandoc's `resolveCrossRefs`: fields inherited from `crossref` and `xdata` parents, renamed by BibLaTeX's rules. */
export function resolveCrossRefs(entries: readonly Entry[], bibtex: boolean): Entry[] {
  const byKey = new Map<string, Entry>()
  for (const entry of entries) if (!byKey.has(entry.key)) byKey.set(entry.key, entry)
  return entries.map((entry) => resolveCrossRef(entry, byKey, bibtex))
}

const splitKeys = (text: string): string[] => text.split(/[ ,]/).filter(Boolean)

function resolveCrossRef(entry: Entry, byKey: Map<string, Entry>, bibtex: boolean): Entry {
  let fields = entry.fields
  // Pandoc folds over the sorted field names from the right: `xdata` first, then `crossref`; a field already there wins.
  for (const k of ['xdata', 'crossref']) {
    const v = entry.fields[k]
    if (v === undefined) continue
    const inherited = xrefFields(entry, byKey, v, bibtex, 0)
    const added: Record<string, string> = {}
    // Map.fromList: of two inherited values, the later wins.
    for (const [name, value] of inherited) added[name] = value
    fields = {...added, ...fields}
  }
  return fields === entry.fields ? entry : {...entry, fields}
}

function xrefFields(base: Entry, byKey: Map<string, Entry>, keys: string, bibtex: boolean, depth: number): Array<[string, string]> {
  if (depth > 8) return []
  const out: Array<[string, string]> = []
  for (const key of splitKeys(keys)) {
    const parent = byKey.get(key)
    if (!parent) continue
    for (const [k, v] of Object.entries(parent.fields).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      if (k === 'crossref' || k === 'xdata') {
        for (const [x, y] of xrefFields(base, byKey, v, bibtex, depth + 1)) if (parent.fields[x] === undefined) out.push([x, y])
      } else {
        for (const target of bibtex ? [k] : transformKey(parent.type, base.type, k)) if (base.fields[target] === undefined) out.push([target, v])
      }
    }
  }
  return out
}

const NEVER_INHERITED = new Set(['ids', 'crossref', 'xref', 'entryset', 'entrysubtype', 'execute', 'label', 'options', 'presort', 'related', 'relatedoptions', 'relatedstring', 'relatedtype', 'shorthand', 'shorthandintro', 'sortkey'])

function transformKey(source: string, target: string, key: string): string[] {
  if (NEVER_INHERITED.has(key)) return []
  if (key === 'author' && ['mvbook', 'book'].includes(source) && ['inbook', 'bookinbook', 'suppbook'].includes(target)) return ['bookauthor', 'author']
  if (key === 'author' && source === 'mvbook' && target === 'book') return ['bookauthor', 'author']
  if (source === 'mvbook' && ['book', 'inbook', 'bookinbook', 'suppbook'].includes(target)) return renamed(key, 'main')
  if (['mvcollection', 'mvreference'].includes(source) && ['collection', 'reference', 'incollection', 'inreference', 'suppcollection'].includes(target)) return renamed(key, 'main')
  if (source === 'mvproceedings' && ['proceedings', 'inproceedings'].includes(target)) return renamed(key, 'main')
  if (source === 'book' && ['inbook', 'bookinbook', 'suppbook'].includes(target)) return renamed(key, 'book')
  if (['collection', 'reference'].includes(source) && ['incollection', 'inreference', 'suppcollection'].includes(target)) return renamed(key, 'book')
  if (source === 'proceedings' && target === 'inproceedings') return renamed(key, 'book')
  if (source === 'periodical' && ['article', 'suppperiodical'].includes(target)) {
    if (key === 'title') return ['journaltitle']
    if (key === 'subtitle') return ['journalsubtitle']
    if (['shorttitle', 'sorttitle', 'indextitle', 'indexsorttitle'].includes(key)) return []
    return [key]
  }
  return [key]
}

function renamed(key: string, prefix: 'main' | 'book'): string[] {
  if (key === 'title' || key === 'subtitle' || key === 'titleaddon') return [prefix + key]
  if (['shorttitle', 'sorttitle', 'indextitle', 'indexsorttitle'].includes(key)) return []
  return [key]
}

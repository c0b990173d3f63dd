/**
 * Normalise references written the way Pandoc accepts them in YAML
 * (`references:` in front matter, `.yaml` files) into CSL-JSON:
 * dates as `2004`, `{year: 2004}`, `"2004-03-01"`; a name as a string or a
 * single object; Markdown in titles; variable names in any case.
 */
import type {CslItem} from './csl-item.js'
import {markdownToCiteproc, smart} from '../cite/inline-markup.js'

const NAME_FIELDS = new Set([
  'author', 'editor', 'translator', 'container-author', 'collection-editor', 'composer',
  'director', 'editorial-director', 'illustrator', 'interviewer', 'original-author',
  'recipient', 'reviewed-author', 'chair', 'compiler', 'contributor', 'curator',
  'executive-producer', 'guest', 'host', 'narrator', 'organizer', 'performer', 'producer', 'script-writer', 'series-creator'
])
const DATE_FIELDS = new Set(['issued', 'accessed', 'event-date', 'original-date', 'submitted', 'available-date'])
const RICH_FIELDS = /title|note|publisher|event|genre|medium|collection|archive|abstract|edition|status|dimensions|references|section|version/
/** Numbers and ranges: `163--193` is Markdown for `163–193`, a range citeproc-js can shorten. */
const NUMBER_FIELDS = new Set(['page', 'volume', 'issue', 'number', 'chapter-number', 'collection-number', 'part-number', 'supplement-number', 'number-of-pages', 'number-of-volumes', 'locator'])

/** CSL's upper-case variables; Pandoc reads variable names in any case (`url` is `URL`). */
const UPPER_CASE = new Set(['doi', 'isbn', 'issn', 'pmcid', 'pmid', 'url'])

function variableName(field: string): string {
  const lower = field.toLowerCase()
  return UPPER_CASE.has(lower) ? lower.toUpperCase() : lower
}

/** Throws a plain Error with a readable reason; callers add the place. */
export function normalizeReference(raw: unknown, index: number): CslItem {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new Error(`reference ${index + 1} is not a mapping (id, type, title, …)`)
  }
  const input = raw as Record<string, unknown>
  const id = input.id ?? input['citation-key']
  if (id === undefined || id === null || id === '') throw new Error(`reference ${index + 1} has no \`id\``)
  // YAML strings are Markdown in Pandoc: `timmory\_\_justice` is `timmory__justice`.
  const item: CslItem = {id: String(id).replace(/\\([!-/:-@[-`{-~])/g, '$1')}
  for (const [name, value] of Object.entries(input)) {
    const field = variableName(name)
    if (field === 'id' || value === null || value === undefined) continue
    if (NAME_FIELDS.has(field)) item[field] = names(value)
    else if (DATE_FIELDS.has(field)) item[field] = date(value)
    else if (typeof value === 'string' && NUMBER_FIELDS.has(field)) item[field] = smart(value)
    else if (typeof value === 'string' && RICH_FIELDS.test(field)) item[field] = markdownToCiteproc(value)
    else if (typeof value === 'number') item[field] = String(value)
    else item[field] = value
  }
  if (typeof item.type !== 'string') item.type = 'document'
  return item
}

function names(value: unknown): unknown[] {
  const list = Array.isArray(value) ? value : [value]
  return list.map((name) => {
    if (typeof name === 'string') return {literal: name}
    if (name && typeof name === 'object') {
      const copy: Record<string, unknown> = {...(name as Record<string, unknown>)}
      for (const part of ['family', 'given', 'literal', 'suffix', 'dropping-particle', 'non-dropping-particle']) {
        const v = copy[part]
        if (Array.isArray(v)) copy[part] = v.join(' ')
        else if (typeof v === 'number') copy[part] = String(v)
      }
      return copy
    }
    return {literal: String(name)}
  })
}

function dateParts(value: Record<string, unknown>): Array<number | string> {
  const parts: Array<number | string> = []
  // A season without a month: citeproc-js reads months 13-16 as seasons (ranges too).
  if (value.month === undefined && value.season !== undefined && /^[1-4]$/.test(String(value.season))) {
    value = {...value, month: 12 + Number(value.season)}
  }
  for (const key of ['year', 'month', 'day']) {
    const v = value[key]
    if (v === undefined || v === null || v === '') break
    parts.push(typeof v === 'number' ? v : /^-?\d+$/.test(String(v)) ? Number(v) : String(v))
  }
  return parts
}

function fromString(text: string): Record<string, unknown> {
  // EDTF-ish: 2004, 2004-03, 2004-03-01, ranges with `/`, uncertain `?`/`~`.
  const trimmed = text.trim()
  const ranges = trimmed.split('/')
  const parsed = ranges.map((part) => /^(-?\d{1,4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?[?~%]?$/.exec(part.trim()))
  if (parsed.every((m) => m)) {
    const result: Record<string, unknown> = {
      'date-parts': parsed.map((m) => m!.slice(1).filter((p): p is string => p !== undefined).map(Number))
    }
    if (/[?~%]$/.test(trimmed)) result.circa = true
    return result
  }
  return {literal: trimmed}
}

function date(value: unknown): unknown {
  if (typeof value === 'number') return {'date-parts': [[value]]}
  if (typeof value === 'string') return fromString(value)
  if (Array.isArray(value)) {
    const parts = value.map((v) => (v && typeof v === 'object' ? dateParts(v as Record<string, unknown>) : [Number(v)]))
    return {'date-parts': parts}
  }
  if (value && typeof value === 'object') {
    const object = value as Record<string, unknown>
    if ('date-parts' in object || 'literal' in object || 'raw' in object) return object
    const result: Record<string, unknown> = {'date-parts': [dateParts(object)]}
    if (object.season !== undefined) result.season = object.season
    if (object.circa !== undefined) result.circa = object.circa
    return result
  }
  return value
}

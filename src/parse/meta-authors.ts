/**
 * Authors from front matter, in the forms Pandoc users write them in:
 *
 *     author: Jane Doe                                    Pandoc
 *     author: [Jane Doe, John Roe]
 *     author:                                             Pandoc templates,
 *       - name: Jane Doe                                  Quarto
 *         affiliation: Uni A        (or `affiliations:`, a list; Quarto's
 *         email: jd@example.org      entries may be `{name: …}` or
 *         orcid: 0000-0002-1825-0097 `{ref: id}` into `affiliations:`)
 *         corresponding: true
 *     author:                                             pandoc-scholar
 *       - Jane Doe:
 *           institute: [a, b]       (ids into `institute:`)
 *           orcid: …
 *     institute:
 *       - a: Uni A
 *       - b: {name: Uni B, address: …}
 *     authors:                                            Manubot, JOSS
 *       - name: Jane Doe                                  (`affiliation: "1, 2"`
 *         affiliation: "1, 2"                              into `affiliations:`
 *     affiliations: [{name: Uni A, index: 1}, …]          by `index:`)
 *     authors:
 *       - name: Jane Doe
 *         affiliations: [Uni A]
 *
 * Pandoc reads any metadata; templates use what they know. So does this:
 * an entry it cannot read is reported (an info) and left out, never a
 * failure.
 */
import type {Author} from '../types.js'

/** Affiliations by id, from `institute:` (pandoc-scholar) and `affiliations:` (Quarto). */
export type Institutes = Map<string, string>

export interface AuthorsRead {
  authors: Author[]
  /** Indexes of entries that could not be read, each with why. */
  skipped: Array<{index: number; reason: string}>
}

const ORCID = /(\d{4}-\d{4}-\d{4}-\d{3}[\dX])/

/** Reads `institute:` or `affiliations:` (a map of id to name, or a list of such maps or of `{id, name}`). */
export function readInstitutes(...values: unknown[]): Institutes {
  const out: Institutes = new Map()
  const add = (id: unknown, value: unknown): void => {
    const name = institutionName(value)
    if (id !== undefined && id !== null && name) out.set(String(id), name)
  }
  for (const value of values) {
    if (Array.isArray(value)) {
      for (const entry of value) {
        if (!isRecord(entry)) continue
        // Quarto writes `id:`; JOSS (Open Journals) `index:`.
        if ('id' in entry || 'index' in entry) add(entry.id ?? entry.index, entry)
        else for (const [id, name] of Object.entries(entry)) add(id, name)
      }
    } else if (isRecord(value)) {
      for (const [id, name] of Object.entries(value)) add(id, name)
    }
  }
  return out
}

/** Reads `author` (or Manubot's `authors`) in any of the forms above. */
export function readAuthors(value: unknown, institutes: Institutes): AuthorsRead {
  const list = Array.isArray(value) ? value : [value]
  const authors: Author[] = []
  const skipped: AuthorsRead['skipped'] = []
  list.forEach((entry, index) => {
    const author = readAuthor(entry, institutes)
    if (typeof author === 'string') skipped.push({index, reason: author})
    else authors.push(author)
  })
  return {authors, skipped}
}

function readAuthor(entry: unknown, institutes: Institutes): Author | string {
  if (typeof entry === 'string' || typeof entry === 'number') return {name: String(entry).trim(), affiliations: []}
  if (!isRecord(entry)) return 'an author is a name or a map with `name:`'
  let name = personName(entry.name)
  let details: Record<string, unknown> = entry
  if (name === undefined) {
    // pandoc-scholar: `- Jane Doe: {institute: a, orcid: …}`, one key, the name.
    const keys = Object.keys(entry)
    const value = keys.length === 1 ? entry[keys[0]!] : undefined
    if (keys.length !== 1 || !(value === null || isRecord(value))) return 'an author map needs `name:` (or is `Name: {details}`, as pandoc-scholar writes it)'
    name = keys[0]!
    details = value ?? {}
  }
  const author: Author = {name, affiliations: affiliations(details, institutes)}
  const email = scalar(details.email)
  if (email) author.email = email
  const orcid = ORCID.exec(scalar(details.orcid) ?? '')?.[1]
  if (orcid) author.orcid = orcid
  const attributes = isRecord(details.attributes) ? details.attributes : {}
  if (truthy(details.corresponding) || truthy(details.correspondence) || truthy(attributes.corresponding)) author.corresponding = true
  return author
}

/** A name as text, or as Quarto's and CSL's `{given, family}` / `{literal}`. */
function personName(value: unknown): string | undefined {
  const text = scalar(value)
  if (text !== undefined) return text.trim() || undefined
  if (!isRecord(value)) return undefined
  const literal = scalar(value.literal)
  if (literal) return literal
  const parts = [value.given, value['dropping-particle'], value['non-dropping-particle'], value.family, value.suffix].map(scalar).filter(Boolean)
  return parts.length > 0 ? parts.join(' ') : undefined
}

function affiliations(details: Record<string, unknown>, institutes: Institutes): string[] {
  const out: string[] = []
  for (const key of ['affiliation', 'affiliations', 'institute', 'institutes']) {
    const value = details[key]
    if (value === undefined || value === null) continue
    for (const entry of Array.isArray(value) ? value : [value].flatMap(ids(institutes))) {
      const id = scalar(entry) ?? (isRecord(entry) ? scalar(entry.ref) : undefined)
      const name = id !== undefined ? (institutes.get(id) ?? id) : institutionName(entry)
      if (name && !out.includes(name)) out.push(name)
    }
  }
  return out
}

/** JOSS's `affiliation: "1, 2"`: several ids in one text, when each is one. */
function ids(institutes: Institutes): (value: unknown) => unknown[] {
  return (value) => {
    const text = scalar(value)
    if (text === undefined || !text.includes(',')) return [value]
    const parts = text.split(',').map((part) => part.trim())
    return parts.every((part) => institutes.has(part)) ? parts : [value]
  }
}

/** An institution's name: text, or a map with `name:` (Quarto, pandoc-scholar). */
function institutionName(value: unknown): string | undefined {
  const text = scalar(value)
  if (text !== undefined) return text.trim() || undefined
  return isRecord(value) ? scalar(value.name)?.trim() || undefined : undefined
}

function scalar(value: unknown): string | undefined {
  return typeof value === 'string' || typeof value === 'number' ? String(value) : undefined
}

function truthy(value: unknown): boolean {
  return value === true || value === 'true' || value === 'yes'
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date)
}

/**
 * RIS records -> CSL-JSON, as Pandoc's RIS reader (`Text.Pandoc.Readers.RIS`)
 * maps them where it and citation-js differ. citation-js's RIS plugin reads
 * the records and most tags; then, from the record's own tags:
 * - `ID`, or Pandoc's key when there is none: the authors' family names and
 *   the `PY` value joined by `_` (`Smith_Doe_2006`), `a`, `b`… added to repeats;
 * - `T2` is the container title (the proceedings of a `CPAPER`, the book of a
 *   `CHAP`), never the event; `BT` too. On a whole book (`BOOK`, `EDBOOK`,
 *   `EBOOK`) `T2` stays the series, as the RIS specification defines it
 *   (Pandoc makes it the container: "In Series");
 * - a `CPAPER`'s `CY` is the place its proceedings were published;
 * - `A2` and `ED` are editors, never collection editors;
 * - `PY`/`Y1` (`2006//`, `2006/05/01/Spring`) are dates for every type, read
 *   by the RIS rule `YYYY/MM/DD/other`; what is not a date stays literal;
 * - a DOI in `M3` (where Zotero puts it for some types) is the DOI, not the
 *   genre; on a thesis `M3` is its genre ("Doctoral dissertation").
 */
export interface RisRecord {
  /** 1-based line of its `TY` tag. */
  line: number
  tags: Array<[tag: string, value: string]>
}

const TAG = /^([A-Z][A-Z0-9]) {2}-(?: (.*))?$/

/** The records of a RIS file, each with its tags in order. */
export function risRecords(text: string): RisRecord[] {
  const records: RisRecord[] = []
  let current: RisRecord | undefined
  text.split(/\r?\n/).forEach((raw, index) => {
    const match = TAG.exec(raw.replace(/^\uFEFF/, '').trimEnd())
    if (!match) return
    const [, tag, value = ''] = match
    if (tag === 'TY') {
      current = {line: index + 1, tags: []}
      records.push(current)
    }
    if (!current) return
    if (tag === 'ER') current = undefined
    else current.tags.push([tag!, value.trim()])
  })
  return records
}

const WHOLE_BOOKS = new Set(['BOOK', 'EDBOOK', 'EBOOK'])

const DOI = /^(?:https?:\/\/(?:dx\.)?doi\.org\/|doi:\s*)?(10\.\d{4,9}\/\S+)$/i

/** citation-js's items, one per record in order, corrected by their records' tags. */
export function fromRecords(items: Array<Record<string, unknown>>, records: RisRecord[]): Array<Record<string, unknown>> {
  const seen = new Map<string, number>()
  return items.map((item, index) => {
    const record = records[index]
    if (!record) return item
    const all = (...tags: string[]): string[] => record.tags.filter(([tag, value]) => tags.includes(tag) && value !== '').map(([, value]) => value)
    const type = all('TY')[0] ?? ''
    const out: Record<string, unknown> = {...item}
    // The key.
    let id = all('ID')[0]
    if (id === undefined) {
      const authors = all('AU', 'A1').map((name) => /^[^,\s]*/.exec(name)![0])
      id = authors.join('_') + all('PY', 'Y1').map((date) => `_${date}`).join('')
      const n = seen.get(id)
      seen.set(id, n === undefined ? 97 : n + 1)
      if (n !== undefined) id += String.fromCharCode(n)
    }
    out.id = id
    // Containers.
    const containers = WHOLE_BOOKS.has(type) ? [] : [...all('T2'), ...all('BT')]
    const series = WHOLE_BOOKS.has(type) ? all('T2') : []
    if (series.length > 0) {
      if (out['container-title'] === series[0]) delete out['container-title']
      out['collection-title'] = series[0]
    }
    if (containers.length > 0) {
      for (const field of ['event-title', 'event', 'collection-title'] as const) {
        if (containers.includes(String(out[field] ?? ''))) delete out[field]
      }
      out['container-title'] = containers[containers.length - 1]
    }
    // A conference paper's `CY` is where the proceedings were published (citation-js: the event's place).
    if ((type === 'CPAPER' || type === 'CONF') && out['event-title'] === undefined && out['event-place'] !== undefined) {
      out['publisher-place'] ??= out['event-place']
      delete out['event-place']
    }
    // Editors.
    const editors = all('A2', 'ED')
    if (editors.length > 0) {
      const named = new Set(editors.map((name) => name.replace(/\s+/g, ' ')))
      const byName = (list: unknown): Array<Record<string, unknown>> => (Array.isArray(list) ? (list as Array<Record<string, unknown>>) : [])
      const isEditor = (name: Record<string, unknown>): boolean => named.has(risName(name))
      const moved = byName(out['collection-editor']).filter(isEditor)
      if (moved.length > 0) {
        const rest = byName(out['collection-editor']).filter((name) => !isEditor(name))
        if (rest.length > 0) out['collection-editor'] = rest
        else delete out['collection-editor']
        out.editor = [...byName(out.editor).filter((name) => !moved.some((m) => risName(m) === risName(name))), ...moved]
      }
    }
    // The date.
    const date = all('PY', 'Y1', 'DA')[0]
    const issued = out.issued as {'date-parts'?: unknown; raw?: unknown} | undefined
    if (date !== undefined && (!issued || !Array.isArray(issued['date-parts']))) out.issued = risDate(date)
    // A DOI in M3.
    const m3 = all('M3').map((value) => DOI.exec(value)?.[1]).find(Boolean)
    if (m3) {
      if (out.genre !== undefined && DOI.test(String(out.genre))) delete out.genre
      out.DOI ??= m3
    } else if (type === 'THES' && all('M3').length > 0) {
      // The thesis type ("Doctoral dissertation"), which citation-js drops.
      out.genre ??= all('M3')[0]
    }
    return out
  })
}

/** A CSL name as RIS writes it (`Family, Given`), to match the tags. */
function risName(name: Record<string, unknown>): string {
  if (typeof name.literal === 'string') return name.literal
  return [name.family, name.given].filter((part) => typeof part === 'string' && part !== '').join(', ')
}

/** `YYYY/MM/DD/other`, `YYYY`, `YYYY-MM-DD`: a CSL date; anything else is literal. */
export function risDate(value: string): Record<string, unknown> {
  const match = /^(\d{4})(?:[/-](\d{1,2})?(?:[/-](\d{1,2})?(?:\/(.*))?)?)?$/.exec(value.trim())
  if (!match) return {literal: value}
  const parts = [Number(match[1])]
  const month = Number(match[2] ?? 0)
  const day = Number(match[3] ?? 0)
  if (month >= 1 && month <= 12) {
    parts.push(month)
    if (day >= 1 && day <= 31) parts.push(day)
  }
  return {'date-parts': [parts]}
}

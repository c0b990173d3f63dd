/**
 * Split a citation suffix into locator, label and the rest, as Pandoc does
 * (`Citeproc/Locator.hs`): `{label value}` overrides; otherwise the longest
 * locale term (`p.`, `chap.`, `§`) names the label, and a bare number is a page.
 */

export const LOCATOR_LABELS = [
  'book', 'chapter', 'column', 'figure', 'folio', 'issue', 'line', 'note', 'opus', 'page',
  'number-of-pages', 'paragraph', 'part', 'section', 'sub-verbo', 'verse', 'volume'
] as const

/** term text (lower case) -> CSL label */
export type LocatorTerms = Map<string, string>

export interface Located {
  locator?: string | undefined
  label?: string | undefined
  suffix: string
}

type Terms = Record<string, Record<string, string | string[]> | undefined>

/** Build the term table from citeproc-js locale terms (several locales may be merged). */
export function locatorTerms(...localeTerms: Terms[]): LocatorTerms {
  const map: LocatorTerms = new Map()
  for (const terms of localeTerms) {
    for (const label of LOCATOR_LABELS) {
      const forms = terms[label]
      if (!forms) continue
      for (const form of Object.values(forms)) {
        for (const text of Array.isArray(form) ? form : [form]) {
          const key = String(text).trim().toLowerCase()
          if (key && !map.has(key)) map.set(key, label)
        }
      }
    }
  }
  return map
}

function matchLabel(text: string, terms: LocatorTerms): [string, number] | undefined {
  const lower = text.toLowerCase()
  let best: [string, number] | undefined
  for (const [term, label] of terms) {
    if (!lower.startsWith(term)) continue
    if (best && term.length <= best[1]) continue
    const next = text.charAt(term.length)
    // A term ending in a letter must end a word: `p 3`, not `part` as `p`.
    if (/\p{L}$/u.test(term) && /\p{L}/u.test(next)) continue
    best = [label, term.length]
  }
  return best
}

/** Read one locator unit: digits, letters, `-–:.`, balanced brackets; no spaces. */
function readUnit(text: string, from: number): number {
  let i = from
  const stack: string[] = []
  const pairs: Record<string, string> = {'(': ')', '[': ']', '{': '}'}
  while (i < text.length) {
    const c = text.charAt(i)
    if (c in pairs) {
      stack.push(pairs[c]!)
    } else if (stack.length > 0 && c === stack[stack.length - 1]) {
      stack.pop()
    } else if (stack.length === 0 && !/[\p{L}\p{N}\-–:.]/u.test(c)) {
      break
    } else if (stack.length > 0 && /\s/.test(c)) {
      return from
    }
    i++
  }
  if (stack.length > 0) return from
  // A unit does not end with a period (`33.` ends a sentence).
  while (i > from && text.charAt(i - 1) === '.') i--
  return i
}

const ROMAN = /^[ivxlcdm]+$/i

function unitOk(unit: string, labelled: boolean): boolean {
  if (/\d/.test(unit)) return true
  return labelled && (ROMAN.test(unit) || /^\p{L}$/u.test(unit))
}

/** Parse `value` units starting at `from`; returns [locator, end]. */
function readValue(text: string, from: number, labelled: boolean): [string, number] | undefined {
  let end = readUnit(text, from)
  let unit = text.slice(from, end)
  if (!unit || !unitOk(unit, labelled)) return undefined
  let value = unit
  for (;;) {
    const more = /^,\s*/.exec(text.slice(end))
    if (!more) break
    const start = end + more[0].length
    const next = readUnit(text, start)
    unit = text.slice(start, next)
    if (!unit || !unitOk(unit, labelled)) break
    value += text.slice(end, start) + unit
    end = next
  }
  return [value, end]
}

function balancedBrace(text: string, from: number): number {
  let depth = 0
  for (let i = from; i < text.length; i++) {
    const c = text.charAt(i)
    if (c === '{' || c === '[') depth++
    else if (c === '}' || c === ']') {
      depth--
      if (depth === 0) return i
    }
  }
  return -1
}

/**
 * Emphasis around a locator's first unit (`p. **32**`) is read as the unit:
 * the locator is plain text to citeproc-js, so the emphasis is dropped.
 */
function unwrapEmphasis(text: string): string {
  return text.replace(/^(\s*)(\*{1,3}|_{1,3})([^\s*_](?:[^*_]*[^\s*_])?)\2(?=$|[\s,;.:)\]])/, '$1$3')
}

export function parseLocator(suffix: string, terms: LocatorTerms): Located {
  // Explicit `{label value}`: directly after the key, or first in the suffix.
  const explicit = /^(\s*,?\s*)\{/.exec(suffix)
  if (explicit) {
    const open = explicit[0].length - 1
    const close = balancedBrace(suffix, open)
    if (close > open) {
      const inner = suffix.slice(open + 1, close).trim()
      const rest = suffix.slice(close + 1)
      if (inner === '') return {suffix: rest}
      const label = matchLabel(inner, terms)
      if (label) return {label: label[0], locator: inner.slice(label[1]).trim(), suffix: rest}
      return {label: 'page', locator: inner, suffix: rest}
    }
  }
  const lead = /^\s*,?\s*/.exec(suffix)![0]
  const body = unwrapEmphasis(suffix.slice(lead.length))
  const label = matchLabel(body, terms)
  if (label) {
    const after = unwrapEmphasis(body.slice(label[1]))
    const gap = /^\s*/.exec(after)![0]
    const value = readValue(after, gap.length, true)
    if (value) {
      return {label: label[0], locator: value[0], suffix: after.slice(value[1])}
    }
  } else if (/^\d/.test(body)) {
    const value = readValue(body, 0, false)
    if (value) return {label: 'page', locator: value[0], suffix: body.slice(value[1])}
  }
  if (suffix.trim() === '') return {suffix: ''}
  // No locator: a suffix that starts with a word gets a comma, as in Pandoc.
  return {suffix: /^[\s\p{P}]/u.test(suffix) ? suffix : ', ' + suffix}
}

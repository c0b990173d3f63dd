import type {Point, Position} from 'unist'
import {VFileMessage} from 'vfile-message'

export interface HandoutErrorOptions {
  ruleId: string
  /** The file the problem is in (a bibliography, a style, a packet file); default: the document being built. */
  file?: string | undefined
  /** Where in that file: a point or a range, 1-based. */
  place?: Point | Position | undefined
  /** How to fix it, printed below the message. */
  note?: string | undefined
  /** What was probably meant (the closest known names), best first. */
  expected?: string[] | undefined
}

/**
 * User-facing errors: thrown for bad input, printed without a stack trace as
 * `file:line:column  error  message`, so editors can jump to the place.
 */
export class HandoutError extends Error {
  readonly ruleId: string
  readonly file: string | undefined
  readonly place: Point | Position | undefined
  readonly note: string | undefined
  readonly expected: string[] | undefined

  constructor(message: string, options: HandoutErrorOptions) {
    super(message)
    this.name = 'HandoutError'
    this.ruleId = options.ruleId
    this.file = options.file
    this.place = options.place
    this.note = options.note
    this.expected = options.expected
  }

  override toString(): string {
    const start = this.place && 'start' in this.place ? this.place.start : this.place
    const where = [this.file, start?.line, start?.line ? start.column : undefined].filter((part) => part !== undefined).join(':')
    return `${where ? where + ': ' : ''}${this.message}`
  }
}

/** A 1-based point. */
/** A HandoutError as a fatal message, in its own file (a .bib, a style, a packet file) or else in `file`. */
export function toFatalMessage(error: HandoutError, file: string | undefined): VFileMessage {
  const message = new VFileMessage(error.message, {ruleId: error.ruleId, source: 'handout', place: error.place})
  message.fatal = true
  message.file = error.file ?? file
  if (error.note) message.note = error.note
  if (error.expected?.length) message.expected = error.expected
  return message
}

export function point(line: number, column = 1): Point {
  return {line, column}
}

export function isHandoutError(error: unknown): error is HandoutError {
  return error instanceof HandoutError
}

/** The closest candidates to `value` by edit distance, best first. */
export function closest(value: string, candidates: Iterable<string>, count = 3): string[] {
  const scored: Array<[number, string]> = []
  const lower = value.toLowerCase()
  for (const candidate of candidates) {
    const distance = editDistance(lower, candidate.toLowerCase())
    const limit = Math.max(2, Math.floor(Math.max(value.length, candidate.length) / 3))
    if (distance <= limit || candidate.toLowerCase().includes(lower) || lower.includes(candidate.toLowerCase()))
      scored.push([distance, candidate])
  }
  scored.sort((a, b) => a[0] - b[0] || a[1].localeCompare(b[1]))
  return scored.slice(0, count).map((entry) => entry[1])
}

/**
 * Edit distance with a swap of two neighbouring characters counted as one
 * edit (optimal string alignment): `krystal2091` is one edit from
 * `krystal2019`, two from `krystal2013`.
 */
export function editDistance(a: string, b: string): number {
  let before: number[] = []
  let previous = Array.from({length: b.length + 1}, (_, j) => j)
  for (let i = 1; i <= a.length; i++) {
    const current = [i]
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1
      let best = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost)
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, before[j - 2]! + 1)
      current.push(best)
    }
    before = previous
    previous = current
  }
  return previous[b.length]!
}

/** "did you mean `a`, `b`?" (or an empty string) for `found`, the closest names. */
export function didYouMeanOf(found: readonly string[]): string {
  return found.length > 0 ? `did you mean ${found.map((c) => '`' + c + '`').join(', ')}?` : ''
}

/** The first line of an error's message (a library's error may go on with a stack or a dump). */
export function firstLine(error: unknown): string {
  return String((error as Error)?.message ?? error).split('\n')[0]!
}

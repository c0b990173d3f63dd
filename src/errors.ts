/**
 * User-facing errors: thrown for bad input, printed without a stack trace.
 * `place` is `file:line:column` (or `file`) so editors can jump to it.
 */
export class HandoutError extends Error {
  readonly ruleId: string
  readonly place: string | undefined

  constructor(message: string, options: {ruleId: string; place?: string | undefined}) {
    super(message)
    this.name = 'HandoutError'
    this.ruleId = options.ruleId
    this.place = options.place
  }

  override toString(): string {
    return `${this.place ? this.place + ': ' : ''}${this.message}`
  }
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

export function editDistance(a: string, b: string): number {
  const previous = Array.from({length: b.length + 1}, (_, i) => i)
  for (let i = 1; i <= a.length; i++) {
    let diagonal = previous[0]!
    previous[0] = i
    for (let j = 1; j <= b.length; j++) {
      const above = previous[j]!
      previous[j] = Math.min(above + 1, previous[j - 1]! + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1))
      diagonal = above
    }
  }
  return previous[b.length]!
}

/** "did you mean `a`, `b`?" or an empty string. */
export function didYouMean(value: string, candidates: Iterable<string>): string {
  const found = closest(value, candidates)
  return found.length > 0 ? `did you mean ${found.map((c) => '`' + c + '`').join(', ')}?` : ''
}

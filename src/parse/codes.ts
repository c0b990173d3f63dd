/** Character-code tests shared by handout's micromark extensions. */
import type {Code} from 'micromark-util-types'

/** CR, LF or CRLF (micromark's -5, -4, -3). */
export function isLineEnding(code: Code): boolean {
  return code === -5 || code === -4 || code === -3
}

/** A line ending or the end of input. */
export function isEol(code: Code): boolean {
  return code === null || isLineEnding(code)
}

/** Space, tab, or a virtual space (micromark's -2, -1). */
export function isSpace(code: Code): boolean {
  return code === -2 || code === -1 || code === 32
}

/**
 * Bounds on every scan of handout's micromark extensions, so that no input
 * makes parsing slow: a construct that would scan further, or nest deeper,
 * is not that construct (its first character is read as text). Without them a
 * run of unclosed brackets was quadratic (50,000 `[`: 35 s).
 *
 * Each bracket or brace a scan opens but does not close deepens it, and each
 * unclosed `[` is a scan of its own, so at most MAX_NESTING scans pass over
 * any character: parsing stays linear. The lengths are far above what people
 * write (a bracket of thirty citations with prefixes is about 2,000 characters).
 */

/** Brackets or braces nested in one construct (micromark allows 32 parentheses in a link destination). */
export const MAX_NESTING = 32

/** Characters of one bracketed citation, `[see @a, p. 3; …]`. */
export const MAX_CITATION = 4000

/** Characters of a braced key, `@{https://doi.org/…}`. */
export const MAX_KEY = 1000

/** Characters of an inline note, `^[…]`. */
export const MAX_INLINE_NOTE = 20_000

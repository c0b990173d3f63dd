/**
 * Bounds on every scan of handout's micromark extensions, so that no input
 * makes parsing slow: a construct that would scan further, or nest deeper,
 * is not that construct (its first character is read as text). Without them a
 * run of unclosed brackets was quadratic (50,000 `[`: 35 s).
 *
 * Each bracket or brace a scan opens but does not close deepens it, and each
 * unclosed `[` is a scan of its own, so few scans pass over any character
 * (MAX_NESTING, or MAX_CITATION characters long): parsing stays linear. The lengths are far above what people
 * write (a bracket of thirty citations with prefixes is about 2,000 characters).
 */

/**
 * Brackets or braces nested in one construct. A citation's prefix or suffix
 * rarely holds a bracket within a bracket; at 8 levels, 50,000 unclosed
 * brackets parse in 0.4 s (32 levels: 0.6 s).
 */
export const MAX_NESTING = 8

/** Characters of one bracketed citation, `[see @a, p. 3; …]`. */
export const MAX_CITATION = 4000

/** Characters of a braced key, `@{https://doi.org/…}`. */
export const MAX_KEY = 1000

/** Characters of an inline note, `^[…]`. */
export const MAX_INLINE_NOTE = 20_000

/** Characters of one formula, `$…$` or `$$…$$` (a page of aligned equations is about 3,000). */
export const MAX_MATH = 20_000

/** Characters of one raw TeX command with its arguments, or one `\begin{…}…\end{…}` environment. */
export const MAX_RAW_TEX = 20_000

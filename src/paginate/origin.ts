/**
 * The print page's origin. Documents are served to the browser from memory
 * at `https://handout.invalid/<the HTML's absolute path>`, so their relative
 * URLs resolve as they do beside the HTML file; `.invalid` is reserved (RFC
 * 2606) and never resolves, so nothing on it can reach a network. handout's
 * own files (Paged.js, fonts) are under `/.handout/`.
 */
import {sep} from 'node:path'

export const ORIGIN = 'https://handout.invalid'
export const ASSETS = `${ORIGIN}/.handout/`
export const PAGED_URL = `${ASSETS}paged.js`

/** The print page's URL for a file (its absolute path, each segment escaped). */
export function pageUrl(path: string): string {
  return ORIGIN + path.split(sep).map((segment) => encodeURIComponent(segment)).join('/').replace(/^(?!\/)/, '/')
}

/** The absolute path a URL on the origin stands for, or undefined for any other URL. */
export function pathOf(url: string): string | undefined {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return undefined
  }
  if (parsed.origin !== ORIGIN || parsed.pathname.startsWith('/.handout/')) return undefined
  try {
    return decodeURIComponent(parsed.pathname).split('/').join(sep)
  } catch {
    return undefined
  }
}

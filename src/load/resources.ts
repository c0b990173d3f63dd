/**
 * The files a document's HTML loads (images, media, fonts, stylesheets'
 * backgrounds), as the print page will ask for them: pure helpers for
 * render/rehype-resources.ts and the print stage.
 */
import {relative, sep} from 'node:path'

/** What a resource URL is, once classified. */
export type UrlKind = 'none' | 'local' | 'remote' | 'file' | 'script' | 'other'

/**
 * `none`: nothing is fetched (empty, `#fragment`, `data:`, `blob:`, `about:`);
 * `local`: a path, relative or absolute; `remote`: a network URL (`http:`,
 * `https:`, `//host`, `ftp:`, `ws:`…); `file`: a `file:` URL; `script`:
 * `javascript:`; `other`: any other scheme.
 */
export function classifyUrl(url: string): UrlKind {
  const value = url.trim()
  if (value === '' || value.startsWith('#')) return 'none'
  if (value.startsWith('//') || value.startsWith('\\\\')) return 'remote'
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(value)?.[1]?.toLowerCase()
  if (!scheme) return 'local'
  if (scheme === 'data' || scheme === 'blob' || scheme === 'about') return 'none'
  if (scheme === 'file') return 'file'
  if (scheme === 'javascript' || scheme === 'vbscript') return 'script'
  if (['http', 'https', 'ftp', 'ftps', 'ws', 'wss', 'gopher'].includes(scheme)) return 'remote'
  // A Windows drive (`C:\x.png`) is a local path.
  if (/^[a-z]:[\\/]/i.test(value)) return 'local'
  return 'other'
}

/** A local URL's path part, decoded (`fig%201.png?x#y` -> `fig 1.png`); undefined when it cannot be decoded. */
export function urlPath(url: string): string | undefined {
  const path = url.trim().replace(/[?#].*$/, '')
  try {
    return decodeURIComponent(path)
  } catch {
    return undefined
  }
}

/** The query and fragment a local URL ends with (`?v=2#p3`), kept when it is rewritten. */
export function urlSuffix(url: string): string {
  return /[?#].*$/.exec(url.trim())?.[0] ?? ''
}

/** A URL from the folder `from` to the file `to`: relative, `/`-separated, each segment escaped. */
export function relativeUrl(from: string, to: string): string {
  return relative(from, to).split(sep).map((segment) => encodeURIComponent(segment).replace(/%40/g, '@').replace(/%2B/g, '+')).join('/')
}

/** The MIME type of an image's bytes (PNG, JPEG, GIF, WebP, AVIF, SVG), or undefined when it is none of them. */
export function imageType(bytes: Uint8Array): string | undefined {
  const b = bytes
  if (b.length >= 8 && b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47) return 'image/png'
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'image/jpeg'
  if (b.length >= 6 && String.fromCharCode(...b.subarray(0, 6)).match(/^GIF8[79]a$/)) return 'image/gif'
  if (b.length >= 12 && String.fromCharCode(...b.subarray(0, 4)) === 'RIFF' && String.fromCharCode(...b.subarray(8, 12)) === 'WEBP') return 'image/webp'
  if (b.length >= 12 && String.fromCharCode(...b.subarray(4, 12)).match(/^ftypavi[fs]$/)) return 'image/avif'
  const head = Buffer.from(b.subarray(0, 2048)).toString('utf8').replace(/^\uFEFF/, '').replace(/<\?xml[\s\S]*?\?>|<!--[\s\S]*?-->|<!DOCTYPE[^>]*>/gi, '').trimStart()
  if (/^<svg[\s>]/i.test(head)) return 'image/svg+xml'
  return undefined
}

const TYPES: Record<string, string> = {
  png: 'image/png', jpg: 'image/jpeg', jpeg: 'image/jpeg', gif: 'image/gif', webp: 'image/webp', avif: 'image/avif', svg: 'image/svg+xml',
  woff2: 'font/woff2', woff: 'font/woff', ttf: 'font/ttf', otf: 'font/otf',
  css: 'text/css', js: 'text/javascript', mjs: 'text/javascript', html: 'text/html',
  mp4: 'video/mp4', webm: 'video/webm', mp3: 'audio/mpeg', ogg: 'audio/ogg', wav: 'audio/wav', vtt: 'text/vtt', json: 'application/json', txt: 'text/plain'
}

/** The MIME type the print page is told for a file: sniffed for images, else by extension. */
export function contentType(path: string, bytes: Uint8Array): string {
  return imageType(bytes) ?? TYPES[path.split('.').pop()?.toLowerCase() ?? ''] ?? 'application/octet-stream'
}

/** A `url(…)`, `image-set("…")` or `@import "…"` in CSS: the URL as written and its offset. */
export interface CssUrl {
  url: string
  /** Offset of the URL itself (inside the quotes) in the CSS text. */
  offset: number
}

/** Every URL a CSS text loads, comments skipped. */
export function cssUrls(css: string): CssUrl[] {
  // Comments become spaces, so offsets stay those of the original.
  const text = css.replace(/\/\*[\s\S]*?\*\//g, (comment) => comment.replace(/[^\n]/g, ' '))
  const found: CssUrl[] = []
  const pattern = /\burl\(\s*(?:"([^"]*)"|'([^']*)'|([^'")\s]*))\s*\)|@import\s+(?:"([^"]*)"|'([^']*)')|image-set\(\s*(?:"([^"]*)"|'([^']*)')/gi
  for (const match of text.matchAll(pattern)) {
    const index = [1, 2, 3, 4, 5, 6, 7].find((i) => match[i] !== undefined)
    if (index === undefined) continue
    const url = match[index]!
    found.push({url, offset: match.index! + match[0].indexOf(url, match[0].indexOf('(') + 1 || 1)})
  }
  return found
}

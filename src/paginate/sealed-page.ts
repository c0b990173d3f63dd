/**
 * The print page is a sealed room. Every request it makes is answered by
 * handout over the DevTools protocol (request interception), from an
 * allow-list: the document itself (served from memory, at the URL of its HTML
 * on the `.invalid` origin of origin.ts), Paged.js, the print fonts, and the
 * local files the document names inside the project (rehype-resources.ts).
 * Everything else (`http(s):`, `file:`, `ws:`, data the page builds itself
 * from script) is refused and reported. A Content-Security-Policy on the
 * document is the second wall: no frames, objects, workers, forms or `<base>`,
 * and no script but handout's own (a nonce) unless the document opts in with
 * `scripts: true`; with it, scripts run, and the network and file rules hold.
 * Nothing here depends on a shared filesystem: a browser elsewhere (a
 * container, another machine) prints the same.
 */
import {readFileSync} from 'node:fs'
import {createRequire} from 'node:module'
import {dirname, join} from 'node:path'
import type {Access} from '../load/files.js'
import {readChecked} from '../load/files.js'
import {contentType} from '../load/resources.js'
import {ORIGIN, PAGED_URL, pathOf} from './origin.js'

const FAVICON = `${ORIGIN}/favicon.ico`
import type {FontSpec} from './fonts.js'

const require = createRequire(import.meta.url)

/** One document on its way through a tab. */
export interface PrintJob {
  /** The document's URL (origin.ts `pageUrl` of its HTML's path). */
  url: string
  /** The print HTML. */
  html: string
  /** Of handout's own scripts in it. */
  nonce: string
  /** Run the document's own scripts (`scripts: true`). */
  scripts: boolean
  /** Files the page may load (real paths). */
  local: ReadonlySet<string>
  /** For reading them: the project root and size limit. */
  access: Access
  /** Requests refused, in order: the caller reports them. */
  refused: Array<{url: string; type: string}>
}

export interface Answer {
  status: number
  headers: Record<string, string>
  body: Buffer
}

/** The document's Content-Security-Policy. */
export function contentSecurityPolicy(nonce: string, scripts: boolean): string {
  return [
    "default-src 'none'",
    scripts ? "script-src 'self' 'unsafe-inline' 'unsafe-eval'" : `script-src 'nonce-${nonce}'`,
    // Paged.js writes the page's styles as <style> elements.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "media-src 'self' data: blob:",
    "connect-src 'self'",
    "frame-src 'none'",
    "child-src 'none'",
    "worker-src 'none'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "manifest-src 'none'"
  ].join('; ')
}

/** handout's own files for the page: Paged.js and the fonts, read once per printer. */
export function createAssets(fonts: FontSpec[]) {
  const cache = new Map<string, Answer>()
  const files = new Map<string, {path: string; type: string}>([
    // pagedjs-cli's browser bundle of Paged.js (the package exports only its Node entry).
    [PAGED_URL, {path: join(dirname(require.resolve('pagedjs-cli')), '..', 'dist', 'browser.js'), type: 'text/javascript; charset=utf-8'}],
    ...fonts.map((font): [string, {path: string; type: string}] => [font.url, {path: font.path, type: 'font/woff2'}])
  ])
  return {
    get(url: string): Answer | undefined {
      let answer = cache.get(url)
      if (answer) return answer
      const file = files.get(url)
      if (!file) return undefined
      answer = {status: 200, headers: {'Content-Type': file.type, 'Cache-Control': 'max-age=31536000, immutable', 'Access-Control-Allow-Origin': '*'}, body: readFileSync(file.path)}
      cache.set(url, answer)
      return answer
    }
  }
}

export type Assets = ReturnType<typeof createAssets>

/**
 * The answer to one request of the page, or undefined to refuse it.
 * `navigation`: the request would load a new document into a frame.
 */
export async function answer(job: PrintJob, url: string, navigation: boolean, assets: Assets): Promise<Answer | undefined> {
  const bare = url.replace(/#.*$/, '')
  if (bare === job.url) {
    return {
      status: 200,
      headers: {'Content-Type': 'text/html; charset=utf-8', 'Content-Security-Policy': contentSecurityPolicy(job.nonce, job.scripts), 'Cache-Control': 'no-store'},
      body: Buffer.from(job.html)
    }
  }
  // Nothing navigates away from the document.
  if (navigation) return undefined
  // Chromium asks for an icon of every page it shows: none, and nothing to report.
  if (bare === FAVICON) return {status: 404, headers: {'Content-Type': 'text/plain'}, body: Buffer.alloc(0)}
  const asset = assets.get(bare)
  if (asset) return asset
  const path = pathOf(bare)
  if (!path || !job.local.has(path)) return undefined
  try {
    // Checked again as it is read (a file may have been swapped for a link since the build looked).
    const body = await readChecked(path, job.access, {what: 'file'})
    return {status: 200, headers: {'Content-Type': contentType(path, body), 'Cache-Control': 'no-store'}, body}
  } catch {
    return undefined
  }
}

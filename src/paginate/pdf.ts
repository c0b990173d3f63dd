/**
 * One document to PDF: Paged.js (the build pagedjs-cli ships) paginates the
 * print HTML in a tab of the run's browser, then Chromium prints a tagged PDF
 * with an outline of the headings; `finishPdf` sets the metadata.
 *
 * Tabs are kept in a pool and reused from one document to the next, and
 * Paged.js is loaded by URL, so Chromium compiles it once. pagedjs-cli's
 * `Printer` opens a new tab per document, injects the 0.9 MB script inline
 * into each, registers three bindings and waits for network idle: measured on
 * 20 generated handouts (two at a time, Debian's Chromium), those costs took
 * longer than Paged.js itself (10.3 s in all against 4.2 s for this loop).
 */
import {rm, writeFile} from 'node:fs/promises'
import {createRequire} from 'node:module'
import {basename, dirname, join} from 'node:path'
import {pathToFileURL} from 'node:url'
import type {Browser, CDPSession, Page} from 'puppeteer'

export class PdfTimeout extends Error {}

/** A Paged.js or page script error that stopped pagination. */
export class PagedError extends Error {}

/** The pool's browser is gone (crashed, killed) before this document got a tab. */
export class BrowserGone extends Error {}

const require = createRequire(import.meta.url)

let pagedUrl: string | undefined

/** pagedjs-cli's browser bundle of Paged.js, as a file URL (the package exports only its Node entry). */
function pagedScript(): string {
  pagedUrl ??= pathToFileURL(join(dirname(require.resolve('pagedjs-cli')), '..', 'dist', 'browser.js')).href
  return pagedUrl
}

interface Tab {
  page: Page
  cdp: CDPSession
  /** Script errors reported while the current document renders. */
  errors: string[]
}

/** A tab lent for one document; `done` returns it (or closes it when `keep` is false). */
export interface Lease {
  tab: Promise<Tab>
  done(keep: boolean): Promise<void>
}

/**
 * At most `limit` tabs of one browser, each reused for one document after
 * another; `acquire` waits while all are busy.
 */
export interface TabPool {
  acquire(): Promise<Lease>
  /** Open one tab ahead of need (while the first document is still being built). */
  warm(): void
  /** The browser is gone: documents waiting for a tab, and any later, get `BrowserGone`. */
  close(): void
}

export function createTabPool(browser: Browser, limit: number): TabPool {
  const idle: Array<Promise<Tab>> = []
  // First come, first served: documents print in the order they were handed over.
  const waiting: Array<{resolve: (lease: Lease) => void; reject: (error: Error) => void}> = []
  let busy = 0
  let closed = false
  const gone = (): BrowserGone => new BrowserGone('the browser is gone')
  const open = async (): Promise<Tab> => {
    // Puppeteer 20 sends calls on a closed connection and waits three minutes
    // for the answer (keeping Node alive): check before each one.
    const connected = (): void => {
      if (closed || !browser.isConnected()) throw gone()
    }
    connected()
    const page = await browser.newPage()
    connected()
    const tab: Tab = {page, cdp: await page.target().createCDPSession(), errors: []}
    page.on('pageerror', (error: unknown) => tab.errors.push(error instanceof Error ? error.message : String(error)))
    connected()
    // As pagedjs-cli does: `@media print` rules apply while Paged.js lays out.
    await page.emulateMediaType('print')
    return tab
  }
  const lend = (): Lease => {
    const tab = idle.pop() ?? open()
    // Awaited by the borrower; a tab that fails to open must not also be an unhandled rejection.
    tab.catch(() => undefined)
    let returned = false
    return {
      tab,
      async done(keep) {
        if (returned) return
        returned = true
        if (keep) {
          const opened = await tab
          opened.errors = []
          idle.push(Promise.resolve(opened))
        } else {
          // Not awaited: a tab that never finished opening must not hold up the run.
          void tab.then(async (opened) => {
            if (!browser.isConnected()) return
            await opened.cdp.detach().catch(() => undefined)
            if (browser.isConnected()) await opened.page.close()
          }).catch(() => undefined)
        }
        // The slot passes straight to the next document waiting, if any.
        const next = waiting.shift()
        if (next) next.resolve(lend())
        else busy--
      }
    }
  }
  return {
    acquire() {
      if (closed) return Promise.reject(gone())
      if (busy < limit) {
        busy++
        return Promise.resolve(lend())
      }
      return new Promise<Lease>((resolve, reject) => waiting.push({resolve, reject}))
    },
    close() {
      closed = true
      for (const waiter of waiting.splice(0)) waiter.reject(gone())
    },
    warm() {
      const tab = open()
      tab.catch(() => undefined)
      idle.push(tab)
    }
  }
}

export interface RenderOptions {
  /** Milliseconds before the document is given up. */
  timeout: number
  /** Runs in the paginated page just before printing (e.g. filling in TOC page numbers). */
  beforePrint?: ((page: Page) => Promise<void>) | undefined
}

/** In the page: load the fonts (print HTML's `before`), paginate, return the page count. */
const PAGINATE = `(async () => {
  const config = window.PagedConfig || {}
  if (config.before) await config.before()
  const flow = await window.PagedPolyfill.preview()
  return flow.total
})()`

export async function renderPdf(pool: TabPool, htmlPath: string, printHtml: string, options: RenderOptions): Promise<Uint8Array> {
  // The clock starts once a tab is free: waiting for one is not this document's fault.
  const lease = await pool.acquire()
  // Next to the HTML, so relative links and images resolve as they do there.
  const printPath = join(dirname(htmlPath), `.${basename(htmlPath)}.${process.pid}.print.html`)
  try {
    await writeFile(printPath, printHtml)
  } catch (error) {
    await lease.done(true)
    throw error
  }
  let timer: NodeJS.Timeout | undefined
  const work = (async () => {
    const tab = await lease.tab
    const {page, cdp} = tab
    await page.goto(pathToFileURL(printPath).href, {waitUntil: 'load', timeout: 0})
    await page.addScriptTag({url: pagedScript()})
    try {
      await page.evaluate(PAGINATE)
    } catch (error) {
      const message = (error as Error).message.split('\n')[0]
      throw new PagedError(tab.errors[0] ?? message)
    }
    if (options.beforePrint) await options.beforePrint(page)
    // generateTaggedPDF / generateDocumentOutline are newer than Puppeteer 20's protocol types.
    const {data} = (await cdp.send('Page.printToPDF', {
      printBackground: true,
      preferCSSPageSize: true,
      generateTaggedPDF: true,
      generateDocumentOutline: true,
      marginTop: 0,
      marginBottom: 0,
      marginLeft: 0,
      marginRight: 0,
      transferMode: 'ReturnAsBase64'
    } as never)) as {data: string}
    return new Uint8Array(Buffer.from(data, 'base64'))
  })()
  const limit = new Promise<never>((_, reject) => {
    const seconds = Number((options.timeout / 1000).toPrecision(3))
    timer = setTimeout(() => reject(new PdfTimeout(`no result after ${seconds} s`)), options.timeout)
  })
  let ok = false
  try {
    const pdf = await Promise.race([work, limit])
    ok = true
    return pdf
  } finally {
    clearTimeout(timer)
    work.catch(() => undefined)
    // A tab that failed or timed out may be in any state (still busy with this
    // document): it is closed, and the pool opens a fresh one when needed.
    await lease.done(ok)
    await rm(printPath, {force: true})
  }
}

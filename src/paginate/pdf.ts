/**
 * One document to PDF: Paged.js (the build pagedjs-cli ships) paginates the
 * print HTML in a tab of the run's browser, then Chromium prints a tagged PDF
 * with an outline of the headings; `finishPdf` sets the metadata.
 *
 * Every request a tab makes is answered by handout (sealed-page.ts): the
 * document comes from memory, never from a file the browser reads, so a
 * browser that shares no filesystem with handout prints the same.
 *
 * Tabs are kept in a pool and reused from one document to the next, and
 * Paged.js is loaded by URL, so Chromium compiles it once. pagedjs-cli's
 * `Printer` opens a new tab per document, injects the 0.9 MB script inline
 * into each, registers three bindings and waits for network idle: measured on
 * 20 generated handouts (two at a time, Debian's Chromium), those costs took
 * longer than Paged.js itself (10.3 s in all against 4.2 s for this loop).
 */
import type {Browser, CDPSession, HTTPRequest, Page} from 'puppeteer'
import {answer, type Assets, type PrintJob} from './sealed-page.js'

export class PdfTimeout extends Error {}

/** A Paged.js or page script error that stopped pagination. */
export class PagedError extends Error {}

/** The pool's browser is gone (crashed, killed) before this document got a tab. */
export class BrowserGone extends Error {}

interface Tab {
  page: Page
  cdp: CDPSession
  /** Script errors reported while the current document renders. */
  errors: string[]
  /** The document the tab is printing; its requests are answered for it. */
  job: PrintJob | undefined
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
  /** Close the tabs it opened (a browser handout did not start is left as it was found). */
  closeTabs(): Promise<void>
}

export function createTabPool(browser: Browser, limit: number, assets?: Assets): TabPool {
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
    const tab: Tab = {page, cdp: await page.target().createCDPSession(), errors: [], job: undefined}
    page.on('pageerror', (error: unknown) => tab.errors.push(error instanceof Error ? error.message : String(error)))
    connected()
    // As pagedjs-cli does: `@media print` rules apply while Paged.js lays out.
    await page.emulateMediaType('print')
    if (assets) {
      connected()
      await page.setRequestInterception(true)
      page.on('request', (request: HTTPRequest) => void respond(tab, request, assets))
    }
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
    async closeTabs() {
      const tabs = await Promise.allSettled(idle.splice(0))
      for (const tab of tabs) {
        if (tab.status !== 'fulfilled' || !browser.isConnected()) continue
        await tab.value.cdp.detach().catch(() => undefined)
        await tab.value.page.close().catch(() => undefined)
      }
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

/** A request of the tab's page: answered from the allow-list of the tab's document, or refused. */
async function respond(tab: Tab, request: HTTPRequest, assets: Assets): Promise<void> {
  const job = tab.job
  const url = request.url()
  try {
    const navigation = request.isNavigationRequest()
    const reply = job ? await answer(job, url, navigation, assets) : undefined
    if (reply) {
      await request.respond({status: reply.status, headers: reply.headers, body: reply.body})
      return
    }
    if (job && !url.startsWith('data:')) job.refused.push({url, type: request.resourceType()})
    // A refused navigation is answered "204 No Content", which leaves the page as it is;
    // aborting it would put an error page in the document's place.
    if (navigation && job) await request.respond({status: 204, headers: {}, body: ''})
    else await request.abort('blockedbyclient')
  } catch {
    // The tab was closed or moved on: nothing to answer.
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
  window.handoutSource = [...document.querySelectorAll('body [data-handout-at]')]
    .filter((e) => !e.closest('script, style, template, noscript') && e.textContent.trim())
    .map((e) => e.dataset.handoutAt)
  const flow = await window.PagedPolyfill.preview()
  return flow.total
})()`

/**
 * After pagination: blocks of the manuscript that appear on no page (Paged.js
 * drops a block it may not break, \`break-inside: avoid\`, that is taller
 * than a page), blocks that run past the foot of their page (cut), and the
 * size of a page's content area.
 */
const CHECK = `(() => {
  const shown = new Set([...document.querySelectorAll('.pagedjs_pages [data-handout-at]')].map((e) => e.dataset.handoutAt))
  const lost = [...new Set((window.handoutSource || []).filter((at) => !shown.has(at)))]
  const cut = new Set()
  let width = 0
  let height = 0
  for (const area of document.querySelectorAll('.pagedjs_pages .pagedjs_page_content')) {
    const box = area.getBoundingClientRect()
    width = Math.max(width, box.width)
    height = height ? Math.min(height, box.height) : box.height
    for (const element of area.querySelectorAll('[data-handout-at]')) {
      const rect = element.getBoundingClientRect()
      // Paged.js lays a page out in columns: what does not fit runs below, or into a hidden column to the right.
      if (rect.height > 0 && (rect.bottom > box.bottom + 2 || rect.left >= box.right - 1)) cut.add(element.dataset.handoutAt)
    }
  }
  return {lost, cut: [...cut], width, height}
})()`

/**
 * Before a second pagination: the blocks that may not break but are taller
 * than a page's content area (measured at its width) may break after all.
 */
const RELEASE = (width: number, height: number): string => `(async () => {
  const config = window.PagedConfig || {}
  if (config.before) await config.before()
  const body = document.body
  const style = body.getAttribute('style')
  body.style.setProperty('width', '${width}px', 'important')
  body.style.setProperty('max-width', 'none', 'important')
  const released = []
  for (const element of body.querySelectorAll('*')) {
    const computed = getComputedStyle(element)
    if (!/avoid/.test(computed.breakInside + ' ' + computed.pageBreakInside)) continue
    if (element.getBoundingClientRect().height <= ${height}) continue
    element.style.setProperty('break-inside', 'auto', 'important')
    const at = element.closest('[data-handout-at]')
    released.push(at ? at.dataset.handoutAt : '')
  }
  if (style === null) body.removeAttribute('style')
  else body.setAttribute('style', style)
  return released
})()`

/** Script errors of the page and what its policy blocked, for the document's messages. */
export interface RenderResult {
  pdf: Uint8Array
  blocked: Array<{uri: string; directive: string}>
  errors: string[]
  /** Places (`line:column`, see print-html.ts) of blocks too tall to keep on one page, split after all. */
  split: string[]
  /** Places of blocks on no page, or cut at a page's foot. */
  lost: string[]
  cut: string[]
}

interface Check {
  lost: string[]
  cut: string[]
  width: number
  height: number
}

export async function renderPdf(pool: TabPool, job: PrintJob, options: RenderOptions): Promise<RenderResult> {
  // The clock starts once a tab is free: waiting for one is not this document's fault.
  const lease = await pool.acquire()
  let timer: NodeJS.Timeout | undefined
  const work = (async () => {
    const tab = await lease.tab
    tab.job = job
    const {page, cdp} = tab
    const paginate = async (before?: string): Promise<unknown> => {
      await page.goto(job.url, {waitUntil: 'load', timeout: 0})
      try {
        const released = before ? await page.evaluate(before) : undefined
        await page.evaluate(PAGINATE)
        return released
      } catch (error) {
        const message = (error as Error).message.split('\n')[0]
        throw new PagedError(tab.errors[0] ?? message)
      }
    }
    await paginate()
    let check = (await page.evaluate(CHECK)) as Check
    let split: string[] = []
    // Content Paged.js could not place: once more, with what is taller than a page allowed to break.
    if ((check.lost.length || check.cut.length) && check.width > 0 && check.height > 0) {
      split = ((await paginate(RELEASE(check.width, check.height))) as string[]).filter(Boolean)
      check = (await page.evaluate(CHECK)) as Check
    }
    if (options.beforePrint) await options.beforePrint(page)
    const blocked = (await page.evaluate('window.handoutBlocked || []')) as RenderResult['blocked']
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
    return {pdf: new Uint8Array(Buffer.from(data, 'base64')), blocked, errors: [...tab.errors], split, lost: check.lost, cut: check.cut}
  })()
  const limit = new Promise<never>((_, reject) => {
    const seconds = Number((options.timeout / 1000).toPrecision(3))
    timer = setTimeout(() => reject(new PdfTimeout(`no result after ${seconds} s`)), options.timeout)
  })
  let ok = false
  try {
    const result = await Promise.race([work, limit])
    ok = true
    return result
  } finally {
    clearTimeout(timer)
    work.catch(() => undefined)
    // A tab that failed or timed out may be in any state (still busy with this
    // document): it is closed, and the pool opens a fresh one when needed.
    void lease.tab.then((tab) => {
      if (ok) tab.job = undefined
    }, () => undefined)
    await lease.done(ok)
  }
}

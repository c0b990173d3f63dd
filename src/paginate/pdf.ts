/**
 * One document to PDF: Paged.js paginates in the run's browser (through
 * pagedjs-cli's Printer, in-process), then Chromium prints a tagged PDF with
 * an outline of the headings; `finishPdf` sets the metadata.
 */
import {rm, writeFile} from 'node:fs/promises'
import {basename, dirname, join} from 'node:path'
import {pathToFileURL} from 'node:url'
import type {Browser, Page} from 'puppeteer'
import type {BrowserSession} from './browser.js'

export class PdfTimeout extends Error {}

/**
 * The browser as Printer sees it: its pages count as loaded after 50 ms
 * without requests instead of Puppeteer's 500 ms, and load Paged.js by URL. Everything a handout loads
 * is a local file, and the fonts are awaited before Paged.js starts, so the
 * long wait only added half a second to every document.
 */
function quickSettling(browser: Browser): Browser {
  return new Proxy(browser, {
    get(target, property, receiver) {
      if (property !== 'newPage') return Reflect.get(target, property, receiver)
      return async () => {
        const page = await target.newPage()
        const original = page.waitForNetworkIdle.bind(page)
        page.waitForNetworkIdle = (options = {}) => original({...options, idleTime: 50})
        // Printer injects its Paged.js bundle (1 MB) inline into every page; by
        // URL instead, Chromium can reuse the compiled code across documents.
        const addScriptTag = page.addScriptTag.bind(page)
        page.addScriptTag = ((options: {path?: string; url?: string; content?: string}) =>
          options.path && !options.url ? addScriptTag({url: pathToFileURL(options.path).href}) : addScriptTag(options as never)) as typeof page.addScriptTag
        return page
      }
    }
  })
}

export interface RenderOptions {
  /** Milliseconds before the document is given up. */
  timeout: number
  /** Runs in the paginated page just before printing (e.g. filling in TOC page numbers). */
  beforePrint?: ((page: Page) => Promise<void>) | undefined
}

export async function renderPdf(session: BrowserSession, htmlPath: string, printHtml: string, options: RenderOptions): Promise<Uint8Array> {
  const {default: Printer} = await import('pagedjs-cli')
  // Next to the HTML, so relative links and images resolve as they do there.
  const printPath = join(dirname(htmlPath), `.${basename(htmlPath)}.${process.pid}.print.html`)
  await writeFile(printPath, printHtml)
  // Printer uses the run's browser as it is (given an endpoint it would load the
  // page with setContent, whose about:blank origin may not read local fonts and images).
  const printer = new Printer({allowLocal: true, timeout: options.timeout, closeAfter: false})
  printer.browser = quickSettling(session.browser)
  let page: Awaited<ReturnType<typeof printer.render>> | undefined
  let timer: NodeJS.Timeout | undefined
  const work = (async () => {
    page = await printer.render(printPath)
    if (options.beforePrint) await options.beforePrint(page)
    const cdp = await page.target().createCDPSession()
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
  try {
    return await Promise.race([work, limit])
  } finally {
    clearTimeout(timer)
    work.catch(() => undefined)
    if (page) await page.close().catch(() => undefined)
    else {
      // Timed out before render returned: close the page showing this document.
      for (const open of await session.browser.pages().catch(() => [])) {
        if (open.url().endsWith(basename(printPath))) await open.close().catch(() => undefined)
      }
    }
    await rm(printPath, {force: true})
  }
}

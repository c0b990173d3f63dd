/**
 * The PDF stage of one build: finds and launches the browser on first use,
 * prints each built document, and shuts the browser down at the end, also on
 * errors and when the run is aborted. A missing browser or a document that
 * fails to print becomes a message on that document; the HTML stays.
 */
import {readFileSync} from 'node:fs'
import {stat} from 'node:fs/promises'
import {basename, dirname, extname, join} from 'node:path'
import type {VFile} from 'vfile'
import {findBrowser, launchBrowser, NO_BROWSER_HELP, within, type BrowserSession} from './browser.js'
import {BrowserGone, createTabPool, renderPdf, PagedError, PdfTimeout, type RenderOptions, type TabPool} from './pdf.js'
import {toPrintHtml} from './print-html.js'
import {printFonts, type FontSpec} from './fonts.js'
import {writeAtomic} from '../output/write.js'
import {HandoutError} from '../errors.js'
import {VERSION} from '../version.js'
import type {BuildResult} from '../build.js'

export interface PrinterOptions {
  browser?: string | undefined
  browserEndpoint?: string | undefined
  timeout: number
  /** Documents paginated at once (one tab each). */
  jobs: number
  signal?: AbortSignal | undefined
  record: (file: VFile, error: unknown) => void
}

export function createPrinter(options: PrinterOptions) {
  let session: BrowserSession | undefined
  let pool: TabPool | undefined
  let missing = false
  // The how-to-get-a-browser help is given once per run, on the first document.
  let told = false
  let fonts: FontSpec[] | undefined
  const onAbort = (): void => {
    void session?.close()
  }
  options.signal?.addEventListener('abort', onAbort)
  // When a tab is closed under Puppeteer (timeout, Ctrl-C, a crash), calls still
  // pending in it may reject with nobody listening, and Node would exit with a stack trace. Those
  // rejections only say the page is gone, which the document's message already
  // reports; any other unhandled rejection is left to Node as before.
  const onRejection = (reason: unknown): void => {
    if (isClosedTarget(reason)) return
    process.off('unhandledRejection', onRejection)
    throw reason
  }
  process.on('unhandledRejection', onRejection)

  // The browser starts right away, while the first document's Markdown and
  // citations are processed (both take a few hundred milliseconds).
  let starting: Promise<BrowserSession | undefined> | undefined
  const start = (): Promise<BrowserSession | undefined> => {
    const choice = findBrowser({browser: options.browser, browserEndpoint: options.browserEndpoint})
    if (!choice) {
      missing = true
      return Promise.resolve(undefined)
    }
    return launchBrowser(choice).then((launched) => {
      session = launched
      // A browser that dies (crash, killed) is replaced for the next document:
      // this is the one place a lost browser is let go of.
      launched.browser.once('disconnected', () => {
        if (session !== launched) return
        session = undefined
        // The launch that made it is over too (it was not cleared when no document awaited it).
        starting = undefined
        pool?.close()
        pool = undefined
        void launched.close()
      })
      // The first tab opens while the first document is still being built.
      pool = createTabPool(launched.browser, options.jobs)
      pool.warm()
      return launched
    })
  }
  starting = start()
  starting.catch(() => undefined)
  // pdf-lib (80 ms to load) is needed only once the first PDF is printed.
  const postprocess = import('./postprocess.js')
  postprocess.catch(() => undefined)

  async function open(): Promise<BrowserSession | undefined> {
    if (session || missing) return session
    // After a crash, `session` was cleared: start a new browser.
    starting ??= start()
    try {
      return await starting
    } finally {
      starting = undefined
    }
  }

  return {
    async print(result: BuildResult, extra: {beforePrint?: RenderOptions['beforePrint']} = {}): Promise<void> {
      const {file} = result
      if (!result.html) return
      const meta = file.data.meta ?? {}
      let printHtml = ''
      if (!missing) {
        // Made while the browser is still starting (and read at once, a small
        // file: from \`print\` to a tab nothing waits, so documents keep their order).
        fonts ??= printFonts()
        printHtml = toPrintHtml(readFileSync(result.html, 'utf8'), {fonts, papersize: meta.papersize})
      }
      let browser: BrowserSession | undefined
      try {
        browser = await open()
      } catch (error) {
        fail(result, new HandoutError(`Cannot start the browser for PDF: ${(error as Error).message.split('\n')[0]}. Run \`handout doctor\`.`, {ruleId: 'browser-launch'}))
        missing = true
        told = true
        return
      }
      if (!browser) {
        fail(result, new HandoutError(told ? 'PDF not written: no browser (see the first message)' : NO_BROWSER_HELP, {ruleId: 'no-browser'}))
        told = true
        return
      }
      const target = join(dirname(result.html), basename(result.html, extname(result.html)) + '.pdf')
      try {
        const render = {timeout: options.timeout, beforePrint: extra.beforePrint}
        let raw: Uint8Array
        try {
          raw = await renderPdf(pool!, result.html, printHtml, render)
        } catch (error) {
          // The browser died while this document waited for a tab: it never
          // started here, so it gets its turn in the next browser.
          if (!(error instanceof BrowserGone)) throw error
          // The pool can see the loss a moment before the browser's 'disconnected'
          // event lets it go: wait for that, or the retry gets the same dead browser.
          const lost = browser
          await within(lost.browser, 'disconnected', 1000, () => session !== lost)
          browser = await open()
          if (!browser || !pool) throw error
          raw = await renderPdf(pool, result.html, printHtml, render)
        }
        options.signal?.throwIfAborted()
        const {finishPdf} = await postprocess
        const pdf = await finishPdf(raw, {
          title: plain(meta.title) || file.stem,
          author: meta.author?.map((a) => a.name).join('; '),
          subject: plain(meta.abstract),
          keywords: meta.keywords,
          lang: meta.lang,
          date: await documentDate(file, meta.date),
          producer: `handout ${VERSION}`
        })
        await writeAtomic(target, pdf.bytes)
        result.outputs.push(target)
        result.pages = pdf.pages
      } catch (error) {
        if (error instanceof PdfTimeout) {
          fail(result, new HandoutError(
            `PDF timed out (${error.message}): Paged.js did not finish this document. Likely a very long table or ` +
              'a script or image that never loads; raise `--timeout` (seconds) or split the document.',
            {ruleId: 'pdf-timeout'}
          ))
        } else if (error instanceof PagedError) {
          fail(result, new HandoutError(`PDF failed: Paged.js stopped on a script error in the page: ${error.message}`, {ruleId: 'paged-error'}))
        } else if (options.signal?.aborted) {
          fail(result, new HandoutError('PDF not written: the run was interrupted', {ruleId: 'aborted'}))
        } else {
          // A crashed or disconnected browser fails this document; the next one gets a new browser.
          // Puppeteer may report the closed page a moment before the lost browser.
          const crashed = !browser.browser.isConnected() || (isClosedTarget(error) && (await within(browser.browser, 'disconnected', 1000, () => !browser!.browser.isConnected())))
          // Its 'disconnected' handler has already let it go; wait for it to be gone.
          if (crashed) await browser.close()
          fail(result, new HandoutError(`PDF failed${crashed ? ' (the browser crashed)' : ''}: ${(error as Error).message.split('\n')[0]}`, {ruleId: 'pdf-failed'}))
        }
      } finally {
        if (!result.ok) result.outputs = result.outputs.filter((o) => o !== target)
      }
    },
    async close(): Promise<void> {
      options.signal?.removeEventListener('abort', onAbort)
      // Late rejections from closed pages can still arrive after this run's end.
      setTimeout(() => process.off('unhandledRejection', onRejection), 1000).unref()
      // A launch still under way (every document failed before printing) is awaited, then closed.
      await starting?.catch(() => undefined)
      await session?.close()
      session = undefined
      pool = undefined
    }
  }

  function fail(result: BuildResult, error: HandoutError): void {
    options.record(result.file, error)
    result.ok = false
  }
}


/** Puppeteer's "the page or browser went away" errors. */
function isClosedTarget(reason: unknown): boolean {
  const error = reason as {name?: string; message?: string} | undefined
  return error?.name === 'TargetCloseError' || /Target closed|Session closed|Protocol error .*(closed|detached)|Connection closed|Navigating frame was detached/i.test(error?.message ?? '')
}

function plain(markdown: string | undefined): string | undefined {
  return markdown?.replace(/[*_`]/g, '').replace(/\s+/g, ' ').trim()
}

/** SOURCE_DATE_EPOCH, else the front matter `date`, else the manuscript's mtime: never "now". */
async function documentDate(file: VFile, date: string | undefined): Promise<Date> {
  const epoch = process.env.SOURCE_DATE_EPOCH
  if (epoch && /^\d+$/.test(epoch)) return new Date(Number(epoch) * 1000)
  if (date && !Number.isNaN(Date.parse(date))) return new Date(Date.parse(date))
  const info = await stat(file.path).catch(() => undefined)
  return new Date(Math.floor((info?.mtimeMs ?? 0) / 1000) * 1000)
}

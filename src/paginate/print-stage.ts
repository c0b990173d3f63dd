/**
 * The PDF stage of one build: finds and launches the browser on first use
 * (or connects to the running ones of `--browser-endpoint`, spreading the
 * documents over them), prints each document it is handed in a sealed page
 * (sealed-page.ts), and shuts the browsers down at the end, also on errors and
 * when the run is aborted. It returns the PDF and the warnings of the print
 * (what the page was refused, what did not fit) or throws a HandoutError. It
 * writes nothing and changes nothing it is handed.
 */
import {randomBytes} from 'node:crypto'
import {stat} from 'node:fs/promises'
import type {Root} from 'hast'
import {VFile} from 'vfile'
import type {VFileMessage} from 'vfile-message'
import type {Page} from 'puppeteer'
import {isClosedTarget, NO_BROWSER_HELP, within, type BrowserSession} from './browser.js'
import {createSlots, type Slot} from './browser-slots.js'
import {BrowserGone, renderPdf, PagedError, PdfTimeout} from './pdf.js'
import {toPrintHtml} from './print-html.js'
import {report} from './print-report.js'
import {printFonts, type FontSpec} from './fonts.js'
import {createAssets, type Assets, type PrintJob} from './sealed-page.js'
import {pageUrl} from './origin.js'
import {firstLine, HandoutError} from '../errors.js'
import {VERSION} from '../version.js'
import type {Access} from '../load/files.js'
import type {Resources} from '../render/rehype-resources.js'
import type {Metadata} from '../types.js'

export interface PrinterOptions {
  browser?: string | undefined
  /** `ws://…` of running browsers: documents are spread over them, and a lost one's documents go to the others. */
  browserEndpoint?: string | string[] | undefined
  timeout: number
  /** Documents paginated at once per browser (one tab each). */
  jobs: number
  signal?: AbortSignal | undefined
}

/** One document to print. */
export interface PrintRequest {
  /** The document's source: the print's messages name it, its name is the PDF's title when it has none, its date the PDF's when it has none. */
  path: string
  /** The document's HTML (a tree keeps its places for messages). */
  html: string | Root
  /** Where its HTML file is (or will be): relative URLs resolve from there. */
  htmlPath: string
  resources?: Resources | undefined
  /** Run the document's own scripts. */
  scripts: boolean
  access: Access
  meta: Metadata
  beforePrint?: ((page: Page) => Promise<void>) | undefined
}

export interface Printed {
  pdf: Uint8Array
  pages: number
  /** Warnings of the print, about the document at `path` (or the file that named a refused URL). */
  messages: VFileMessage[]
}

export function createPrinter(options: PrinterOptions) {
  let fonts: FontSpec[] | undefined
  let assets: Assets | undefined
  // Browsers start right away, while the first document's Markdown and
  // citations are processed (both take a few hundred milliseconds).
  const slots = createSlots({...options, assets: () => (assets ??= createAssets((fonts ??= printFonts())))})
  // The how-to-get-a-browser help is given once per run, on the first document.
  let told = false
  // The documents of a build share words: each is hyphenated once per language.
  const hyphenated = new Map<string, Map<string, string>>()
  // pdf-lib (80 ms to load) is needed only once the first PDF is printed.
  const postprocess = import('./postprocess.js')
  postprocess.catch(() => undefined)

  async function print(request: PrintRequest): Promise<Printed> {
    const {meta} = request
    // The print's messages are made on a file of their own, handed back with the PDF.
    const file = new VFile({path: request.path})
    if (slots.none) {
      const message = told ? 'PDF not written: no browser (see the first message)' : NO_BROWSER_HELP
      told = true
      throw new HandoutError(message, {ruleId: 'no-browser'})
    }
    fonts ??= printFonts()
    const nonce = randomBytes(16).toString('base64')
    const job: PrintJob = {
      url: pageUrl(request.htmlPath),
      html: toPrintHtml(request.html, {fonts, papersize: meta.papersize, nonce, hyphenated}),
      nonce,
      scripts: request.scripts,
      local: new Set(request.resources?.local.keys() ?? []),
      access: request.access,
      refused: []
    }
    const tried = new Set<Slot>()
    let lastError: unknown
    for (;;) {
      const slot = slots.pick(tried)
      if (!slot) break
      tried.add(slot)
      slot.busy++
      try {
        let browser: BrowserSession
        try {
          browser = await slots.open(slot)
        } catch (error) {
          if (slot.choice.endpoint) {
            slot.dead = true
            lastError = new HandoutError(`Cannot reach the browser at ${slot.choice.endpoint}: ${firstLine(error)}`, {ruleId: 'browser-launch'})
            continue
          }
          throw new HandoutError(`Cannot start the browser for PDF: ${firstLine(error)}. Run \`handout doctor\`.`, {ruleId: 'browser-launch'})
        }
        const rendered = await render(slot, browser, job, request)
        report(file, job, rendered, request)
        options.signal?.throwIfAborted()
        const {finishPdf} = await postprocess
        const pdf = await finishPdf(rendered.pdf, {
          title: plain(meta.title) || file.stem,
          author: meta.author?.map((a) => a.name).join('; '),
          subject: plain(meta.abstract),
          keywords: meta.keywords,
          lang: meta.lang,
          date: await documentDate(file, meta.date),
          producer: `handout ${VERSION}`
        })
        return {pdf: pdf.bytes, pages: pdf.pages, messages: file.messages}
      } catch (error) {
        lastError = error
        // A document whose browser went away is tried on another one, if there is one.
        if (error instanceof Lost && slots.anyOther(tried)) continue
        throw failure(error, options.signal?.aborted)
      } finally {
        slot.busy--
      }
    }
    throw failure(lastError, options.signal?.aborted)
  }

  /** One attempt on one browser; a lost browser is `Lost` (and replaced, when it was launched here). */
  async function render(slot: Slot, browser: BrowserSession, job: PrintJob, request: PrintRequest) {
    const settings = {timeout: options.timeout, beforePrint: request.beforePrint}
    job.refused.length = 0
    try {
      return await renderPdf(slot.pool!, job, settings)
    } catch (error) {
      if (error instanceof BrowserGone) {
        // The browser died while this document waited for a tab: it never started here,
        // so it gets its turn in the next browser (a new one, when this one was launched here).
        // The pool can see the loss a moment before the browser's 'disconnected' event lets it go.
        await within(browser.browser, 'disconnected', 1000, () => slot.session !== browser)
        if (slot.choice.endpoint) throw new Lost(error)
        await slots.open(slot)
        return renderPdf(slot.pool!, job, settings).catch((again: unknown) => {
          throw again instanceof BrowserGone ? new Lost(again) : again
        })
      }
      if (error instanceof PdfTimeout || options.signal?.aborted) throw error
      // Puppeteer may report the closed page a moment before the lost browser
      // (also from inside Paged.js's run: "Target closed").
      const crashed = !browser.browser.isConnected() || (isClosedTarget(error) && (await within(browser.browser, 'disconnected', 1000, () => !browser.browser.isConnected())))
      if (!crashed) throw error
      // Its 'disconnected' handler has already let it go; wait for it to be gone.
      await browser.close()
      throw new Lost(error)
    }
  }

  return {print, close: slots.close}
}

/** A browser was lost while this document was in it. */
class Lost extends Error {
  constructor(override readonly cause: unknown) {
    super(firstLine(cause))
  }
}

/** Why a document has no PDF, for the user. */
function failure(error: unknown, aborted: boolean | undefined): HandoutError {
  if (error instanceof HandoutError) return error
  if (error instanceof PdfTimeout) {
    return new HandoutError(
      `PDF timed out (${error.message}): Paged.js did not finish this document. Likely a very long table or ` +
        'a script that never ends; raise `--timeout` (seconds) or split the document.',
      {ruleId: 'pdf-timeout'}
    )
  }
  if (error instanceof PagedError) return new HandoutError(`PDF failed: Paged.js stopped on a script error in the page: ${error.message}`, {ruleId: 'paged-error'})
  if (aborted) return new HandoutError('PDF not written: the run was interrupted', {ruleId: 'aborted'})
  if (error instanceof Lost) return new HandoutError(`PDF failed (the browser crashed): ${firstLine(error.cause)}`, {ruleId: 'pdf-failed'})
  return new HandoutError(`PDF failed: ${firstLine(error)}`, {ruleId: 'pdf-failed'})
}

function plain(markdown: string | undefined): string | undefined {
  return markdown?.replace(/[*_`]/g, '').replace(/\s+/g, ' ').trim()
}

/** SOURCE_DATE_EPOCH, else the front matter `date`, else the manuscript's mtime: never "now". */
async function documentDate(file: VFile, date: string | undefined): Promise<Date> {
  const epoch = process.env.SOURCE_DATE_EPOCH
  if (epoch && /^\d+$/.test(epoch)) return new Date(Number(epoch) * 1000)
  if (date && !Number.isNaN(Date.parse(date))) return new Date(Date.parse(date))
  const info = file.path ? await stat(file.path).catch(() => undefined) : undefined
  return new Date(Math.floor((info?.mtimeMs ?? 0) / 1000) * 1000)
}

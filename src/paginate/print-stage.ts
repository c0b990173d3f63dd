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
import type {Point} from 'unist'
import {VFile} from 'vfile'
import type {VFileMessage} from 'vfile-message'
import type {Page} from 'puppeteer'
import {findBrowser, isClosedTarget, launchBrowser, NO_BROWSER_HELP, within, type BrowserChoice, type BrowserSession} from './browser.js'
import {BrowserGone, createTabPool, renderPdf, PagedError, PdfTimeout, type RenderResult, type TabPool} from './pdf.js'
import {toPrintHtml} from './print-html.js'
import {printFonts, type FontSpec} from './fonts.js'
import {createAssets, type Assets, type PrintJob} from './sealed-page.js'
import {pageUrl, pathOf} from './origin.js'
import {HandoutError} from '../errors.js'
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

/** One browser of the run: launched here, or reached at an endpoint. */
interface Slot {
  choice: BrowserChoice
  session?: BrowserSession | undefined
  pool?: TabPool | undefined
  starting?: Promise<BrowserSession> | undefined
  /** Documents on it now. */
  busy: number
  /** An endpoint that went away: no more documents for it. */
  dead: boolean
}

export function createPrinter(options: PrinterOptions) {
  const endpoints = [options.browserEndpoint ?? []].flat()
  const choices: BrowserChoice[] = endpoints.length
    ? endpoints.map((endpoint) => findBrowser({browserEndpoint: endpoint})!)
    : [findBrowser({browser: options.browser})].filter((choice): choice is BrowserChoice => Boolean(choice))
  const slots: Slot[] = choices.map((choice) => ({choice, busy: 0, dead: false}))
  // Every browser this printer launched: closing the printer awaits each one's shutdown (profile removed).
  const launchedSessions: BrowserSession[] = []
  let fonts: FontSpec[] | undefined
  let assets: Assets | undefined
  // The how-to-get-a-browser help is given once per run, on the first document.
  let told = false
  // Interrupted: every browser goes at once (a launch under way, as soon as it is up).
  const onAbort = (): void => {
    for (const slot of slots) {
      void slot.session?.close(true)
      void slot.starting?.then((session) => session.close(true), () => undefined)
    }
  }
  options.signal?.addEventListener('abort', onAbort)
  const start = (slot: Slot): Promise<BrowserSession> => {
    const starting = launchBrowser(slot.choice).then((launched) => {
      slot.session = launched
      launchedSessions.push(launched)
      // A browser that dies (crash, killed) is let go of here, in one place: a
      // launched one is replaced for the next document, an endpoint is given up.
      launched.browser.once('disconnected', () => {
        if (slot.session !== launched) return
        slot.session = undefined
        slot.starting = undefined
        slot.pool?.close()
        slot.pool = undefined
        if (slot.choice.endpoint) slot.dead = true
        void launched.close()
      })
      assets ??= createAssets((fonts ??= printFonts()))
      // The first tab opens while the first document is still being built.
      slot.pool = createTabPool(launched.browser, options.jobs, assets)
      slot.pool.warm()
      return launched
    })
    slot.starting = starting
    starting.catch(() => {
      if (slot.starting === starting) slot.starting = undefined
    })
    return starting
  }
  // Browsers start right away, while the first document's Markdown and
  // citations are processed (both take a few hundred milliseconds).
  for (const slot of slots) void start(slot).catch(() => undefined)
  // pdf-lib (80 ms to load) is needed only once the first PDF is printed.
  const postprocess = import('./postprocess.js')
  postprocess.catch(() => undefined)

  async function open(slot: Slot): Promise<BrowserSession> {
    if (slot.session) return slot.session
    return slot.starting ?? start(slot)
  }

  /** The live browser with the fewest documents on it. */
  function pick(exclude: Set<Slot>): Slot | undefined {
    return slots.filter((slot) => !slot.dead && !exclude.has(slot)).sort((a, b) => a.busy - b.busy)[0]
  }

  async function print(request: PrintRequest): Promise<Printed> {
    const {meta} = request
    // The print's messages are made on a file of their own, handed back with the PDF.
    const file = new VFile({path: request.path})
    if (slots.length === 0) {
      const message = told ? 'PDF not written: no browser (see the first message)' : NO_BROWSER_HELP
      told = true
      throw new HandoutError(message, {ruleId: 'no-browser'})
    }
    fonts ??= printFonts()
    const nonce = randomBytes(16).toString('base64')
    const job: PrintJob = {
      url: pageUrl(request.htmlPath),
      html: toPrintHtml(request.html, {fonts, papersize: meta.papersize, nonce}),
      nonce,
      scripts: request.scripts,
      local: new Set(request.resources?.local.keys() ?? []),
      access: request.access,
      refused: []
    }
    const tried = new Set<Slot>()
    let lastError: unknown
    for (;;) {
      const slot = pick(tried)
      if (!slot) break
      tried.add(slot)
      slot.busy++
      try {
        let browser: BrowserSession
        try {
          browser = await open(slot)
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
        if (error instanceof Lost && slots.some((other) => !other.dead && !tried.has(other))) continue
        throw failure(error)
      } finally {
        slot.busy--
      }
    }
    throw failure(lastError)
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
        await open(slot)
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

  function failure(error: unknown): HandoutError {
    if (error instanceof HandoutError) return error
    if (error instanceof PdfTimeout) {
      return new HandoutError(
        `PDF timed out (${error.message}): Paged.js did not finish this document. Likely a very long table or ` +
          'a script that never ends; raise `--timeout` (seconds) or split the document.',
        {ruleId: 'pdf-timeout'}
      )
    }
    if (error instanceof PagedError) return new HandoutError(`PDF failed: Paged.js stopped on a script error in the page: ${error.message}`, {ruleId: 'paged-error'})
    if (options.signal?.aborted) return new HandoutError('PDF not written: the run was interrupted', {ruleId: 'aborted'})
    if (error instanceof Lost) return new HandoutError(`PDF failed (the browser crashed): ${firstLine(error.cause)}`, {ruleId: 'pdf-failed'})
    return new HandoutError(`PDF failed: ${firstLine(error)}`, {ruleId: 'pdf-failed'})
  }

  return {
    print,
    async close(): Promise<void> {
      options.signal?.removeEventListener('abort', onAbort)
      for (const slot of slots) {
        // A launch still under way (every document failed before printing) is awaited, then closed.
        await slot.starting?.catch(() => undefined)
        // A browser that runs elsewhere (a pool, a container) gets back no tab of ours.
        if (slot.choice.endpoint) await slot.pool?.closeTabs()
        await slot.session?.close()
        slot.session = undefined
        slot.pool = undefined
      }
      // Also those let go of on the way (lost, or closing since an interrupt): their shutdown is shared, not repeated.
      await Promise.all(launchedSessions.map((session) => session.close().catch(() => undefined)))
    }
  }
}

/** A browser was lost while this document was in it. */
class Lost extends Error {
  constructor(override readonly cause: unknown) {
    super(firstLine(cause))
  }
}

/**
 * What the page was refused, and scripts that did not run, as warnings on the
 * document: at the place that named the URL when the build saw it there.
 */
function report(file: VFile, job: PrintJob, rendered: RenderResult, request: PrintRequest): void {
  // What did not fit on a page (places are the manuscript's, from print-html.ts).
  const place = (at: string): Point | undefined => {
    const [line, column] = at.split(':').map(Number)
    return line && column ? {line, column} : undefined
  }
  for (const at of new Set(rendered.split)) {
    const message = file.message('Taller than a page, so split across pages although its style says not to break inside (`break-inside: avoid`)', {ruleId: 'print-split', source: 'handout', place: place(at)})
    message.note = 'Shorten it, or split it into parts that each fit on a page'
  }
  for (const at of new Set(rendered.lost)) {
    const message = file.message('Lost in the PDF: this block could not be placed on any page', {ruleId: 'print-lost', source: 'handout', place: place(at)})
    message.note = 'It is taller than a page and cannot be split (an image, or a box with a fixed height): make it smaller'
  }
  for (const at of new Set(rendered.cut)) {
    if (rendered.lost.includes(at)) continue
    const message = file.message('Cut at the foot of its page in the PDF: this block is taller than a page and cannot be split', {ruleId: 'print-cut', source: 'handout', place: place(at)})
    message.note = 'Make it smaller than a page (an image: a smaller height; a box: no fixed height)'
  }
  const refused = request.resources?.refused ?? []
  const told = new Set<string>()
  const warn = (url: string, how: string): void => {
    if (told.has(url)) return
    told.add(url)
    const local = pathOf(url)
    // A file the build already reported missing.
    if (local && request.resources?.missing?.has(local)) return
    const known = refused.find((entry) => entry.url === url || safeUrl(entry.url, job.url) === url)
    const kind = known?.kind ?? (local ? 'other' : /^file:/i.test(url) ? 'file' : /^(https?|wss?|ftp):/i.test(url) ? 'remote' : 'other')
    const what = kind === 'remote' ? 'a network address' : kind === 'file' ? 'a local file by `file:` URL' : kind === 'script' ? 'a script URL' : 'not a file the document names inside the project'
    const message = file.message(`Not loaded in the PDF: \`${shorten(url)}\` (${what}; ${how})`, {ruleId: 'print-refused', source: 'handout', place: known?.place})
    if (known && known.file !== file.path) message.file = known.file
    message.note =
      kind === 'remote'
        ? 'The print page loads nothing from the network: download the file into the project and name it by its path'
        : 'The print page loads only files inside the project that the document names'
  }
  for (const {url, type} of job.refused) warn(url, `${type} refused`)
  for (const {uri, directive} of rendered.blocked) {
    // Scripts blocked by the policy are reported once below; `inline`/`eval` have no URL.
    if (/^(inline|eval|wasm-eval)$/.test(uri) || uri === '') continue
    warn(uri, `blocked by the page's ${directive} policy`)
  }
  const scripts = request.resources?.scripts ?? []
  if (!request.scripts && scripts.length > 0) {
    const first = scripts[0]!
    const message = file.message(
      `Scripts are not run in print: ${scripts.length} script${scripts.length === 1 ? '' : 's'} or event handler${scripts.length === 1 ? '' : 's'} in this document (the first here)`,
      {ruleId: 'print-script', source: 'handout', place: first.place}
    )
    message.note = 'Add `scripts: true` to the front matter (or build with `--scripts`) to run them; the network and file rules hold either way'
  }
  for (const error of rendered.errors) file.message(`Script error in the print page: ${firstLine(error)}`, {ruleId: 'print-script-error', source: 'handout'})
}

function safeUrl(url: string, base: string): string | undefined {
  try {
    return new URL(url, base).href
  } catch {
    return undefined
  }
}

function shorten(url: string): string {
  return url.length > 120 ? url.slice(0, 117) + '…' : url
}

function firstLine(error: unknown): string {
  return String((error as Error)?.message ?? error).split('\n')[0]!
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

/**
 * `handout preview`: a local server that shows documents paginated exactly as
 * their PDF (the same print page, Paged.js, fonts and styles), rebuilt on
 * every save of a file they read, with the warm engines of `--watch`.
 *
 * It listens on 127.0.0.1 unless told otherwise, and answers only requests
 * addressed to the host it listens on (a page elsewhere cannot reach it by a
 * name of its own) that come from its own pages or the address bar (a page
 * of another site cannot frame it or have it print). It serves what the sealed print page would be given and
 * nothing else: the page, handout's files (`/.handout/…`) and the local files
 * the document names (sealed-page.ts `answer`). Nothing is written: pages
 * are kept in memory, a PDF is printed on demand and sent.
 */
import {createServer, type IncomingMessage, type ServerResponse} from 'node:http'
import {watch as watchDir, type FSWatcher} from 'node:fs'
import {dirname, basename, resolve} from 'node:path'
import type {AddressInfo} from 'node:net'
import {VFile} from 'vfile'
import {createProcessor} from '../processor.js'
import {record} from '../build/record.js'
import {createAccess} from '../load/files.js'
import type {BuildOptions} from '../build/options.js'
import {printFonts} from '../paginate/fonts.js'
import {answer, createAssets} from '../paginate/sealed-page.js'
import {ORIGIN} from '../paginate/origin.js'
import {formatMessage} from '../messages.js'
import {NO_BROWSER_HELP} from '../paginate/browser.js'
import {buildPreview, type PreviewContext, type PreviewDocument} from './document.js'
import {indexPage, viewerPage} from './viewer.js'
import {buildPacketPreview} from './packet.js'
import {FILL_TOC, isPacketFile} from '../packet/build-packet.js'

export interface PreviewOptions extends Pick<BuildOptions, 'csl' | 'from' | 'bibliography' | 'root' | 'maxInputSize' | 'scripts' | 'browser' | 'browserEndpoint' | 'timeout' | 'outDir' | 'engines'> {
  /** Port to listen on (default: a free one). */
  port?: number | undefined
  /** Interface to listen on (default 127.0.0.1). */
  host?: string | undefined
  /** Called after each rebuild (the CLI prints the messages). */
  onBuild?: ((doc: PreviewDocument) => void) | undefined
}

export interface Preview {
  url: string
  documents: PreviewDocument[]
  close(): Promise<void>
}

/** Settle time after a change before rebuilding: an editor's save is often two writes. */
const SETTLE_MS = 25

export async function startPreview(inputs: string[], options: PreviewOptions = {}): Promise<Preview> {
  const outDir = options.outDir ?? 'out'
  const processor = createProcessor({...options, htmlDir: resolve(outDir)})
  if (options.engines) processor.data('handoutEngines', options.engines)
  const access = createAccess(options)
  const fonts = printFonts()
  const assets = createAssets(fonts)
  const context: PreviewContext = {processor, access, outDir, fonts, scripts: options.scripts, hyphenated: new Map()}
  const documents: PreviewDocument[] = []
  // One document builds at a time (they share the processor and its engines).
  let queue: Promise<unknown> = Promise.resolve()
  const rebuild = (index: number): Promise<void> => {
    const run = queue.then(async () => {
      const previous = documents[index]!
      let doc: PreviewDocument
      try {
        doc = await make(previous.input, previous)
      } catch (error) {
        // A bug, not the document's: said on the page, the last good pages kept.
        const file = new VFile({path: previous.input})
        record(file, error)
        doc = {...previous, ok: false, messages: file.messages}
      }
      documents[index] = doc
      watchAll()
      options.onBuild?.(doc)
      for (const client of clients.get(index) ?? []) send(client, doc)
    })
    queue = run.catch(() => undefined)
    return run
  }
  // A packet file is bound as `handout packet` binds it; anything else is a manuscript.
  const make = (input: string, previous?: PreviewDocument): Promise<PreviewDocument> =>
    isPacketFile(input) ? buildPacketPreview(input, context, options, previous) : buildPreview(input, context, previous)
  for (const input of inputs) {
    const doc = await make(input)
    documents.push(doc)
    options.onBuild?.(doc)
  }

  // Each folder that holds a file a document read is watched (an editor may replace the file on save).
  const watchers = new Map<string, FSWatcher>()
  const pending = new Map<number, NodeJS.Timeout>()
  function watchAll(): void {
    for (const doc of documents) {
      for (const dep of doc.dependencies) {
        const dir = dirname(resolve(dep))
        if (watchers.has(dir)) continue
        try {
          const watcher = watchDir(dir, (_event, name) => changed(dir, name ? String(name) : undefined))
          watcher.on('error', () => undefined)
          watchers.set(dir, watcher)
        } catch {
          // A folder that cannot be watched: its files are not live.
        }
      }
    }
  }
  function changed(dir: string, name: string | undefined): void {
    documents.forEach((doc, index) => {
      const reads = doc.dependencies.some((dep) => dirname(resolve(dep)) === dir && (name === undefined || basename(dep) === name))
      if (!reads) return
      clearTimeout(pending.get(index))
      pending.set(index, setTimeout(() => void rebuild(index), SETTLE_MS))
    })
  }
  watchAll()

  const clients = new Map<number, Set<ServerResponse>>()
  let printer: ReturnType<typeof import('../paginate/print-stage.js').createPrinter> | undefined
  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      if (!response.headersSent) reply(response, 500, 'text/plain; charset=utf-8', `handout preview: ${String((error as Error)?.message ?? error)}`)
      else response.end()
    })
  })
  const host = options.host ?? '127.0.0.1'
  await new Promise<void>((done, fail) => {
    server.once('error', fail)
    server.listen(options.port ?? 0, host, () => done())
  })
  const port = (server.address() as AddressInfo).port
  const shownHost = host.includes(':') ? `[${host}]` : host
  const url = `http://${shownHost}:${port}/`
  const hosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`, `${shownHost}:${port}`])

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    if (!hosts.has(request.headers.host ?? '')) return reply(response, 421, 'text/plain; charset=utf-8', 'Misdirected request')
    if (request.method !== 'GET' && request.method !== 'HEAD') return reply(response, 405, 'text/plain; charset=utf-8', 'Method not allowed')
    // A page of another site (another port of this machine too) gets nothing: it could
    // neither frame the viewer nor set a PDF printing. Browsers say where a request comes
    // from; typed addresses and the viewer's own requests say 'none' and 'same-origin'.
    const site = request.headers['sec-fetch-site']
    if (site !== undefined && site !== 'same-origin' && site !== 'none') return reply(response, 403, 'text/plain; charset=utf-8', 'Forbidden: a request from another site')
    const {pathname} = new URL(request.url ?? '/', 'http://preview.invalid')
    // Browsers ask every page for an icon: none.
    if (pathname === '/favicon.ico') return void response.writeHead(204).end()
    if (pathname === '/') {
      if (documents.length === 1) {
        response.writeHead(302, {Location: '/view/0'}).end()
        return
      }
      return reply(response, 200, 'text/html; charset=utf-8', indexPage(documents))
    }
    const view = /^\/view\/(\d+)$/.exec(pathname)
    if (view) {
      const doc = documents[Number(view[1])]
      if (!doc) return reply(response, 404, 'text/plain; charset=utf-8', 'No such document')
      return reply(response, 200, 'text/html; charset=utf-8', viewerPage(Number(view[1]), doc.title, doc.path))
    }
    if (pathname === '/events') {
      const index = Number(new URL(request.url ?? '/', 'http://preview.invalid').searchParams.get('doc'))
      const doc = documents[index]
      if (!doc) return reply(response, 404, 'text/plain; charset=utf-8', 'No such document')
      response.writeHead(200, {'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store', Connection: 'keep-alive'})
      if (!clients.has(index)) clients.set(index, new Set())
      clients.get(index)!.add(response)
      request.on('close', () => clients.get(index)?.delete(response))
      send(response, doc)
      return
    }
    const pdf = /^\/pdf\/(\d+)$/.exec(pathname)
    if (pdf) return printPdf(Number(pdf[1]), response)
    // The pages and what they load, as the sealed print page is given them.
    const target = ORIGIN + pathname
    const found = pathname.startsWith('/.handout/') ? assets.get(target) : await anyDocument(target)
    if (!found) return reply(response, 404, 'text/plain; charset=utf-8', 'Not a file of this document')
    response.writeHead(found.status, found.headers)
    response.end(request.method === 'HEAD' ? undefined : found.body)
  }

  /** A document's page, or a local file a document names (a folder's documents share images). */
  async function anyDocument(target: string) {
    for (const doc of documents) {
      if (!doc.job) continue
      const found = await answer(doc.job, target, false, assets)
      if (found) return found
    }
    return undefined
  }

  async function printPdf(index: number, response: ServerResponse): Promise<void> {
    const doc = documents[index]
    if (!doc?.printable || !doc.job) return reply(response, 404, 'text/plain; charset=utf-8', 'No pages to print yet: fix the errors first')
    if (!printer) {
      const {createPrinter} = await import('../paginate/print-stage.js')
      printer = createPrinter({browser: options.browser, browserEndpoint: options.browserEndpoint, timeout: options.timeout ?? 60_000, jobs: 1})
    }
    try {
      const printed = await printer.print({
        path: doc.input,
        html: structuredClone(doc.printable.tree),
        htmlPath: resolve(outDir, basename(doc.path)),
        resources: doc.printable.resources,
        scripts: doc.job.scripts,
        access,
        meta: doc.printable.meta,
        // A packet's contents take their page numbers from the pages.
        beforePrint: doc.packet ? async (page) => void (await page.evaluate(FILL_TOC)) : undefined
      })
      response.writeHead(200, {'Content-Type': 'application/pdf', 'Content-Disposition': `inline; filename="${basename(doc.path).replace(/\.html$/, '.pdf').replace(/["\\]/g, '')}"`, 'Cache-Control': 'no-store'})
      response.end(Buffer.from(printed.pdf))
    } catch (error) {
      // No browser: what `handout build` says, but for a preview (which writes no HTML).
      const reason = (error as {ruleId?: string})?.ruleId === 'no-browser' ? `no Chromium or Chrome found to print it.\n${NO_BROWSER_HELP.split('\n').slice(1).join('\n')}` : String((error as Error)?.message ?? error)
      reply(response, 503, 'text/plain; charset=utf-8', `PDF not made: ${reason}`)
    }
  }

  return {
    url,
    documents,
    async close(): Promise<void> {
      for (const timer of pending.values()) clearTimeout(timer)
      for (const watcher of watchers.values()) watcher.close()
      for (const set of clients.values()) for (const client of set) client.end()
      server.closeAllConnections()
      await new Promise<void>((done) => server.close(() => done()))
      await queue
      await printer?.close()
    }
  }
}

function reply(response: ServerResponse, status: number, type: string, body: string): void {
  response.writeHead(status, {'Content-Type': type, 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff'})
  response.end(body)
}

/** The document's state, as the viewer reads it. */
function send(client: ServerResponse, doc: PreviewDocument): void {
  const messages = doc.messages.map((m) => ({severity: m.fatal ? 'error' : m.fatal === false ? 'warning' : 'info', text: formatMessage(m, doc.input)}))
  // A document that runs scripts of its own is loaded anew each time (the viewer's frames are not reused).
  client.write(`data: ${JSON.stringify({version: doc.job ? doc.version : 0, ok: doc.ok, fresh: Boolean(doc.job?.scripts), messages})}\n\n`)
}

/**
 * `handout packet FILE`: read and validate the packet file, bind its
 * articles, write OUT/NAME.html, and print OUT/NAME.pdf with the contents'
 * page numbers taken from the paginated pages.
 */
import {basename, dirname, extname, join, resolve} from 'node:path'
import {VFile} from 'vfile'
import {parsePacket, type Packet} from './schema.js'
import {assemblePacket} from './assemble.js'
import {writeTogether} from '../output/write.js'
import {record, type BuildOptions, type BuildResult} from '../build/index.js'
import {createAccess, readChecked} from '../load/files.js'
import type {Page} from 'puppeteer'
import type {Printed} from '../paginate/print-stage.js'

/** A packet takes the build options that concern outputs and printing (default formats: html and pdf). */
export type PacketOptions = Pick<BuildOptions, 'outDir' | 'formats' | 'browser' | 'browserEndpoint' | 'timeout' | 'signal' | 'root' | 'maxInputSize' | 'scripts'>

export interface PacketResult extends BuildResult {
  /** The articles' own files, with their messages (unknown keys …). */
  articles: VFile[]
}

/** In the paginated page: each contents entry gets the number of the page its target starts on. */
export const FILL_TOC = `(() => {
  for (const link of document.querySelectorAll('.pagedjs_pages a.toc-link')) {
    const id = decodeURIComponent(link.getAttribute('href').slice(1))
    const target = document.querySelector('.pagedjs_pages [id="' + CSS.escape(id) + '"]')
    const page = target && target.closest('.pagedjs_page')
    const slot = link.querySelector('.toc-page')
    if (page && slot) slot.textContent = page.dataset.pageNumber || ''
  }
})()`

export async function buildPacket(path: string, options: PacketOptions = {}): Promise<PacketResult> {
  const started = performance.now()
  const outDir = options.outDir ?? 'out'
  const formats = options.formats ?? ['html', 'pdf']
  const name = basename(path, extname(path))
  const file = new VFile({path})
  const result: PacketResult = {input: path, outputs: [], file, ok: false, milliseconds: 0, articles: []}
  const access = createAccess(options)
  const {packet} = await readPacketFile(path, options, file)
  if (!packet) return {...result, milliseconds: Math.round(performance.now() - started)}
  try {
    const htmlPath = resolve(outDir, `${name}.html`)
    const assembled = await assemblePacket(packet, dirname(htmlPath), options)
    result.articles = assembled.articles
    result.html = join(outDir, `${name}.html`)
    file.data.meta = {title: packet.title, author: packet.editors.map((editor) => ({name: editor, affiliations: []})), lang: packet.lang, papersize: packet.papersize, date: packet.date}
    let printed: Printed | undefined
    if (formats.includes('pdf')) {
      const {createPrinter} = await import('../paginate/print-stage.js')
      const printer = createPrinter({browser: options.browser, browserEndpoint: options.browserEndpoint, timeout: options.timeout ?? 300_000, jobs: 1, signal: options.signal})
      try {
        printed = await printer.print({
          path,
          html: assembled.tree,
          htmlPath,
          resources: assembled.resources,
          scripts: Boolean(options.scripts),
          access,
          meta: file.data.meta,
          beforePrint: async (page: Page) => void (await page.evaluate(FILL_TOC))
        })
        file.messages.push(...printed.messages)
      } finally {
        await printer.close()
      }
    }
    // The HTML and the PDF are written together, or neither.
    const pdfPath = join(outDir, `${name}.pdf`)
    await writeTogether([[result.html, assembled.html], ...(printed ? [[pdfPath, printed.pdf] as [string, Uint8Array]] : [])])
    if (formats.includes('html')) result.outputs.push(result.html)
    if (printed) {
      result.outputs.push(pdfPath)
      result.pages = printed.pages
    }
    result.ok = true
  } catch (error) {
    record(file, error)
    result.ok = false
  }
  result.milliseconds = Math.round(performance.now() - started)
  return result
}

/**
 * The packet file read and checked; when it cannot be used, no packet, and
 * the messages on `file`.
 */
export async function readPacketFile(
  path: string,
  options: {root?: string | undefined; maxInputSize?: number | undefined} = {},
  file = new VFile({path})
): Promise<{packet?: Packet | undefined; file: VFile}> {
  try {
    const text = (await readChecked(path, createAccess(options), {what: 'packet file'})).toString('utf8')
    return {packet: parsePacket(text, path, basename(path, extname(path))), file}
  } catch (error) {
    record(file, error)
    return {file}
  }
}

/** Is this input a packet file (`handout preview` takes one where it takes a manuscript)? */
export function isPacketFile(path: string): boolean {
  return /\.ya?ml$/i.test(path)
}

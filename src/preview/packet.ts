/**
 * A reading packet in the preview: the whole volume bound as `handout
 * packet` binds it (cover, contents, every article with its references), its
 * contents' page numbers filled in from the pages, rebuilt when the packet
 * file, an article or a file an article read changes.
 */
import {randomBytes} from 'node:crypto'
import {basename, dirname, extname, join, resolve} from 'node:path'
import {VFile} from 'vfile'
import {dependencies} from '../build/cache-key.js'
import {record} from '../build/record.js'
import type {InlineOptions} from '../config/resolve.js'
import {assemblePacket} from '../packet/assemble.js'
import {FILL_TOC, readPacketFile} from '../packet/build-packet.js'
import {toPrintHtml} from '../paginate/print-html.js'
import {pageUrl} from '../paginate/origin.js'
import {previewHtml, type PreviewContext, type PreviewDocument} from './document.js'

export async function buildPacketPreview(path: string, context: PreviewContext, options: InlineOptions, previous?: PreviewDocument): Promise<PreviewDocument> {
  const htmlPath = resolve(join(context.outDir, basename(path, extname(path)) + '.html'))
  const doc: PreviewDocument = {
    input: path,
    title: previous?.title ?? basename(path),
    path: new URL(pageUrl(htmlPath)).pathname,
    version: previous?.version ?? 0,
    job: previous?.job,
    printable: previous?.printable,
    packet: true,
    messages: [],
    ok: false,
    dependencies: previous?.dependencies ?? [path]
  }
  const {packet, file} = await readPacketFile(path, {root: options.root, maxInputSize: options.maxInputSize})
  if (!packet) return {...doc, messages: file.messages}
  doc.title = packet.title
  let assembled
  try {
    assembled = await assemblePacket(packet, dirname(htmlPath), options)
  } catch (error) {
    const failed = new VFile({path})
    record(failed, error)
    return {...doc, messages: failed.messages, dependencies: [path, ...packet.articles]}
  }
  doc.messages = [file, ...assembled.articles].flatMap((one) => one.messages)
  doc.dependencies = [...new Set([...assembled.inputs, ...assembled.articles.flatMap((article) => dependencies({input: String(article.path), outputs: [], file: article, ok: true, milliseconds: 0}))])]
  doc.ok = !doc.messages.some((m) => m.fatal)
  if (!doc.ok) return doc
  const meta = {title: packet.title, lang: packet.lang, papersize: packet.papersize}
  const nonce = randomBytes(16).toString('base64')
  doc.printable = {tree: structuredClone(assembled.tree), meta, resources: assembled.resources}
  doc.job = {
    url: pageUrl(htmlPath),
    html: previewHtml(toPrintHtml(assembled.tree, {fonts: context.fonts, papersize: packet.papersize, nonce}), nonce, FILL_TOC),
    nonce,
    scripts: Boolean(context.scripts),
    local: new Set(assembled.resources.local.keys()),
    access: context.access,
    refused: []
  }
  doc.version++
  return doc
}

/**
 * A reading packet in the preview: the whole volume bound as `handout
 * packet` binds it (cover, contents, every article with its references), its
 * contents' page numbers filled in from the pages, rebuilt when the packet
 * file, an article or a file an article read changes.
 */
import {basename, dirname} from 'node:path'
import {VFile} from 'vfile'
import {dependencies} from '../build/cache-key.js'
import {record} from '../build/record.js'
import type {InlineOptions} from '../config/resolve.js'
import {assemblePacket} from '../packet/assemble.js'
import {FILL_TOC, readPacketFile} from '../packet/build-packet.js'
import {pageUrl} from '../paginate/origin.js'
import {htmlPathOf, withPages, type PreviewContext, type PreviewDocument} from './document.js'

export async function buildPacketPreview(path: string, context: PreviewContext, options: InlineOptions, previous?: PreviewDocument): Promise<PreviewDocument> {
  const htmlPath = htmlPathOf(path, context)
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
  doc.dependencies = [...new Set([...assembled.inputs, ...assembled.articles.flatMap((article) => dependencies({input: String(article.path), file: article}))])]
  doc.ok = !doc.messages.some((m) => m.fatal)
  if (!doc.ok) return doc
  const meta = {title: packet.title, lang: packet.lang, papersize: packet.papersize}
  return withPages(doc, context, {htmlPath, tree: assembled.tree, meta, resources: assembled.resources, scripts: Boolean(context.scripts), after: FILL_TOC})
}

/**
 * PDF metadata after printing: Title, Author, Subject (abstract), Keywords,
 * language, Creator/Producer and fixed dates, so the same input gives the same
 * bytes. pdf-lib keeps the structure tree (tags) and the outline Chromium wrote.
 */
import {PDFDocument, PDFName, PDFString} from 'pdf-lib'

export interface PdfMetadata {
  title?: string | undefined
  author?: string | undefined
  subject?: string | undefined
  keywords?: string[] | undefined
  lang?: string | undefined
  /** Creation and modification date. */
  date: Date
  producer: string
}

export async function finishPdf(raw: Uint8Array, meta: PdfMetadata): Promise<Uint8Array> {
  const doc = await PDFDocument.load(raw, {updateMetadata: false})
  if (meta.title) doc.setTitle(meta.title, {showInWindowTitleBar: true})
  if (meta.author) doc.setAuthor(meta.author)
  if (meta.subject) doc.setSubject(meta.subject)
  if (meta.keywords?.length) doc.setKeywords(meta.keywords)
  if (meta.lang) doc.catalog.set(PDFName.of('Lang'), PDFString.of(meta.lang))
  doc.setCreator(meta.producer)
  doc.setProducer(meta.producer)
  doc.setCreationDate(meta.date)
  doc.setModificationDate(meta.date)
  // Chromium writes a random document ID; derive it from the content instead.
  delete (doc.context.trailerInfo as {ID?: unknown}).ID
  return doc.save({useObjectStreams: false})
}

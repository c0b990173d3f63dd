/**
 * PDF metadata after printing: Title, Author, Subject (abstract), Keywords,
 * language, Creator/Producer and fixed dates, so the same input gives the same
 * bytes. pdf-lib keeps the structure tree (tags) and the outline Chromium wrote.
 */
import {PDFArray, PDFDict, PDFDocument, PDFHexString, PDFName, PDFString, type PDFObject} from 'pdf-lib'

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

export async function finishPdf(raw: Uint8Array, meta: PdfMetadata): Promise<{bytes: Uint8Array; pages: number}> {
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
  // Chromium writes a random document ID; drop it.
  delete (doc.context.trailerInfo as {ID?: unknown}).ID
  renumberStructureIds(doc)
  return {bytes: await doc.save({useObjectStreams: false}), pages: doc.getPageCount()}
}

function text(value: PDFObject | undefined): string | undefined {
  return value instanceof PDFString || value instanceof PDFHexString ? value.decodeText() : undefined
}

/**
 * Chromium names structure elements after DOM node ids (`node00000262`),
 * which differ from run to run. Renumber them in their original order, in
 * the elements and in the structure tree's /IDTree, so the bytes repeat.
 */
function renumberStructureIds(doc: PDFDocument): void {
  const elements: Array<[PDFDict, string]> = []
  for (const [, object] of doc.context.enumerateIndirectObjects()) {
    if (!(object instanceof PDFDict) || object.get(PDFName.of('Type')) !== PDFName.of('StructElem')) continue
    const id = text(object.get(PDFName.of('ID')))
    if (id !== undefined) elements.push([object, id])
  }
  const key = (id: string): number => Number(/\d+/.exec(id)?.[0] ?? 0)
  const ordered = [...new Set(elements.map(([, id]) => id))].sort((a, b) => key(a) - key(b) || a.localeCompare(b))
  const renamed = new Map(ordered.map((id, i) => [id, `id${String(i).padStart(6, '0')}`]))
  const rename = (array: PDFArray): void => {
    for (let i = 0; i < array.size(); i++) {
      const old = text(array.get(i))
      if (old !== undefined && renamed.has(old)) array.set(i, PDFString.of(renamed.get(old)!))
    }
  }
  for (const [element, id] of elements) element.set(PDFName.of('ID'), PDFString.of(renamed.get(id)!))
  // Table cells point at their header cells by id (/A << /O /Table /Headers [...] >>).
  for (const [, object] of doc.context.enumerateIndirectObjects()) {
    if (!(object instanceof PDFDict) || object.get(PDFName.of('Type')) !== PDFName.of('StructElem')) continue
    const attributes = object.lookup(PDFName.of('A'))
    const list = attributes instanceof PDFArray ? attributes.asArray().map((a) => doc.context.lookup(a)) : [attributes]
    for (const entry of list) {
      const headers = entry instanceof PDFDict ? entry.lookup(PDFName.of('Headers')) : undefined
      if (headers instanceof PDFArray) rename(headers)
    }
  }

  const root = doc.catalog.lookup(PDFName.of('StructTreeRoot'))
  const tree = root instanceof PDFDict ? root.lookup(PDFName.of('IDTree')) : undefined
  const visit = (node: unknown): void => {
    if (!(node instanceof PDFDict)) return
    for (const name of ['Names', 'Limits']) {
      const array = node.lookup(PDFName.of(name))
      if (array instanceof PDFArray) rename(array)
    }
    const kids = node.lookup(PDFName.of('Kids'))
    if (kids instanceof PDFArray) for (let i = 0; i < kids.size(); i++) visit(kids.lookup(i))
  }
  visit(tree)
}

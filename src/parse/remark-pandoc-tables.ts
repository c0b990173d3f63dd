/**
 * remark plugin: tables as Pandoc has them. Simple, multiline and grid
 * tables (table-syntax.ts finds them, table-read.ts reads them) and GFM's
 * pipe tables all become one `pandocTable` node, with a caption from a
 * `Table: …` or `: …` paragraph just before or after, alignment, and
 * relative widths where Pandoc gives them (multiline and grid tables; pipe
 * tables with a line longer than 72 characters). Cells are parsed with the
 * document's own syntax, before any other transform runs (so citations,
 * notes and math in cells work), with their places in the manuscript.
 */
import type {Paragraph, Parent, PhrasingContent, Root, RootContent, Table} from 'mdast'
import type {Point, Position} from 'unist'
import type {Processor} from 'unified'
import type {VFile} from 'vfile'
import {fromMarkdown} from 'mdast-util-from-markdown'
import {EXIT, visit} from 'unist-util-visit'
import {readTable, type Align, type CellLine} from './table-read.js'
import {tableFromMarkdown, tableSyntax, type PandocTableRaw} from './table-syntax.js'

export interface PandocTable extends Parent {
  type: 'pandocTable'
  align: Align[]
  widths?: number[] | undefined
  /** How many of the rows are the header. */
  headRows: number
  children: Array<PandocTableCaption | PandocTableRow>
}

export interface PandocTableCaption extends Parent {
  type: 'pandocTableCaption'
  children: PhrasingContent[]
}

export interface PandocTableRow extends Parent {
  type: 'pandocTableRow'
  children: PandocTableCell[]
}

export interface PandocTableCell extends Parent {
  type: 'pandocTableCell'
  children: RootContent[]
}

declare module 'mdast' {
  interface RootContentMap {
    pandocTable: PandocTable
    pandocTableCaption: PandocTableCaption
    pandocTableRow: PandocTableRow
    pandocTableCell: PandocTableCell
  }
  interface BlockContentMap {
    pandocTable: PandocTable
  }
}

/** `Table: caption`, `table: caption` or `: caption` (a `:` not followed by punctuation). */
const CAPTION = /^(?:[Tt]able:|:(?![!-/:-@[-`{-~]))[ \t]*/

export default function remarkPandocTables(this: Processor): (tree: Root, file: VFile) => void {
  const data = this.data()
  ;(data.micromarkExtensions ||= []).push(tableSyntax())
  ;(data.fromMarkdownExtensions ||= []).push(tableFromMarkdown())
  return (tree, file) => {
    // Most documents have no table: the manuscript's lines are split only for one that has.
    let any = false
    visit(tree, (node) => {
      if (node.type === 'table' || node.type === 'pandocTableRaw' || node.type === 'pandocTableRule') any = true
      return any ? EXIT : undefined
    })
    if (!any) return
    const source = String(file.value)
    const lines = source.split(/\r?\n|\r/)
    const starts: number[] = []
    let offset = 0
    for (const line of lines) {
      starts.push(offset)
      offset += line.length + 1
    }
    const context: Context = {
      lines,
      starts,
      parse: (text) => fromMarkdown(text, {extensions: data.micromarkExtensions ?? [], mdastExtensions: data.fromMarkdownExtensions ?? []})
    }
    context.definitions = definitions(tree)
    transform(tree, context)
  }
}

/**
 * Stand-ins for the document's link and note definitions, added to a cell's
 * text when it is parsed, so that `[text][ref]` and `[^note]` in a cell
 * resolve (micromark only reads references whose definition it has seen).
 */
function definitions(tree: Root): Array<{label: string; text: string}> {
  const out: Array<{label: string; text: string}> = []
  visit(tree, (node) => {
    if (node.type === 'definition') out.push({label: (node.label ?? node.identifier).toLowerCase(), text: `[${node.label ?? node.identifier}]: <>`})
    else if (node.type === 'footnoteDefinition') out.push({label: (node.label ?? node.identifier).toLowerCase(), text: `[^${node.label ?? node.identifier}]: x`})
  })
  return out
}

interface Context {
  /** The document's link and note definitions (label lower-cased), for cells that name them. */
  definitions?: Array<{label: string; text: string}>
  /** The manuscript's lines, and the offset each starts at. */
  lines: string[]
  starts: number[]
  parse(text: string): Root
}

function transform(parent: Parent, context: Context): void {
  const children = parent.children as RootContent[]
  for (let index = 0; index < children.length; index++) {
    const child = children[index]!
    let table: PandocTable | undefined
    if (child.type === 'pandocTableRule') {
      const joined = joinSimple(parent, index, context)
      if (joined) {
        table = fromRaw(joined.raw, context)
        if (table) {
          children.splice(joined.from, joined.count, child)
          index = joined.from
        }
      }
      if (!table) {
        // Dashes in groups under a line that is no table header: the rule CommonMark reads.
        children[index] = {type: 'thematicBreak', position: child.position} as RootContent
        continue
      }
    } else if (child.type === 'pandocTableRaw') table = fromRaw(child, context)
    else if (child.type === 'table') table = fromPipe(child, context)
    else if ('children' in child) transform(child, context)
    if (!table) {
      // A raw table Pandoc would not read stays as its text.
      if (child.type === 'pandocTableRaw') children[index] = {type: 'paragraph', children: [{type: 'text', value: child.value}], position: child.position} as Paragraph
      continue
    }
    children[index] = table
    index = caption(children, index)
  }
}

/** Pandoc's Markdown never reads these as table rows' neighbours: a row ends at a blank line. */
const BLANK = /^\s*$/

/**
 * A simple table with a header: the one-line paragraph before the rule is
 * the header, the lines after it (to a blank line) the rows, whatever they
 * were read as. Only at the top level, where the manuscript's lines are the
 * table's.
 */
function joinSimple(parent: Parent, index: number, context: Context): {raw: PandocTableRaw; from: number; count: number} | undefined {
  const children = parent.children as RootContent[]
  const rule = children[index]!
  const header = children[index - 1]
  const headerBlock = header?.type === 'paragraph' || (header?.type === 'code' && !header.lang)
  if (parent.type !== 'root' || !headerBlock || !header.position || !rule.position) return undefined
  const headerLine = header.position.start.line
  if (header.position.end.line !== headerLine || rule.position.start.line !== headerLine + 1) return undefined
  let last = rule.position.start.line
  while (last < context.lines.length && !BLANK.test(context.lines[last]!)) last++
  if (last === rule.position.start.line) return undefined
  let count = 2
  while (index + count - 1 < children.length) {
    const next = children[index + count - 1]!
    if (!next.position || next.position.start.line > last) break
    if (next.position.end.line > last) return undefined
    count++
  }
  const lines = context.lines.slice(headerLine - 1, last)
  const indent = lines[0]!.length - lines[0]!.trimStart().length
  const start = {line: headerLine, column: 1 + indent, offset: (context.starts[headerLine - 1] ?? 0) + indent}
  const end = {line: last, column: lines[lines.length - 1]!.length + 1, offset: (context.starts[last - 1] ?? 0) + lines[lines.length - 1]!.length}
  return {raw: {type: 'pandocTableRaw', value: lines.join('\n'), position: {start, end}}, from: index - 1, count}
}

/** Take a caption paragraph from beside the table at `index`; the table's new index. */
function caption(children: RootContent[], index: number): number {
  const table = children[index] as PandocTable
  const after = children[index + 1]
  const before = children[index - 1]
  let found: PhrasingContent[] | undefined
  if (after?.type === 'paragraph' && captionText(after)) {
    found = captionText(after)
    children.splice(index + 1, 1)
  } else if (before?.type === 'paragraph' && captionText(before)) {
    found = captionText(before)
    children.splice(index - 1, 1)
    index--
  } else if (before?.type === ('defList' as string)) {
    // `Text\n\n: caption` before a table reads, to a definition-list parser, as a term and its definition.
    found = captionFromDefinitionList(children, index)
    if (found && children[index - 1] !== before) index = children.indexOf(table)
  }
  if (found) table.children.unshift({type: 'pandocTableCaption', children: found})
  return index
}

function captionText(paragraph: Paragraph): PhrasingContent[] | undefined {
  const first = paragraph.children[0]
  if (first?.type !== 'text' || !CAPTION.test(first.value)) return undefined
  const rest = first.value.replace(CAPTION, '')
  return rest ? [{...first, value: rest}, ...paragraph.children.slice(1)] : paragraph.children.slice(1)
}

function captionFromDefinitionList(children: RootContent[], index: number): PhrasingContent[] | undefined {
  const list = children[index - 1] as unknown as Parent
  const items = list.children as Array<Parent & {type: string}>
  const description = items[items.length - 1]
  const term = items[items.length - 2]
  if (description?.type !== 'defListDescription' || term?.type !== 'defListTerm') return undefined
  if (items.length >= 3 && items[items.length - 3]?.type === 'defListTerm') return undefined
  const [paragraph, ...more] = description.children as RootContent[]
  if (!paragraph || paragraph.type !== 'paragraph' || more.length > 0) return undefined
  const termParagraph = {type: 'paragraph', children: term.children, position: term.position} as Paragraph
  items.splice(items.length - 2, 2)
  if (items.length === 0) children.splice(index - 1, 1, termParagraph)
  else children.splice(index, 0, termParagraph)
  return paragraph.children
}

function fromRaw(raw: PandocTableRaw, context: Context): PandocTable | undefined {
  const lines = raw.value.split(/\r?\n|\r/)
  const model = readTable(lines)
  if (!model || model.align.length === 0) return undefined
  const start = raw.position?.start
  const place = (line: CellLine): Point | undefined => {
    if (!start) return undefined
    const indent = line.line === 0 ? lines[0]!.length - lines[0]!.trimStart().length : 0
    const column = line.line === 0 ? start.column - indent + line.column : line.column + 1
    const lineNumber = start.line + line.line
    return {line: lineNumber, column, offset: (context.starts[lineNumber - 1] ?? 0) + column - 1}
  }
  const cell = (lines: CellLine[]): PandocTableCell => ({type: 'pandocTableCell', children: parseCell(lines, model.blocks, context, place)})
  const rows = [...model.head, ...model.body].map((row): PandocTableRow => ({type: 'pandocTableRow', children: row.map(cell)}))
  const table: PandocTable = {type: 'pandocTable', align: model.align, widths: model.widths, headRows: model.head.length, children: rows}
  if (raw.position) table.position = raw.position
  return table
}

/** A cell's text parsed as Markdown: inlines (one paragraph) or, in grid tables, blocks. */
function parseCell(lines: CellLine[], blocks: boolean, context: Context, place: (line: CellLine) => Point | undefined): RootContent[] {
  const text = lines.map((line) => line.text).join('\n')
  if (!text.trim()) return []
  // Only the definitions whose label the cell's text holds: a document with
  // hundreds of links must not make each cell parse all of them.
  const lower = text.includes('[') ? text.toLowerCase() : ''
  const references = lower && context.definitions ? context.definitions.filter((d) => lower.includes(d.label)).map((d) => d.text).join('\n\n') : ''
  const root = context.parse(references ? `${text}\n\n${references}` : text)
  if (references) root.children = root.children.filter((child) => !child.position || child.position.start.line <= lines.length)
  relocate(root, lines, place)
  const children = root.children
  if (!blocks || (children.length === 1 && children[0]!.type === 'paragraph')) {
    return children.flatMap((child) => (child.type === 'paragraph' ? child.children : [child])) as RootContent[]
  }
  return children
}

/** Positions in the cell's text -> places in the manuscript (a citation's items have their own). */
function relocate(node: RootContent | Root, lines: CellLine[], place: (line: CellLine) => Point | undefined): void {
  const map = (point: Point): Point => {
    const line = lines[point.line - 1]
    const at = line ? place(line) : undefined
    if (!at) return point
    return {line: at.line, column: at.column + point.column - 1, offset: (at.offset ?? 0) + point.column - 1}
  }
  const move = (position: Position | undefined): Position | undefined => position && {start: map(position.start), end: map(position.end)}
  if (node.position) node.position = move(node.position)
  if (node.type === 'cite') for (const item of node.citations) item.position = move(item.position)
  if ('children' in node) for (const child of node.children as RootContent[]) relocate(child, lines, place)
}

/** A GFM pipe table as a Pandoc table: widths from its dashes when a line is longer than 72 characters. */
function fromPipe(node: Table, context: Context): PandocTable {
  const rows = node.children.map((row): PandocTableRow => ({
    type: 'pandocTableRow',
    children: row.children.map((cell): PandocTableCell => ({type: 'pandocTableCell', children: cell.children as RootContent[], position: cell.position}))
  }))
  const header = rows[0]
  // Pandoc's headerless pipe table: a header row of empty cells.
  const headRows = header && header.children.every((cell) => cell.children.length === 0) ? 0 : 1
  if (headRows === 0) rows.shift()
  const table: PandocTable = {
    type: 'pandocTable',
    align: (node.align ?? []).map((a) => a ?? null),
    widths: pipeWidths(node, context),
    headRows,
    children: rows
  }
  if (node.position) table.position = node.position
  return table
}

function pipeWidths(node: Table, context: Context): number[] | undefined {
  const start = node.position?.start.line
  const end = node.position?.end.line
  if (!start || !end) return undefined
  const lines = context.lines.slice(start - 1, end)
  if (!lines.some((line) => line.length > 72)) return undefined
  const rule = lines[1]
  if (!rule) return undefined
  const cells = rule.trim().replace(/^\||\|$/g, '').split('|')
  const dashes = cells.map((cell) => (cell.match(/-/g)?.length ?? 0) + (cell.match(/:/g)?.length ?? 0))
  const total = dashes.reduce((a, b) => a + b, 0)
  return total > 0 ? dashes.map((d) => d / total) : undefined
}

/**
 * Pandoc's simple, multiline and grid tables, read from their lines
 * (table-syntax.ts finds them) as Pandoc's Markdown reader reads them:
 * columns from the dashed line (or the grid's `+` signs), alignment from
 * where the header text sits against its dashes (or `:` in a grid rule),
 * relative widths for multiline and grid tables. Columns count display
 * width: an East Asian wide character takes two.
 */
import {DASHES, GRID_BORDER} from './table-syntax.js'

export type Align = 'left' | 'right' | 'center' | null

/** One line of a cell's text and where it starts in the table's lines. */
export interface CellLine {
  text: string
  /** Index of the table line. */
  line: number
  /** Index of the cell text's first character in that line. */
  column: number
}

export interface TableModel {
  align: Align[]
  /** Fractions of the text width, when Pandoc gives widths. */
  widths?: number[] | undefined
  head: CellLine[][][]
  body: CellLine[][][]
  /** Grid cells hold blocks; other cells hold one line of inlines. */
  blocks: boolean
}

/** Pandoc's default `--columns`. */
const COLUMNS = 72

/** Characters that take no column: combining marks, zero-width (non-)joiners and spaces. */
const ZERO = /[\p{M}\u200B-\u200F\u2060\uFEFF]/u

const WIDE = /[\u1100-\u115F\u2E80-\u303E\u3041-\u33FF\u3400-\u4DBF\u4E00-\u9FFF\uA000-\uA4CF\uAC00-\uD7A3\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFF60\uFFE0-\uFFE6\u{20000}-\u{3FFFD}]/u

/** The line's characters with the display column each starts at. */
function cells(line: string): Array<{char: string; at: number; index: number}> {
  const out: Array<{char: string; at: number; index: number}> = []
  let at = 0
  let index = 0
  for (const char of line) {
    out.push({char, at, index})
    at += columns(char)
    index += char.length
  }
  return out
}

/** The part of `line` from display column `from` to `to` (exclusive), with where it starts. */
function slice(line: string, from: number, to: number): {text: string; index: number} {
  const chars = cells(line).filter((c) => c.at >= from && c.at < to)
  return {text: chars.map((c) => c.char).join(''), index: chars[0]?.index ?? line.length}
}

/** Display width of a string. */
function width(text: string): number {
  let total = 0
  for (const char of text) total += columns(char)
  return total
}

function columns(char: string): number {
  return ZERO.test(char) ? 0 : WIDE.test(char) ? 2 : 1
}

/** Runs of `-` in a dashed line: where each starts and how long its dashes are. */
function dashRuns(line: string): Array<{start: number; length: number}> {
  return [...line.matchAll(/-+/g)].map((m) => ({start: width(line.slice(0, m.index)), length: m[0].length}))
}

/** Pandoc's `alignType`: the header text against its dashes. */
function alignType(pieces: string[], length: number): Align {
  const texts = pieces.map((p) => p.trimEnd()).filter((p) => p.length > 0).sort((a, b) => a.length - b.length)
  const shortest = texts[0]
  if (shortest === undefined) return null
  const left = shortest.startsWith(' ')
  const right = width(shortest) < length
  if (left && !right) return 'right'
  if (!left && right) return 'left'
  if (left && right) return 'center'
  return null
}

/** Pandoc's `widthsFromIndices`. */
function widthsFromIndices(indices: number[]): number[] {
  const lengths = indices.map((value, index) => value - (index === 0 ? 0 : indices[index - 1]!))
  const n = lengths.length
  // The last column's length has no space after it: compensate, as Pandoc does.
  if (n >= 3 && lengths[n - 1]! < lengths[n - 2]! && lengths[n - 2]! - lengths[n - 1]! <= 2) lengths[n - 1] = lengths[n - 2]!
  const total = lengths.reduce((a, b) => a + b, 0)
  const quotient = Math.max(total, COLUMNS, indices[indices.length - 1] ?? 0)
  return lengths.slice(1).map((length) => length / quotient)
}

/** The cells of one row made of `rows` (indices into `lines`), cut at `bounds`. */
function cutRow(lines: string[], rows: number[], bounds: Array<[number, number]>): CellLine[][] {
  return bounds.map(([from, to]) =>
    rows.map((line) => {
      const piece = slice(lines[line]!, from, to)
      const lead = piece.text.length - piece.text.trimStart().length
      return {text: piece.text.trim(), line, column: piece.index + lead}
    })
  )
}

function boundsFrom(runs: Array<{start: number}>): Array<[number, number]> {
  return runs.map((run, index) => [index === 0 ? run.start : run.start, index + 1 < runs.length ? runs[index + 1]!.start : Number.POSITIVE_INFINITY])
}

const BLANK = /^\s*$/

export function readTable(lines: string[]): TableModel | undefined {
  const first = lines[0]!
  if (GRID_BORDER.test(first)) return readGrid(lines)
  if (DASHES.test(first)) return readDashed(lines)
  return readSimple(lines)
}

/** A simple table with a header: header, dashes, one line per row. */
function readSimple(lines: string[]): TableModel {
  const runs = dashRuns(lines[1]!)
  const bounds = boundsFrom(runs)
  const end = DASHES.test(lines[lines.length - 1]!) && lines.length > 3 ? lines.length - 1 : lines.length
  const head = [cutRow(lines, [0], bounds)]
  const body: CellLine[][][] = []
  for (let index = 2; index < end; index++) if (!BLANK.test(lines[index]!)) body.push(cutRow(lines, [index], bounds))
  const align = runs.map((run, index) => alignType([slice(lines[0]!, bounds[index]![0], bounds[index]![1]).text], run.length))
  return {align, head, body, blocks: false}
}

/** Tables that open with dashes: multiline (with or without header) or a simple table with no header. */
function readDashed(lines: string[]): TableModel {
  const last = lines.length - 1
  const separator = lines.findIndex((line, index) => index > 0 && index < last && DASHES.test(line))
  const headed = separator > 1 && dashRuns(lines[0]!).length === 1
  const columnsLine = headed ? separator : 0
  const runs = dashRuns(lines[columnsLine]!)
  const bounds = boundsFrom(runs)
  const bodyStart = columnsLine + 1
  const bodyLines = lines.slice(bodyStart, last)
  // No header and no blank line between rows: a simple table, one row per line.
  if (!headed && !bodyLines.some((line) => BLANK.test(line))) {
    const rows = bodyLines.map((_, index) => cutRow(lines, [bodyStart + index], bounds))
    const align = runs.map((run, index) => alignType([slice(lines[bodyStart]!, bounds[index]![0], bounds[index]![1]).text], run.length))
    return {align, head: [], body: rows, blocks: false}
  }
  const headLines = headed ? range(1, separator) : []
  const head = headed ? [cutRow(lines, headLines, bounds)] : []
  const body: CellLine[][][] = []
  let group: number[] = []
  for (let index = bodyStart; index <= last; index++) {
    if (index === last || BLANK.test(lines[index]!)) {
      if (group.length > 0) body.push(cutRow(lines, group, bounds))
      group = []
    } else group.push(index)
  }
  const alignLines = headed ? headLines : body.length > 0 ? [bodyStart] : []
  const align = runs.map((run, index) => alignType(alignLines.map((line) => slice(lines[line]!, bounds[index]![0], bounds[index]![1]).text), run.length))
  const indices = [runs[0]!.start, ...runs.slice(1).map((run) => run.start), runs[runs.length - 1]!.start + runs[runs.length - 1]!.length]
  return {align, widths: widthsFromIndices(indices), head: head.map(joinCells), body: body.map(joinCells), blocks: false}
}

/** A multiline cell's lines, blank ones dropped (its text is one paragraph). */
function joinCells(row: CellLine[][]): CellLine[][] {
  return row.map((cell) => cell.filter((line) => line.text.length > 0))
}

function range(from: number, to: number): number[] {
  return Array.from({length: to - from}, (_, index) => from + index)
}

/** A grid table: `+` signs mark the columns, `=` the end of the header, `:` alignment. */
function readGrid(lines: string[]): TableModel | undefined {
  const top = lines[0]!
  const pluses = cells(top).filter((c) => c.char === '+').map((c) => c.at)
  if (pluses.length < 2) return undefined
  const bounds: Array<[number, number]> = pluses.slice(0, -1).map((at, index) => [at + 1, pluses[index + 1]!])
  const borders = lines.map((line, index) => (GRID_BORDER.test(line) ? index : -1)).filter((index) => index >= 0)
  const headerRule = borders.find((index) => lines[index]!.includes('='))
  const rows: Array<{lines: number[]; head: boolean}> = []
  const ends = [...borders, ...(borders[borders.length - 1] === lines.length - 1 ? [] : [lines.length])]
  for (let b = 0; b + 1 < ends.length; b++) {
    const inner = range(ends[b]! + 1, ends[b + 1]!)
    if (inner.length > 0) rows.push({lines: inner, head: headerRule !== undefined && ends[b + 1]! <= headerRule})
  }
  const alignLine = lines[headerRule ?? 0]!
  const align = bounds.map(([from, to]) => {
    const rule = slice(alignLine, from, to).text
    const left = rule.startsWith(':')
    const right = rule.endsWith(':')
    return left && right ? 'center' : right ? 'right' : left ? 'left' : null
  })
  const cut = (row: number[]) =>
    bounds.map(([from, to]) => {
      const pieces = row.map((line) => ({...slice(lines[line]!, from, to), line}))
      // Drop the one space after each `|`, as Pandoc does, and trailing space.
      const spaced = pieces.every((p) => p.text === '' || p.text.startsWith(' '))
      return pieces.map((p) => ({
        text: (spaced ? p.text.slice(1) : p.text).trimEnd(),
        line: p.line,
        column: p.index + (spaced && p.text.startsWith(' ') ? 1 : 0)
      }))
    })
  const head = rows.filter((r) => r.head).map((r) => cut(r.lines))
  const body = rows.filter((r) => !r.head).map((r) => cut(r.lines))
  const indices = pluses.map((at) => at - pluses[0]!)
  return {align, widths: widthsFromIndices([0, ...indices.slice(1)]), head, body, blocks: true}
}

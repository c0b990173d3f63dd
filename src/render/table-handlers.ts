/**
 * Tables as Pandoc's HTML5 writer writes them: `caption`, a `colgroup` of
 * relative widths (and the table's own width) when the table has widths,
 * `thead` only when there is a header, and alignment as
 * `style="text-align: …"` on each cell.
 */
import type {Element, ElementContent, Properties} from 'hast'
import type {Handler, State} from 'mdast-util-to-hast'
import type {PandocTable, PandocTableCaption, PandocTableCell, PandocTableRow} from '../parse/remark-pandoc-tables.js'

const NL: ElementContent = {type: 'text', value: '\n'}

function element(tagName: string, properties: Properties, children: ElementContent[]): Element {
  return {type: 'element', tagName, properties, children}
}

function lines(children: ElementContent[]): ElementContent[] {
  return children.flatMap((child) => [NL, child]).concat(children.length > 0 ? [NL] : [])
}

const pandocTable: Handler = (state: State, given): Element => {
  const node = given as PandocTable
  const caption = node.children.find((c): c is PandocTableCaption => c.type === 'pandocTableCaption')
  const rows = node.children.filter((c): c is PandocTableRow => c.type === 'pandocTableRow')
  const children: ElementContent[] = []
  const properties: Properties = {}
  // A caption's id (a cross-reference label) is the table's target: in print, where a table breaks
  // before its first row, the caption is on the page the table shows on.
  if (caption) children.push(state.applyData(caption, element('caption', {}, state.all(caption))))
  const widths = node.widths?.length === node.align.length ? node.widths : undefined
  if (widths) {
    const total = widths.reduce((a, b) => a + b, 0)
    if (total < 0.995) properties.style = `width:${Math.round(total * 100)}%;`
    children.push(element('colgroup', {}, lines(widths.map((w) => element('col', {style: `width: ${Math.trunc(w * 100)}%`}, [])))))
  }
  const row = (r: PandocTableRow, cell: 'th' | 'td', index: number) =>
    element('tr', {className: [cell === 'th' ? 'header' : index % 2 === 0 ? 'odd' : 'even']}, lines(
      r.children.map((c: PandocTableCell, column) => {
        const align = node.align[column]
        const result = element(cell, align ? {style: `text-align: ${align};`} : {}, state.all(c))
        state.patch(c, result)
        return result
      })
    ))
  const head = rows.slice(0, node.headRows)
  const body = rows.slice(node.headRows)
  if (head.length > 0) children.push(element('thead', {}, lines(head.map((r, i) => row(r, 'th', i)))))
  // Pandoc writes a tbody even when the table has no body rows.
  children.push(element('tbody', {}, lines(body.map((r, i) => row(r, 'td', i)))))
  const result = element('table', properties, lines(children))
  state.patch(given, result)
  return result
}

export const tableHandlers: Record<string, Handler> = {pandocTable}

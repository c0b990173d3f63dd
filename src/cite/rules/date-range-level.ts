/**
 * citeproc-js prints the end of a date range into a queue (`dateput`) whose
 * open level carries the affixes and formatting of the *last `<date>` the style
 * compiles*, not of the date being printed. So the first range an engine
 * prints borrows another date's affixes: Nature's "(Addison-Wesley,
 * 1984–(1986))", where Pandoc and the CSL specification give
 * "(Addison-Wesley, 1984–1986)". Later ranges reopen the level with that date's
 * formatting (its affixes removed), so a style whose last date is italic makes
 * every range end italic.
 *
 * Per engine, right after it is built: the level is reopened plain, and every
 * later range reopens it plain too. A range's own date and date-part
 * formatting still apply, as they wrap the whole range.
 */
import CSL from 'citeproc'

interface Queue {
  queue: unknown[]
  string(state: unknown, queue: unknown[]): unknown
  openLevel(token: unknown): void
}

interface DateRangeState {
  dateput: Queue
  tmp: {date_token?: unknown}
}

const Token = (CSL as unknown as {Token: new (name: string, type: number) => unknown}).Token
const START = (CSL as unknown as {START: number}).START

export function plainDateRanges(engine: object): void {
  const state = engine as DateRangeState
  state.tmp.date_token = new Token('date', START)
  // Empties the queue the style's compilation left open, as citeproc-js does before each range.
  state.dateput.string(state, state.dateput.queue)
  state.dateput.openLevel(state.tmp.date_token)
}

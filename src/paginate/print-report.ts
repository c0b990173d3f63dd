/**
 * What a print was refused or could not place, as warnings on the document:
 * blocks split, lost or cut at a page's foot (at their place in the
 * manuscript), URLs the sealed page refused (at the place that named them
 * when the build saw it), scripts not run, script errors.
 */
import type {Point} from 'unist'
import type {VFile} from 'vfile'
import type {RenderResult} from './pdf.js'
import type {PrintJob} from './sealed-page.js'
import {pathOf} from './origin.js'
import type {Resources} from '../render/rehype-resources.js'
import {firstLine} from '../errors.js'

/**
 * What the page was refused, and scripts that did not run, as warnings on the
 * document: at the place that named the URL when the build saw it there.
 */
export function report(file: VFile, job: PrintJob, rendered: RenderResult, request: {resources?: Resources | undefined; scripts: boolean}): void {
  // What did not fit on a page (places are the manuscript's, from print-html.ts).
  const place = (at: string): Point | undefined => {
    const [line, column] = at.split(':').map(Number)
    return line && column ? {line, column} : undefined
  }
  for (const at of new Set(rendered.split)) {
    const message = file.message('Taller than a page, so split across pages although its style says not to break inside (`break-inside: avoid`)', {ruleId: 'print-split', source: 'handout', place: place(at)})
    message.note = 'Shorten it, or split it into parts that each fit on a page'
  }
  for (const at of new Set(rendered.lost)) {
    const message = file.message('Lost in the PDF: this block could not be placed on any page', {ruleId: 'print-lost', source: 'handout', place: place(at)})
    message.note = 'It is taller than a page and cannot be split (an image, or a box with a fixed height): make it smaller'
  }
  for (const at of new Set(rendered.cut)) {
    if (rendered.lost.includes(at)) continue
    const message = file.message('Cut at the foot of its page in the PDF: this block is taller than a page and cannot be split', {ruleId: 'print-cut', source: 'handout', place: place(at)})
    message.note = 'Make it smaller than a page (an image: a smaller height; a box: no fixed height)'
  }
  const refused = request.resources?.refused ?? []
  const told = new Set<string>()
  const warn = (url: string, how: string): void => {
    if (told.has(url)) return
    told.add(url)
    const local = pathOf(url)
    // A file the build already reported missing.
    if (local && request.resources?.missing?.has(local)) return
    const known = refused.find((entry) => entry.url === url || safeUrl(entry.url, job.url) === url)
    const kind = known?.kind ?? (local ? 'other' : /^file:/i.test(url) ? 'file' : /^(https?|wss?|ftp):/i.test(url) ? 'remote' : 'other')
    const what = kind === 'remote' ? 'a network address' : kind === 'file' ? 'a local file by `file:` URL' : kind === 'script' ? 'a script URL' : 'not a file the document names inside the project'
    const message = file.message(`Not loaded in the PDF: \`${shorten(url)}\` (${what}; ${how})`, {ruleId: 'print-refused', source: 'handout', place: known?.place})
    if (known && known.file !== file.path) message.file = known.file
    message.note =
      kind === 'remote'
        ? 'The print page loads nothing from the network: download the file into the project and name it by its path'
        : 'The print page loads only files inside the project that the document names'
  }
  for (const {url, type} of job.refused) warn(url, `${type} refused`)
  for (const {uri, directive} of rendered.blocked) {
    // Scripts blocked by the policy are reported once below; `inline`/`eval` have no URL.
    if (/^(inline|eval|wasm-eval)$/.test(uri) || uri === '') continue
    warn(uri, `blocked by the page's ${directive} policy`)
  }
  const scripts = request.resources?.scripts ?? []
  if (!request.scripts && scripts.length > 0) {
    const first = scripts[0]!
    const message = file.message(
      `Scripts are not run in print: ${scripts.length} script${scripts.length === 1 ? '' : 's'} or event handler${scripts.length === 1 ? '' : 's'} in this document (the first here)`,
      {ruleId: 'print-script', source: 'handout', place: first.place}
    )
    message.note = 'Add `scripts: true` to the front matter (or build with `--scripts`) to run them; the network and file rules hold either way'
  }
  for (const error of rendered.errors) file.message(`Script error in the print page: ${firstLine(error)}`, {ruleId: 'print-script-error', source: 'handout'})
}

function safeUrl(url: string, base: string): string | undefined {
  try {
    return new URL(url, base).href
  } catch {
    return undefined
  }
}

function shorten(url: string): string {
  return url.length > 120 ? url.slice(0, 117) + '…' : url
}

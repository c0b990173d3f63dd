/**
 * remark plugin: cross-references, in pandoc-crossref's and Quarto's syntax.
 *
 * Labels: `![Caption](a.png){#fig:x}` (a figure), a table caption ending in
 * `{#tbl:x}`, `$$…$$ {#eq:x}` (a display equation), `# Heading {#sec:x}`;
 * Quarto's `#fig-x`, `@fig-x` too (a key of the bibliography stays a
 * citation: the plugin runs after remarkLoad).
 * Labelled figures, tables and equations are numbered in document order,
 * each kind on its own ("Figure 1: …" starts the caption, "(1)" stands at an
 * equation's right margin); sections take the heading's number in the
 * document's outline ("2.1"), counted from its top heading level.
 *
 * References are citations whose every key is a label (`@fig:x`,
 * `[@fig:a; @fig:b]`, `[-@tbl:x]`, `[see @sec:x]`): they become links with
 * the words of the document's language ("Figure 1", "Figures 1 and 2",
 * "Abbildung 1"), so remarkCiteproc never sees them. An unknown label is a
 * warning at the reference with the closest labels; a label given twice is
 * an error. `lof: true` and `lot: true` put lists of figures and tables
 * after the title; `crossref-pages: true` adds the page in the PDF
 * ("Figure 1 (p. 3)", from Paged.js's `target-counter`).
 *
 * Writes `file.data.crossrefs` (the labels, for a packet or a test).
 */
import type {Heading, List, ListItem, Parents, PhrasingContent, Root, RootContent, Text} from 'mdast'
import type {VFile} from 'vfile'
import type {Position} from 'unist'
import {SKIP, visit} from 'unist-util-visit'
import {toString} from 'mdast-util-to-string'
import type {Cite, CiteItem} from '../types.js'
import {closest, didYouMeanOf} from '../errors.js'
import {crossrefWords, type Kind, type Words} from './words.js'
import {classList} from '../parse/attributes.js'

/** One label of the document. */
export interface Crossref {
  kind: Kind
  /** "1", or a section's "2.1". */
  number: string
  /** The caption's text (figures and tables), for the lists. */
  caption?: PhrasingContent[] | undefined
  position?: Position | undefined
}

/** Every label, by id (`fig:x`), in document order. */
export type Crossrefs = Map<string, Crossref>

declare module 'vfile' {
  interface DataMap {
    /** The document's labels (remark-crossref.ts). */
    crossrefs: Crossrefs
  }
}

export const RULE_CROSSREF_UNKNOWN = 'crossref-unknown'
export const RULE_CROSSREF_DUPLICATE = 'crossref-duplicate'

/** A label as pandoc-crossref reads one: its kind, then a name without spaces or braces. */
const LABEL = /^(fig|tbl|eq|sec)[:-][^\s{}]+$/i
/** `{#tbl:x}` or `{#eq:x .class key=value}` at the end of a caption, or after an equation. */
const ATTRIBUTES = /\s*\{#((?:tbl|eq)[:-][^\s{}]+)[^{}]*\}\s*$/

export default function remarkCrossref() {
  return (tree: Root, file: VFile) => {
    const meta = file.data.meta ?? {}
    const words = crossrefWords(meta)
    const labels = new Map<string, Crossref>()
    const add = (id: string, label: Crossref): void => {
      const first = labels.get(id)
      if (first) {
        const message = file.message(`Label \`${id}\` is given twice (first at line ${first.position?.start.line ?? '?'})`, {ruleId: RULE_CROSSREF_DUPLICATE, source: 'handout', place: label.position})
        message.note = 'Each label names one figure, table, equation or section: rename one of them'
        message.fatal = true
        return
      }
      labels.set(id, label)
    }
    numberSections(tree, add)
    numberFigures(tree, words, add)
    numberTables(tree, words, add)
    numberEquations(tree, add)
    file.data.crossrefs = labels
    resolveReferences(tree, file, words, labels, Boolean(meta['crossref-pages']))
    const lists: RootContent[] = []
    if (meta.lof) lists.push(...listOf('fig', words.lofTitle, labels))
    if (meta.lot) lists.push(...listOf('tbl', words.lotTitle, labels))
    // After the front matter: the lists open the document, as pandoc-crossref puts them.
    const at = tree.children.findIndex((node) => node.type !== 'yaml')
    tree.children.splice(at < 0 ? tree.children.length : at, 0, ...lists)
  }
}

type Add = (id: string, label: Crossref) => void

/** The id a node was given with `{#…}`. */
function idOf(node: {data?: {hProperties?: Record<string, unknown> | undefined} | undefined}): string | undefined {
  const id = node.data?.hProperties?.id
  return typeof id === 'string' ? id : undefined
}

function hasClass(node: {data?: {hProperties?: Record<string, unknown> | undefined} | undefined}, name: string): boolean {
  return classList(node.data?.hProperties).includes(name)
}

/** Every numbered heading's place in the outline; those labelled `sec:` are recorded. */
function numberSections(tree: Root, add: Add): void {
  const headings: Heading[] = []
  visit(tree, (node) => {
    if (node.type === 'footnoteDefinition') return SKIP
    if (node.type === 'heading' && !hasClass(node, 'unnumbered')) headings.push(node)
    return undefined
  })
  // A fold, not Math.min(...): a document may have more headings than a call has arguments.
  const top = headings.reduce((least, heading) => Math.min(least, heading.depth), 6)
  const counters: number[] = []
  for (const heading of headings) {
    const level = heading.depth - top
    counters.length = level + 1
    for (let i = 0; i < level; i++) counters[i] ??= 0
    counters[level] = (counters[level] ?? 0) + 1
    const id = idOf(heading)
    if (id && /^sec[:-]/i.test(id)) add(id, {kind: 'sec', number: counters.join('.'), position: heading.position})
  }
}

/** The caption's number first: "Figure 1:" in a span of its own (styled as a label), then a space. */
function captionLabel(word: string, number: string, delimiter: string): PhrasingContent[] {
  const label = {type: 'crossrefLabel', data: {hName: 'span', hProperties: {className: ['caption-label']}}, children: [{type: 'text', value: `${word}\u00a0${number}${delimiter}`}]}
  return [label as unknown as PhrasingContent, {type: 'text', value: ' '}]
}

function numberFigures(tree: Root, words: Words, add: Add): void {
  let count = 0
  visit(tree, 'figure', (figure) => {
    const image = figure.children.find((child) => child.type === 'image' || child.type === 'imageReference')
    const caption = figure.children.find((child) => child.type === 'figcaption')
    const id = image && idOf(image)
    if (!image || !caption || !id || !/^fig[:-]/i.test(id)) return
    const number = String(++count)
    // The figure is the target (a link shows the whole of it; its page is the figure's).
    const properties = {...image.data!.hProperties}
    delete properties.id
    image.data = {...image.data, hProperties: properties}
    figure.data = {...figure.data, hProperties: {...figure.data?.hProperties, id}}
    add(id, {kind: 'fig', number, caption: [...caption.children], position: image.position ?? figure.position})
    caption.children = [...captionLabel(words.figureTitle, number, words.titleDelim), ...caption.children]
  })
}

function numberTables(tree: Root, words: Words, add: Add): void {
  let count = 0
  visit(tree, 'pandocTable', (table) => {
    const caption = table.children.find((child) => child.type === 'pandocTableCaption')
    const last = caption?.children[caption.children.length - 1]
    if (!caption || last?.type !== 'text') return
    const match = ATTRIBUTES.exec(last.value)
    if (!match || !/^tbl[:-]/i.test(match[1]!)) return
    last.value = last.value.slice(0, match.index)
    const id = match[1]!
    const number = String(++count)
    // The caption is the target: where Paged.js breaks a table before its first row, an empty
    // shell of the table stays on the page before, and a page reference would name that page.
    caption.data = {...caption.data, hProperties: {...caption.data?.hProperties, id}}
    add(id, {kind: 'tbl', number, caption: [...caption.children], position: caption.position ?? table.position})
    caption.children = [...captionLabel(words.tableTitle, number, words.titleDelim), ...caption.children]
  })
}

/** `$$…$$ {#eq:x}`: the equation and its number, "(1)", in one span with the label's id. */
function numberEquations(tree: Root, add: Add): void {
  let count = 0
  visit(tree, 'paragraph', (paragraph) => {
    const children = paragraph.children
    for (let i = 0; i < children.length - 1; i++) {
      const math = children[i]!
      const next = children[i + 1]!
      if (math.type !== 'displayMath' || next.type !== 'text') continue
      const match = /^\s*\{#(eq[:-][^\s{}]+)[^{}]*\}/i.exec(next.value)
      if (!match) continue
      const id = match[1]!
      const number = String(++count)
      next.value = next.value.slice(match[0].length)
      const equation = {
        type: 'crossrefEquation',
        data: {hName: 'span', hProperties: {className: ['equation'], id}},
        children: [math, {type: 'crossrefLabel', data: {hName: 'span', hProperties: {className: ['equation-number']}}, children: [{type: 'text', value: `(${number})`}]}]
      }
      if (math.position) (equation as {position?: Position}).position = math.position
      children.splice(i, 1, equation as unknown as PhrasingContent)
      add(id, {kind: 'eq', number, position: math.position})
    }
  })
}

/** A citation whose every key is a label is a cross-reference: its text, with links, takes its place. */
function resolveReferences(tree: Root, file: VFile, words: Words, labels: Map<string, Crossref>, pages: boolean): void {
  // A key of the bibliography is a citation, whatever it looks like (`sec-2019`).
  const isLabel = (item: CiteItem): boolean => LABEL.test(item.key) && !file.data.library?.items.has(item.key)
  visit(tree, 'cite', (cite: Cite, index, parent: Parents | undefined) => {
    if (!parent || index === undefined) return
    const [first, ...rest] = cite.citations
    let items = cite.citations
    let after: PhrasingContent[] = []
    if (!first || !isLabel(first)) return
    if (!rest.every(isLabel)) {
      // `@fig:x [@doe99]`: a narrative reference with a citation after it, one cluster to the
      // parser; the reference is resolved, the rest stays a (parenthetical) citation.
      if (first.mode !== 'author-in-text' || rest.some(isLabel)) return
      items = [first]
      after = [text(' '), {...cite, citations: rest} as PhrasingContent]
    }
    for (const item of items) warnUnknownLabel(file, item, cite, labels)
    const content = [...referenceText(items, words, labels, pages), ...after]
    ;(parent.children as PhrasingContent[]).splice(index, 1, ...content)
    return index + content.length
  })
}

/** A reference to a label the document does not have: a warning at its place, with the closest labels. */
function warnUnknownLabel(file: VFile, item: CiteItem, cite: Cite, labels: Map<string, Crossref>): void {
  if (labels.has(labelOf(item.key))) return
  const near = closest(labelOf(item.key), labels.keys())
  const hint = didYouMeanOf(near)
  const message = file.message(`Unknown cross-reference \`${item.key}\`${hint ? `, ${hint}` : ''}`, {ruleId: RULE_CROSSREF_UNKNOWN, source: 'handout', place: item.position ?? cite.position})
  message.note = 'Label the figure, table, equation or section with `{#' + item.key + '}`, or fix the reference. It is shown as `label?` in the output.'
  if (near.length) message.expected = near
}

/**
 * Items that read as one group: the same kind, prefix and mode, as
 * pandoc-crossref groups them ("[Figure @fig:a; @fig:b]" is "Figure 1" and
 * "Figure 2"), and no suffix between them.
 */
function runs(items: CiteItem[]): CiteItem[][] {
  const groups: CiteItem[][] = []
  for (const item of items) {
    const group = groups[groups.length - 1]
    const previous = group?.[group.length - 1]
    if (group && previous && kindOf(previous.key) === kindOf(item.key) && item.prefix === previous.prefix && !previous.suffix.trim() && previous.mode === item.mode) group.push(item)
    else groups.push([item])
  }
  return groups
}

function kindOf(key: string): Kind {
  return key.slice(0, separator(key)).toLowerCase() as Kind
}

/** Where the kind ends: pandoc-crossref's `fig:x`, Quarto's `fig-x`. */
function separator(key: string): number {
  return /[:-]/.exec(key)!.index
}

/** The label a reference names: `@Fig:x` is `fig:x` (the capital only capitalises the word). */
function labelOf(key: string): string {
  const at = separator(key)
  return key.slice(0, at).toLowerCase() + key.slice(at)
}

function referenceText(items: CiteItem[], words: Words, labels: Map<string, Crossref>, pages: boolean): PhrasingContent[] {
  const out: PhrasingContent[] = []
  const groups = runs(items)
  groups.forEach((group, g) => {
    if (g > 0) out.push(text(g === groups.length - 1 ? ` ${words.and} ` : ', '))
    const first = group[0]!
    // Each label once, in number order, as pandoc-crossref lists them ("[@fig:b; @fig:a]": "Figures 1 and 2").
    const known = [...new Map(group.filter((item) => labels.has(labelOf(item.key))).map((item) => [labelOf(item.key), item])).values()]
    const numbers = known.map((item) => ({item, number: labels.get(labelOf(item.key))!.number})).sort((a, b) => compareNumbers(a.number, b.number))
    const [singular, plural] = words.prefix[kindOf(first.key)]
    // A prefix of the writer's takes the word's place ("[Fig. @fig:a]": "Fig. 1"), as in
    // pandoc-crossref and Quarto; with `-@` it stands before the bare number ("[see -@fig:a]": "see 1").
    // `@Fig:x`: the word starts with a capital (pandoc-crossref's), whatever the prefix given.
    const suppressed = first.mode === 'suppress-author'
    const word = suppressed || numbers.length === 0 ? '' : first.prefix || capitalized(numbers.length === 1 ? singular : plural, /^[A-Z]/.test(first.key))
    if (first.prefix && !word) out.push(text(`${first.prefix} `))
    const link = (item: CiteItem, value: string): PhrasingContent => {
      const properties: Record<string, unknown> = {className: pages ? ['crossref', 'crossref-page'] : ['crossref']}
      if (pages) properties.dataPageLabel = words.page
      return {type: 'link', url: `#${labelOf(item.key)}`, children: [text(value)], data: {hProperties: properties}} as PhrasingContent
    }
    if (numbers.length === 1 && word) {
      out.push(link(numbers[0]!.item, `${word}\u00a0${numbers[0]!.number}`))
    } else {
      if (word) out.push(text(`${word}\u00a0`))
      const {pair, last, ref, range} = words.delimiters
      const parts = compress(numbers).map((part) => (part.length === 1 ? [link(part[0]!.item, part[0]!.number)] : [link(part[0]!.item, part[0]!.number), text(range), link(part[part.length - 1]!.item, part[part.length - 1]!.number)]))
      parts.forEach((part, i) => {
        if (i > 0) out.push(text(parts.length === 2 ? pair : i === parts.length - 1 ? last : ref))
        out.push(...part)
      })
    }
    for (const item of group) {
      if (labels.has(labelOf(item.key))) continue
      if (known.length > 0 || item !== group.find((i) => !labels.has(labelOf(i.key)))) out.push(text(', '))
      out.push({type: 'strong', children: [text(`${item.key}?`)]})
    }
    const suffix = group[group.length - 1]!.suffix
    if (suffix) out.push(text(suffix.startsWith(',') ? suffix : ` ${suffix}`))
  })
  return out
}

function capitalized(word: string, capital: boolean): string {
  return capital && word ? word[0]!.toUpperCase() + word.slice(1) : word
}

/** Section numbers ("2.10" after "2.9") and plain ones, in order. */
function compareNumbers(a: string, b: string): number {
  const x = a.split('.').map(Number)
  const y = b.split('.').map(Number)
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const d = (x[i] ?? -1) - (y[i] ?? -1)
    if (d !== 0) return Number.isNaN(d) ? a.localeCompare(b) : d
  }
  return 0
}

/** Runs of three or more consecutive numbers become a range ("1–3"), as pandoc-crossref writes them. */
function compress<T extends {number: string}>(numbers: T[]): T[][] {
  const parts: T[][] = []
  for (const entry of numbers) {
    const part = parts[parts.length - 1]
    const previous = part?.[part.length - 1]
    if (part && previous && /^\d+$/.test(entry.number) && Number(entry.number) === Number(previous.number) + 1) part.push(entry)
    else parts.push([entry])
  }
  return parts.flatMap((part) => (part.length >= 3 ? [part] : part.map((entry) => [entry])))
}

function text(value: string): Text {
  return {type: 'text', value}
}

/** A list of figures or tables: a heading and one linked line per label, "1 Caption" (the page follows in the PDF). */
function listOf(kind: 'fig' | 'tbl', title: string, labels: Map<string, Crossref>): RootContent[] {
  const entries = [...labels].filter(([, label]) => label.kind === kind)
  if (entries.length === 0) return []
  const heading: Heading = {type: 'heading', depth: 2, children: [text(title)], data: {hProperties: {className: ['unnumbered', 'list-of-title']}}}
  const list: List = {
    type: 'list',
    ordered: false,
    spread: false,
    data: {hProperties: {className: [kind === 'fig' ? 'list-of-figures' : 'list-of-tables']}},
    children: entries.map(
      ([id, label]): ListItem => ({
        type: 'listItem',
        spread: false,
        children: [
          {
            type: 'paragraph',
            children: [
              {
                type: 'link',
                url: `#${id}`,
                data: {hProperties: {className: ['list-of-entry']}},
                children: [{type: 'crossrefLabel', data: {hName: 'span', hProperties: {className: ['list-of-number']}}, children: [text(label.number)]} as unknown as PhrasingContent, text(' '), text(toString({type: 'paragraph', children: label.caption ?? []}).trim())]
              }
            ]
          }
        ]
      })
    )
  }
  return [heading, list]
}

/**
 * The inline text of a BibTeX field once its LaTeX is read: a small copy of
 * the Pandoc inlines its reader makes (Str, Space, Emph, Span…), so that
 * names, lists and sentence case follow Pandoc's rules, which are written
 * over inlines (BibTeX.hs; citeproc's Citeproc/Pandoc.hs for case).
 * `toCslText` writes them as the rich text citeproc-js reads.
 */
import {mathToCsl} from './math.js'

export type Inline =
  | {type: 'str'; text: string}
  | {type: 'space'}
  | {type: 'break'}
  | {type: 'emph' | 'strong' | 'smallcaps' | 'sup' | 'sub'; children: Inline[]}
  /** `{…}` in LaTeX; `nocase`: protected from case changes. */
  | {type: 'span'; nocase: boolean; children: Inline[]}
  | {type: 'quoted'; double: boolean; children: Inline[]}
  | {type: 'math' | 'code'; text: string}
  | {type: 'link'; url: string; children: Inline[]}
  /** A command Pandoc keeps as raw LaTeX: it prints nothing. */
  | {type: 'raw'}

export type Parent = Extract<Inline, {children: Inline[]}>

export const str = (text: string): Inline => ({type: 'str', text})
export const SPACE: Inline = {type: 'space'}

export function hasChildren(node: Inline): node is Parent {
  return 'children' in node
}

/** Plain text, as Pandoc's `stringify` (quotes as curly quotes, raw LaTeX as nothing). */
export function stringify(nodes: readonly Inline[]): string {
  let out = ''
  for (const node of nodes) {
    if (node.type === 'str' || node.type === 'math' || node.type === 'code') out += node.text
    else if (node.type === 'space' || node.type === 'break') out += ' '
    else if (node.type === 'quoted') out += (node.double ? '“' : '‘') + stringify(node.children) + (node.double ? '”' : '’')
    else if (hasChildren(node)) out += stringify(node.children)
  }
  return out
}

/** Pandoc's `splitStrWhen`: characters matching `test` get a Str of their own. */
export function splitStrWhen(nodes: readonly Inline[], test: (char: string) => boolean): Inline[] {
  const out: Inline[] = []
  for (const node of nodes) {
    if (node.type !== 'str') {
      out.push(node)
      continue
    }
    let current = ''
    for (const char of node.text) {
      if (test(char)) {
        if (current) out.push(str(current))
        out.push(str(char))
        current = ''
      } else current += char
    }
    if (current) out.push(str(current))
  }
  return out
}

/** Split a list where `isSeparator` holds (the separators dropped). */
export function splitWhen(nodes: readonly Inline[], isSeparator: (node: Inline) => boolean): Inline[][] {
  const parts: Inline[][] = [[]]
  for (const node of nodes) {
    if (isSeparator(node)) parts.push([])
    else parts[parts.length - 1]!.push(node)
  }
  return parts
}

/** Pandoc's `splitByAnd`: `[Space, Str "and", Space]` separates items. */
export function splitByAnd(nodes: readonly Inline[]): Inline[][] {
  const parts: Inline[][] = [[]]
  for (let i = 0; i < nodes.length; i++) {
    const node = nodes[i]!
    const next = nodes[i + 1]
    const after = nodes[i + 2]
    if (node.type === 'space' && next?.type === 'str' && next.text === 'and' && after?.type === 'space') {
      parts.push([])
      i += 2
    } else parts[parts.length - 1]!.push(node)
  }
  return parts
}

/** Pandoc's `concatWith`: non-empty parts joined by `sep` and a space, or a space after closing punctuation. */
export function concatWith(sep: string, parts: ReadonlyArray<readonly Inline[] | undefined>): Inline[] {
  let out: Inline[] = []
  for (const part of parts) {
    if (!part || part.length === 0) continue
    if (out.length === 0) {
      out = [...part]
      continue
    }
    const last = out[out.length - 1]!
    if (last.type === 'str' && last.text !== '' && '!?.,:;'.includes(last.text[last.text.length - 1]!)) out.push(SPACE, ...part)
    else out.push(str(sep), SPACE, ...part)
  }
  return out
}

/** Children mapped bottom-up (Pandoc's `walk`). */
export function walk(nodes: readonly Inline[], change: (node: Inline) => Inline): Inline[] {
  return nodes.map((node) => change(hasChildren(node) ? ({...node, children: walk(node.children, change)} as Inline) : node))
}

/** The markup citeproc-js reads in field text, per formatting inline. */
const CSL_TAGS = {
  emph: ['<i>', '</i>'],
  strong: ['<b>', '</b>'],
  smallcaps: ['<span style="font-variant:small-caps;">', '</span>'],
  sup: ['<sup>', '</sup>'],
  sub: ['<sub>', '</sub>']
} as const

/**
 * Inlines -> the rich text citeproc-js reads in a CSL-JSON field: `<i>`,
 * `<b>`, small caps, `<sup>`, `<sub>`, nocase spans; quotes as curly quotes.
 */
export function toCslText(nodes: readonly Inline[], inQuotes = false): string {
  let out = ''
  for (const node of nodes) {
    switch (node.type) {
      case 'str':
        out += node.text
        break
      case 'space':
      case 'break':
        out += ' '
        break
      case 'math':
        // Case changes of the style never touch math (Pandoc's Math inline).
        out += `<span class="nocase">${mathToCsl(node.text)}</span>`
        break
      case 'code':
        out += node.text
        break
      case 'emph':
      case 'strong':
      case 'smallcaps':
      case 'sup':
      case 'sub': {
        const [open, close] = CSL_TAGS[node.type]
        out += open + toCslText(node.children, inQuotes) + close
        break
      }
      case 'span':
        out += node.nocase ? nocaseSpan(node.children, inQuotes) : toCslText(node.children, inQuotes)
        break
      case 'quoted':
        // Straight quotes, which citeproc-js localises as Pandoc's citeproc does (‘…’ in British English), outer double, inner single.
        out += (inQuotes ? "'" : '"') + toCslText(node.children, !inQuotes) + (inQuotes ? "'" : '"')
        break
      case 'link':
        out += toCslText(node.children, inQuotes)
        break
      case 'raw':
        break
    }
  }
  return out
}

/**
 * A nocase span for citeproc-js, which cannot read one with a `’` at the
 * start of a word inside (`{'t Hooft}`, `{ATypI '94}`: it takes the mark for
 * a closing quote and prints the span's markup as text): such a mark is put
 * between two spans.
 */
function nocaseSpan(children: readonly Inline[], inQuotes: boolean): string {
  let out = ''
  let current = ''
  const flush = (): void => {
    if (current) out += `<span class="nocase">${current}</span>`
    current = ''
  }
  for (const child of children) {
    if (child.type !== 'str') {
      current += toCslText([child], inQuotes)
      continue
    }
    for (const char of child.text) {
      if (char === '’' && (current === '' || /\s$/.test(current))) {
        flush()
        out += char
      } else current += char
    }
  }
  flush()
  return out
}

/**
 * remark plugin: TeX in Markdown, as Pandoc reads it by default.
 *
 * - `$…$` and `$$…$$` become `inlineMath` and `displayMath` (math-syntax.ts).
 * - Raw TeX (raw-tex-syntax.ts): macro definitions are applied to the math
 *   that follows them (`latex_macros`) and leave nothing; math environments
 *   (`\begin{align*}…`) become display math; any other raw TeX is left out, as
 *   Pandoc leaves it out of HTML, with one info naming it.
 */
import type {Parent, Root, RootContent} from 'mdast'
import type {Processor} from 'unified'
import type {VFile} from 'vfile'
import {mathFromMarkdown, mathSyntax, type DisplayMath} from './math-syntax.js'
import {rawTexFromMarkdown, rawTexSyntax} from './raw-tex-syntax.js'
import {define, expand, type Macros} from './tex-macros.js'

export interface RemarkTexOptions {
  /** `$…$` math (Pandoc's `tex_math_dollars`); default true. */
  math?: boolean
  /** Raw TeX (Pandoc's `raw_tex`); default true. */
  rawTex?: boolean
}

/** Environments Pandoc's HTML writer shows as display math. */
const MATH_ENVIRONMENTS = new Set([
  'align', 'align*', 'alignat', 'alignat*', 'aligned', 'alignedat', 'array', 'Bmatrix', 'bmatrix', 'cases', 'CD',
  'eqnarray', 'eqnarray*', 'equation', 'equation*', 'gather', 'gather*', 'gathered', 'matrix', 'multline',
  'multline*', 'pmatrix', 'smallmatrix', 'split', 'subarray', 'Vmatrix', 'vmatrix'
])

export default function remarkTex(this: Processor, options: RemarkTexOptions = {}) {
  const data = this.data()
  if (options.math !== false) {
    ;(data.micromarkExtensions ||= []).push(mathSyntax())
    ;(data.fromMarkdownExtensions ||= []).push(mathFromMarkdown())
  }
  if (options.rawTex !== false) {
    ;(data.micromarkExtensions ||= []).push(rawTexSyntax())
    ;(data.fromMarkdownExtensions ||= []).push(rawTexFromMarkdown())
  }
  return (tree: Root, file: VFile) => {
    const macros: Macros = new Map()
    const dropped: RootContent[] = []
    walk(tree, macros, dropped, file)
    if (dropped.length > 0) {
      const first = dropped[0] as {value: string}
      const more = dropped.length > 1 ? ` and ${dropped.length - 1} more` : ''
      const message = file.message(`Raw TeX left out: \`${shorten(first.value)}\`${more}`, {
        place: dropped[0]!.position,
        ruleId: 'raw-tex-dropped',
        source: 'handout'
      })
      message.note = 'HTML and PDF output have no TeX, so Pandoc leaves it out too; math environments (`\\begin{align*}`…) and `$…$` math are kept'
      message.fatal = undefined
    }
  }
}

/** In document order: definitions apply to the math after them. */
function walk(parent: Parent, macros: Macros, dropped: RootContent[], file: VFile): void {
  const children: RootContent[] = []
  for (const child of parent.children as RootContent[]) {
    if (child.type === 'rawTex' || child.type === 'rawTexBlock') {
      if (define(child.value, macros)) continue
      const environment = /^\\begin\{([^}]*)\}/.exec(child.value)?.[1]
      if (environment && MATH_ENVIRONMENTS.has(environment)) {
        const math: DisplayMath = {type: 'displayMath', value: expanded(child.value, macros, child, file)}
        if (child.position) math.position = child.position
        children.push(child.type === 'rawTexBlock' ? {type: 'paragraph', children: [math], position: child.position} : math)
        continue
      }
      dropped.push(child)
      continue
    }
    if (child.type === 'inlineMath' || child.type === 'displayMath') {
      child.value = expanded(child.value, macros, child, file)
    } else if ('children' in child) {
      walk(child, macros, dropped, file)
      // A paragraph that held only raw TeX is gone, as in Pandoc.
      if (child.type === 'paragraph' && child.children.every((c) => c.type === 'text' && /^\s*$/.test(c.value))) continue
    }
    children.push(child)
  }
  parent.children = children
}

function expanded(tex: string, macros: Macros, node: RootContent, file: VFile): string {
  const result = expand(tex, macros)
  if (result !== undefined) return result
  file.message('TeX macros expand without end here (a macro that calls itself?); the formula is left unexpanded', {
    place: node.position,
    ruleId: 'tex-macro-loop',
    source: 'handout'
  })
  return tex
}

function shorten(text: string): string {
  const line = text.replace(/\s+/g, ' ')
  return line.length > 60 ? `${line.slice(0, 57)}…` : line
}

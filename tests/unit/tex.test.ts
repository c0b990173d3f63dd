import {describe, expect, it} from 'vitest'
import {unified} from 'unified'
import remarkParse from 'remark-parse'
import {VFile} from 'vfile'
import type {Root} from 'mdast'
import remarkTex from '../../src/parse/remark-tex.js'
import {define, expand, type Macros} from '../../src/parse/tex-macros.js'

/** The paragraph's inlines as [type, value] pairs. */
function inlines(markdown: string, file = new VFile()): Array<Array<[string, string]>> {
  const processor = unified().use(remarkParse).use(remarkTex)
  const tree = processor.runSync(processor.parse(markdown), file) as Root
  return tree.children.map((block) =>
    'children' in block ? (block.children as Array<{type: string; value?: string}>).map((c) => [c.type, c.value ?? '']) : [[block.type, '']]
  )
}

describe('$ math, with Pandoc’s rules', () => {
  it('reads inline and display math and keeps the TeX exactly', () => {
    expect(inlines('a $x^2$ b')).toEqual([[['text', 'a '], ['inlineMath', 'x^2'], ['text', ' b']]])
    expect(inlines('$$a \\\\ b \\, c$$')).toEqual([[['displayMath', 'a \\\\ b \\, c']]])
    expect(inlines('a $x\ny$ b')).toEqual([[['text', 'a '], ['inlineMath', 'x\ny'], ['text', ' b']]])
    expect(inlines('$\\text{$x$}$')).toEqual([[['inlineMath', '\\text{$x$}']]])
  })

  it('leaves prices, spaced dollars and escaped dollars as text', () => {
    expect(inlines('$20 and $30')).toEqual([[['text', '$20 and $30']]])
    expect(inlines('$ x$')).toEqual([[['text', '$ x$']]])
    expect(inlines('$x $')).toEqual([[['text', '$x $']]])
    expect(inlines('$x$1')).toEqual([[['text', '$x$1']]])
    expect(inlines('\\$x$')).toEqual([[['text', '$x$']]])
  })

  it('is not read inside code', () => {
    expect(inlines('`$x$`')).toEqual([[['inlineCode', '$x$']]])
  })
})

describe('raw TeX', () => {
  it('applies macro definitions to later math and leaves nothing for them', () => {
    expect(inlines('\\newcommand{\\R}{\\mathbb{R}}\n\n$x \\in \\R$')).toEqual([[['inlineMath', 'x \\in \\mathbb{R}']]])
    expect(inlines('\\def\\half#1{\\frac{#1}{2}}\n\n$\\half{a}$')).toEqual([[['inlineMath', '\\frac{a}{2}']]])
  })

  it('shows math environments as display math', () => {
    expect(inlines('\\begin{align}\na &= b\n\\end{align}')).toEqual([[['displayMath', '\\begin{align}\na &= b\n\\end{align}']]])
  })

  it('leaves other TeX out, with one info naming it and its place', () => {
    const file = new VFile()
    expect(inlines('x \\textbf{y} z \\emph{w}\n\n\\begin{figure}\na\n\nb\n\\end{figure}\n\nafter', file)).toEqual([
      [['text', 'x '], ['text', ' z ']],
      [['text', 'after']]
    ])
    expect(file.messages).toHaveLength(1)
    expect(file.messages[0]!.reason).toBe('Raw TeX left out: `\\textbf{y}` and 2 more')
    expect(file.messages[0]!.ruleId).toBe('raw-tex-dropped')
    expect([file.messages[0]!.line, file.messages[0]!.column]).toEqual([1, 3])
    expect(file.messages[0]!.fatal).toBeUndefined()
  })

  it('stops a macro that expands forever, with a warning', () => {
    const file = new VFile()
    expect(inlines('\\newcommand{\\a}{\\a\\a}\n\n$\\a$', file)).toEqual([[['inlineMath', '\\a']]])
    expect(file.messages.map((m) => m.ruleId)).toEqual(['tex-macro-loop'])
  })

  it('expands arguments and bounds the work', () => {
    const macros: Macros = new Map()
    expect(define('\\newcommand{\\pair}[2]{(#1, #2)}', macros)).toBe(true)
    expect(expand('\\pair{a}{\\pair{b}{c}}', macros)).toBe('(a, (b, c))')
    expect(define('\\newcommand{\\big}{\\big\\big}', macros)).toBe(true)
    expect(expand('\\big', macros)).toBeUndefined()
  })
})

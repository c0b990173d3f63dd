/**
 * rehype plugin: render the TeX of `span.math` (math-handlers.ts) with KaTeX,
 * at build time, so reading the HTML or printing it needs no script. KaTeX
 * writes both its HTML (set in its own fonts) and MathML holding the TeX as
 * an annotation (for screen readers, copying, and tools that read it back).
 *
 * A TeX error is a warning at the formula's place, and the formula is shown
 * as written. The classes used go to `file.data.mathClasses`, from which
 * rehype-document (or a packet) makes KaTeX's stylesheet with only the fonts
 * they need.
 */
import type {Element, ElementContent, Root} from 'hast'
import type {VFile} from 'vfile'
import katex from 'katex'
import {fromHtml} from 'hast-util-from-html'
import {visit} from 'unist-util-visit'

declare module 'vfile' {
  interface DataMap {
    /**
     * The KaTeX classes the document's formulas use, when it has math: its
     * stylesheet (`katexStylesheet`) embeds only the fonts they need. A
     * packet joins its articles' classes.
     */
    mathClasses: string[]
  }
}

/** Formulas kept rendered by one processor (bounded: cleared when full). */
const FORMULAS_KEPT = 5000

export default function rehypeKatex() {
  // Formulas rendered by this processor, for the next documents and rebuilds
  // (--watch, the preview): each is rendered once and copied where it recurs.
  const kept = new Map<string, {children: ElementContent[]; classes: string[]}>()
  return (tree: Root, file: VFile) => {
    const classes = new Set<string>()
    let any = false
    visit(tree, 'element', (element: Element) => {
      const tex = element.properties.dataTex
      if (element.tagName !== 'span' || typeof tex !== 'string') return
      const className = element.properties.className as string[] | undefined
      if (!className?.includes('math')) return
      const display = className.includes('display')
      const key = `${display ? 'D' : 'I'}${tex}`
      let formula = kept.get(key)
      if (!formula) {
        let children: ElementContent[]
        try {
          children = render(tex, display)
        } catch (error) {
          const reason = error instanceof katex.ParseError ? error.rawMessage : String((error as Error).message ?? error)
          const message = file.message(`TeX error in math: ${reason}`, {
            place: element.position,
            ruleId: 'math-error',
            source: 'handout'
          })
          message.note = `The formula is shown as written: ${display ? '$$' : '$'}${tex}${display ? '$$' : '$'}`
          element.properties.className = [...className, 'math-error']
          element.properties.title = reason
          element.children = [{type: 'text', value: display ? `$$${tex}$$` : `$${tex}$`}]
          delete element.properties.dataTex
          return 'skip'
        }
        const used = new Set<string>()
        collectClasses(children, used)
        formula = {children, classes: [...used]}
        if (kept.size >= FORMULAS_KEPT) kept.clear()
        kept.set(key, formula)
      }
      for (const name of formula.classes) classes.add(name)
      // The kept formula is never put in a tree (later steps number equations in place).
      const children = structuredClone(formula.children)
      any = true
      element.children = children
      delete element.properties.dataTex
      return 'skip'
    })
    if (!any) return
    numberEquations(tree)
    file.data.mathClasses = [...classes].sort()
  }
}

/**
 * Numbered environments (`align`, `equation`, `gather`…) numbered through the
 * document, in reading order, as LaTeX numbers them. KaTeX leaves the number
 * to a CSS counter, which restarts on every page in print.
 */
function numberEquations(tree: Root): void {
  let html = 0
  let mathml = 0
  visit(tree, 'element', (element: Element) => {
    const className = element.properties.className
    if (!Array.isArray(className)) return
    if (className.includes('eqn-num')) element.children = [{type: 'text', value: `(${++html})`}]
    else if (className.includes('mml-eqn-num')) element.children = [{type: 'text', value: `(${++mathml})`}]
  })
}

/**
 * TeX that KaTeX lacks, said in what it has: `eqnarray` is an `array` of
 * three columns (right, centre, left), as LaTeX sets it.
 */
function forKatex(tex: string): string {
  return tex.replace(/\\(begin|end)\{eqnarray\*?\}/g, (_, which: string) => (which === 'begin' ? '\\begin{array}{rcl}' : '\\end{array}'))
}

function render(tex: string, display: boolean): ElementContent[] {
  const given = forKatex(tex)
  const html = katex.renderToString(given, {
    displayMode: display,
    output: 'htmlAndMathml',
    throwOnError: true,
    // Commands that reach outside (\href, \url, \includegraphics, \htmlClass…) stay off.
    trust: false,
    // Non-standard input renders without console noise.
    strict: 'ignore',
    // A huge \rule or \kern cannot make the page enormous.
    maxSize: 50,
    maxExpand: 1000
  })
  const children = fromHtml(html, {fragment: true}).children as ElementContent[]
  unplace(children)
  if (given !== tex) annotate(children, tex)
  return children
}

/** The MathML annotation keeps the TeX as written. */
function annotate(nodes: ElementContent[], tex: string): void {
  for (const node of nodes) {
    if (node.type !== 'element') continue
    if (node.tagName === 'annotation') node.children = [{type: 'text', value: tex}]
    else annotate(node.children, tex)
  }
}

/** KaTeX's nodes have places in its output, not in the manuscript: drop them. */
function unplace(nodes: ElementContent[]): void {
  for (const node of nodes) {
    delete node.position
    if (node.type === 'element') unplace(node.children)
  }
}

function collectClasses(nodes: ElementContent[], classes: Set<string>): void {
  for (const node of nodes) {
    if (node.type !== 'element') continue
    const className = node.properties.className
    if (Array.isArray(className)) for (const name of className) classes.add(String(name))
    collectClasses(node.children, classes)
  }
}

/**
 * Seeded random Markdown built from the pieces our syntax extensions care
 * about (citations, inline notes, smart punctuation, divs, attributes),
 * parsed with micromark's development build, whose assertions check that
 * every construct leaves well-formed events. A failure prints the shortest
 * input that still fails.
 */
import {describe, expect, it} from 'vitest'
import {unified} from 'unified'
import remarkParse from 'remark-parse'
import {VFile} from 'vfile'
import {createProcessor} from '../../src/processor.js'
import remarkPandocGfm from '../../src/parse/remark-pandoc-gfm.js'
import remarkPandocTables from '../../src/parse/remark-pandoc-tables.js'
import remarkDefinitionLists from '../../src/parse/remark-definition-lists.js'
import remarkLineBlocks from '../../src/parse/remark-line-blocks.js'
import remarkCite from '../../src/parse/remark-cite.js'
import remarkInlineNotes from '../../src/parse/remark-inline-notes.js'
import remarkTex from '../../src/parse/remark-tex.js'
import remarkPandocInlines from '../../src/parse/remark-pandoc-inlines.js'
import remarkFigures from '../../src/parse/remark-figures.js'
import remarkCodeAttributes from '../../src/parse/remark-code-attributes.js'
import remarkPandocLinks from '../../src/parse/remark-pandoc-links.js'
import remarkPandocHtml from '../../src/parse/remark-pandoc-html.js'

const PIECES = [
  '^[', '[', ']', '`', '``', '\\', '\n', '\n\n', '*', '@a', ' ', '-', '"', "'", 'x', '> ', '  ', '[@b', ';', '{', '}',
  '---', '...', '\t', '\r\n', '::: ', ':::', '{#x .y}', '# ', '[^1]', '[^1]: ', '![', '(', ')', '|', '- ', '1. ',
  '<div>', '</div>', '~~~', '```', '    ', '\\ ', 'e.g. ', '@{a b}', '-@', ':', '<!--', '-->', '$', '_', '~', '=',
  '$$', '\\begin{align}', '\\end{align}', '\\begin{x}', '\\end{x}', '\\text{', '\\newcommand{\\a}', '\\def\\b#1', '\\frac', '#1', '$x', 'x$',
  '^', '~', '~~', '{.c}', '{#i k="v}"}', ']{', ':   ', '\n:   ', '![a](b)', '](b)', '<http://x.org>', '{-}', '\t', '| ', '|\n', '\n| ', '|---|', '+--+--+', '+==+', '---- ----', '\n------\n', 'Table: ', ': c\n', '(@)', '(@a) ', 'iv. ', 'B.  ', '#. ', '(1) ', 'a) ', '> ',
  '](a b "t "q" x")', '](<a b>)', '](a\n"t")', '[a]: u {.c}', '[a]:', '\n{.c}', '[a]: <u> (t)', '[a][]', '[a][b]', '<a@b>', '<x&ouml;@y.z>', '&ouml;', '<!-- x', '# h\\', '::: {.section}\n# h\n',
  '<td>', '</td>', '<details>\n', '<pre>', '</pre>', '<p>', '  <div>', '<td>    *x*</td>\n'
]

/** Characters the syntax extensions react to, for long runs of one. */
/** Lines the block extensions react to, for long runs of one. */
// (Not `------` under text: micromark's own setext headings are quadratic on that.)
const LINE_RUNS = ['+-+\n|x\n', '--- ---\nx y\n--- ---\n\n', '------\n\nx\n\n', '| a\n', '---- ----\nx\n\n', ': d\n', '\\begin{x}\n', '$$\n']

const RUNS = ['+', '|', '[', ']', '^[', '@', '$', '\\', '{', '}', '\\begin{x}', '`', '~', '^', ':', '|', '"', "'", '-', '.', '*', '<', '(', '#', '\n', '](', '](a ', '"x', '<a@']

function generator(seed: number): () => number {
  let state = seed
  return () => (state = (state * 1103515245 + 12345) % 2147483648) / 2147483648
}

function shortest(input: string, fails: (text: string) => boolean): string {
  let text = input
  for (let changed = true; changed; ) {
    changed = false
    for (let index = 0; index < text.length; index++) {
      const shorter = text.slice(0, index) + text.slice(index + 1)
      if (fails(shorter)) {
        text = shorter
        changed = true
        break
      }
    }
  }
  return text
}

/** `rounds` random inputs of up to 40 pieces through `run`; a failure names the shortest input that still throws. */
function fuzz(seed: number, rounds: number, what: string, run: (text: string) => unknown): void {
  const fails = (text: string) => {
    try {
      run(text)
      return false
    } catch {
      return true
    }
  }
  const random = generator(seed)
  for (let round = 0; round < rounds; round++) {
    let input = ''
    const length = 1 + Math.floor(random() * 40)
    for (let index = 0; index < length; index++) input += PIECES[Math.floor(random() * PIECES.length)]
    if (fails(input)) expect.fail(`${what} ${JSON.stringify(shortest(input, fails))} throws`)
  }
}

describe('parsing random Markdown', () => {
  it('never throws and leaves well-formed micromark events', () => {
    const processor = createProcessor()
    fuzz(20261202, 4000, 'parsing', (text) => processor.parse(text))
  })

  it('runs the syntax transforms on random Markdown without throwing', () => {
    const processor = unified()
      .use(remarkParse)
      .use(remarkPandocGfm)
      .use(remarkPandocTables)
      .use(remarkDefinitionLists)
      .use(remarkLineBlocks)
      .use(remarkCite)
      .use(remarkInlineNotes)
      .use(remarkTex)
      .use(remarkPandocInlines)
      .use(remarkFigures)
      .use(remarkCodeAttributes)
      .use(remarkPandocLinks)
      .use(remarkPandocHtml)
    fuzz(7, 2000, 'transforming', (text) => processor.runSync(processor.parse(text), new VFile({value: text})))
  })

  it('keeps notes and citations over many lines', () => {
    const processor = createProcessor()
    for (const input of ['$a\nb\nc$', '$$\na\n\nb$$', '\\begin{align}\na\n\nb\n\\end{align}', '\\textbf{a\nb\nc}', 'x^[a\nb\nc\nd]', '[@b[\n]\n]', '[see\n@a\nand\n@b, p.\n3]', '@a\n[p.\n3\n4]', '^[`a\n]\nb`\nc]']) {
      expect(() => processor.parse(input), JSON.stringify(input)).not.toThrow()
    }
  })

  it('reads long runs of one character in linear time', () => {
    const processor = createProcessor()
    // Best of three runs (of one, when that is already within `bound`).
    const time = (input: string, bound = 0) => {
      let best = Infinity
      for (let round = 0; round < 3 && best >= bound; round++) {
        const start = performance.now()
        processor.parse(input)
        best = Math.min(best, performance.now() - start)
      }
      return best
    }
    // Against plain prose of the same length, parsed in the same run (and,
    // for runs of lines, against as many lines of paragraphs): a quadratic
    // scan of 20,000 characters takes seconds, far past this bound.
    const check = (runs: string[], baseline: number) => {
      for (const run of runs) {
        const input = run.repeat(Math.ceil(20_000 / run.length))
        const taken = time(input, Math.max(100, 40 * baseline))
        expect(taken, `${JSON.stringify(run)} x ${input.length / run.length}: ${taken.toFixed(0)} ms, baseline ${baseline.toFixed(0)} ms`).toBeLessThan(Math.max(100, 40 * baseline))
      }
    }
    check(RUNS, time('word '.repeat(4000)))
    check(LINE_RUNS, time('x\n\n'.repeat(6667)))
  }, 180_000)
})

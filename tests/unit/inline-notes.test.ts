import {describe, expect, it} from 'vitest'
import {unified} from 'unified'
import remarkParse from 'remark-parse'
import remarkGfm from 'remark-gfm'
import remarkRehype from 'remark-rehype'
import rehypeStringify from 'rehype-stringify'
import type {Root} from 'mdast'
import remarkCite from '../../src/parse/remark-cite.js'
import remarkInlineNotes from '../../src/parse/remark-inline-notes.js'

function run(markdown: string): Root {
  const processor = unified().use(remarkParse).use(remarkGfm).use(remarkCite).use(remarkInlineNotes)
  return processor.runSync(processor.parse(markdown)) as Root
}

describe('inline notes ^[…]', () => {
  it('become footnotes, with inline Markdown and citations inside, spanning lines', () => {
    const tree = run('Text^[A *note* with [@a] and [brackets] and\na second line.] after.')
    const paragraph = tree.children[0]!
    expect(paragraph.type).toBe('paragraph')
    expect(JSON.stringify(paragraph)).toContain('"type":"footnoteReference"')
    const definition = tree.children[1]!
    expect(definition.type).toBe('footnoteDefinition')
    const text = JSON.stringify(definition)
    expect(text).toContain('"type":"emphasis"')
    expect(text).toContain('"type":"cite"')
    expect(text).toContain('a second line.')
    // The cite keeps its place in the source.
    expect(text).toContain('"line":1,"column":21')
  })

  it('number in reading order with [^label] notes', () => {
    const processor = unified().use(remarkParse).use(remarkGfm).use(remarkCite).use(remarkInlineNotes).use(remarkRehype).use(rehypeStringify)
    const html = String(processor.processSync('One[^a] two^[inline] three.\n\n[^a]: labelled'))
    const notes = html.slice(html.indexOf('<section'))
    expect(notes.indexOf('<p>labelled')).toBeGreaterThan(0)
    expect(notes.indexOf('<p>labelled')).toBeLessThan(notes.indexOf('<p>inline'))
    expect(html).toMatch(/fnref-inline-note-1[^>]*>2</)
  })

  it('leave empty, unclosed and escaped forms alone', () => {
    for (const input of ['x ^[] y', 'x ^[open', 'x \\^[no] y', 'x^2^ y']) {
      expect(JSON.stringify(run(input)), input).not.toContain('footnote')
    }
  })

  it('span any number of lines, keeping line endings, hard breaks and code spans with brackets', () => {
    const note = (input: string) => {
      const tree = run(input)
      expect(tree.children[0]!.type, input).toBe('paragraph')
      return JSON.stringify(tree.children[1], (key, value) => (key === 'position' ? undefined : value))
    }
    expect(note('Note.^[a\nb\nc\nd] after.')).toContain('"value":"a\\nb\\nc\\nd"')
    expect(note('Note.^[x *y\nz* w\nv] end.')).toContain('"type":"emphasis","children":[{"type":"text","value":"y\\nz"}]')
    const code = note('Code.^[see `a]\nb` and\n  more\n] end.')
    expect(code).toContain('"type":"inlineCode","value":"a]\\nb"')
    expect(code).toContain('"value":" and\\nmore"')
    expect(note('Break.^[a\\\nb\nc] x.')).toContain('{"type":"break"}')
    expect(note('Ticks.^[a ``b` c] d.')).toContain('"value":"a ``b` c"')
  })

  it('keep the places of what is inside on later lines', () => {
    const tree = run('Note.^[one\ntwo\nthree [@key] four] end.')
    expect(JSON.stringify(tree.children[1])).toContain('"start":{"line":3,"column":7,"offset":21}')
  })
})

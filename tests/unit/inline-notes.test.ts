import {describe, expect, it} from 'vitest'
import {unified} from 'unified'
import remarkParse from 'remark-parse'
import remarkGfm from 'remark-gfm'
import remarkRehype from 'remark-rehype'
import rehypeStringify from 'rehype-stringify'
import type {Root} from 'mdast'
import type {Node} from 'unist'
import {visit} from 'unist-util-visit'
import remarkCite from '../../src/parse/remark-cite.js'
import remarkInlineNotes from '../../src/parse/remark-inline-notes.js'

/** The nodes of `tree` of type `type`, in document order. */
function all(tree: Node | undefined, type: string): Array<Node & Record<string, unknown>> {
  const found: Array<Node & Record<string, unknown>> = []
  if (tree) visit(tree, type, (node) => void found.push(node as Node & Record<string, unknown>))
  return found
}

/** A tree without its positions, for comparing shapes. */
function bare(node: Node | undefined): unknown {
  return JSON.parse(JSON.stringify(node, (key, value) => (key === 'position' ? undefined : value)))
}

function run(markdown: string): Root {
  const processor = unified().use(remarkParse).use(remarkGfm).use(remarkCite).use(remarkInlineNotes)
  return processor.runSync(processor.parse(markdown)) as Root
}

describe('inline notes ^[…]', () => {
  it('become footnotes, with inline Markdown and citations inside, spanning lines', () => {
    const tree = run('Text^[A *note* with [@a] and [brackets] and\na second line.] after.')
    const paragraph = tree.children[0]!
    expect(paragraph.type).toBe('paragraph')
    expect(all(paragraph, 'footnoteReference')).toHaveLength(1)
    const definition = tree.children[1]!
    expect(definition.type).toBe('footnoteDefinition')
    expect(all(definition, 'emphasis')).toHaveLength(1)
    expect(all(definition, 'cite').map((cite) => (cite.citations as Array<{key: string}>).map((c) => c.key))).toEqual([['a']])
    expect(all(definition, 'text').map((t) => t.value).join('')).toContain('a second line.')
    // The cite keeps its place in the source.
    expect(all(definition, 'cite')[0]!.position!.start).toMatchObject({line: 1, column: 21})
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
      const tree = run(input)
      expect([...all(tree, 'footnoteReference'), ...all(tree, 'footnoteDefinition')], input).toEqual([])
    }
  })

  it('span any number of lines, keeping line endings, hard breaks and code spans with brackets', () => {
    // The note's paragraph, without positions.
    const note = (input: string) => {
      const tree = run(input)
      expect(tree.children[0]!.type, input).toBe('paragraph')
      expect(tree.children[1]!.type, input).toBe('footnoteDefinition')
      return (bare(tree.children[1]) as {children: Array<{children: unknown[]}>}).children[0]!.children
    }
    const text = (value: string) => ({type: 'text', value})
    expect(note('Note.^[a\nb\nc\nd] after.')).toEqual([text('a\nb\nc\nd')])
    expect(note('Note.^[x *y\nz* w\nv] end.')).toEqual([text('x '), {type: 'emphasis', children: [text('y\nz')]}, text(' w\nv')])
    expect(note('Code.^[see `a]\nb` and\n  more\n] end.')).toEqual([text('see '), {type: 'inlineCode', value: 'a]\nb'}, text(' and\nmore')])
    expect(note('Break.^[a\\\nb\nc] x.')).toEqual([text('a'), {type: 'break'}, text('b\nc')])
    expect(note('Ticks.^[a ``b` c] d.')).toEqual([text('a ``b` c')])
  })

  it('keep the places of what is inside on later lines', () => {
    const tree = run('Note.^[one\ntwo\nthree [@key] four] end.')
    const [cite] = all(tree.children[1], 'cite')
    expect(cite!.position!.start).toEqual({line: 3, column: 7, offset: 21})
  })
})

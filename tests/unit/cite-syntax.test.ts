import {describe, expect, it} from 'vitest'
import {unified} from 'unified'
import remarkParse from 'remark-parse'
import remarkGfm from 'remark-gfm'
import {visit} from 'unist-util-visit'
import type {Root} from 'mdast'
import remarkCite from '../../src/parse/remark-cite.js'
import type {Cite} from '../../src/types.js'
import {MAX_CITATION, MAX_NESTING} from '../../src/parse/limits.js'

function parse(markdown: string): Root {
  return unified().use(remarkParse).use(remarkGfm).use(remarkCite).parse(markdown) as Root
}

/** Each cite as `mode:prefix|key|suffix` items joined by ` ; `; N normal, S suppress-author, T author-in-text. */
function cites(markdown: string): string[] {
  const out: string[] = []
  const tree = unified().use(remarkParse).use(remarkGfm).use(remarkCite).runSync(parse(markdown)) as Root
  visit(tree, 'cite', (node: Cite) => {
    out.push(
      node.citations
        .map((c) => `${c.mode === 'normal' ? 'N' : c.mode === 'suppress-author' ? 'S' : 'T'}:${c.prefix}|${c.key}|${c.suffix}`)
        .join(' ; ')
    )
  })
  return out
}

const cases: Array<[string, string[]]> = [
  // Over several lines (each line ending a space, as in Pandoc)
  ['A [see\nalso\n@a, chap.\n3\nand [more]\nthere] b.', ['N:see also|a|, chap. 3 and [more] there']],
  ['C @a\n[p.\n3\n4] d.', ['T:|a|p. 3 4']],
  ['[@b[\n]\n]', ['N:|b|[ ]']],
  // Bracketed
  ['[@doe99]', ['N:|doe99|']],
  ['[@a; @b]', ['N:|a| ; N:|b|']],
  ['[@a;@b]', ['N:|a| ; N:|b|']],
  ['[ @a ; @b ]', ['N:|a| ; N:|b|']],
  ['[see @a, pp. 33-35; also @b, chap. 2]', ['N:see|a|, pp. 33-35 ; N:also|b|, chap. 2']],
  ['[@a, p. 12]', ['N:|a|, p. 12']],
  ['[@a p. 12]', ['N:|a| p. 12']],
  ['[-@a]', ['S:|a|']],
  ['[see -@a, p. 3]', ['S:see|a|, p. 3']],
  ['[*see* @a, *passim*]', ['N:*see*|a|, *passim*']],
  ['[@a, {ii, A, D-Z}]', ['N:|a|, {ii, A, D-Z}']],
  ['[@a{ii, A}, text]', ['N:|a|{ii, A}, text']],
  ['[@a, p. [3]]', ['N:|a|, p. [3]']],
  ['[@a, and \\] more]', ['N:|a|, and \\] more']],
  ['[@a\n; @b]', ['N:|a| ; N:|b|']],
  ['[see\n@a]', ['N:see|a|']],
  ['[@{https://doi.org/10.1/x}]', ['N:|https://doi.org/10.1/x|']],
  ['[@{a b}]', []],
  ['[@{}]', []],
  ['[@{weird{nested}key}]', ['N:|weird{nested}key|']],
  // Not citations
  ['[@a](http://example.com)', ['T:|a|']],
  ['[@a][ref]\n\n[ref]: http://example.com', ['T:|a|']],
  ['[@a]{.class}', ['T:|a|']],
  ['[no key here]', []],
  ['name@example.com', []],
  ['write to john.doe@example.org now', []],
  ['`@a` and `[@b]`', []],
  ['\\@a and \\[@b]', ['T:|b|']],
  ['```\n[@a]\n```', []],
  ['[link](mailto:@x)', []],
  ['<http://x.org/@a>', []],
  ['@', []],
  ['@.', []],
  ['[@]', []],
  // Narrative
  ['@a says', ['T:|a|']],
  ['@a [p. 12] says', ['T:|a|p. 12']],
  ['@a\n[p. 12] says', ['T:|a|p. 12']],
  ['@a [p. 12; @b] says', ['T:|a|p. 12 ; N:|b|']],
  ['@a [@b; @c]', ['T:|a| ; N:|b| ; N:|c|']],
  ['-@a says', ['S:|a|']],
  ['@a [^1]\n\n[^1]: note', ['T:|a|']],
  ['@a [p. 3](http://x.org)', ['T:|a|']],
  ['(@a)', ['T:|a|']],
  // Key characters
  ['@doe99.', ['T:|doe99|']],
  ['@Foo_bar--baz', ['T:|Foo_bar|']],
  ['@foo:bar', ['T:|foo:bar|']],
  ['@foo:', ['T:|foo|']],
  ['@a.b.c, and', ['T:|a.b.c|']],
  ['@http://x.org/y', ['T:|http://x.org/y|']],
  ['@müller2001 und @李2020', ['T:|müller2001|', 'T:|李2020|']],
  ['@_underscore', ['T:|_underscore|']],
  ['@123', ['T:|123|']],
  ['@a-b-c', ['T:|a-b-c|']],
  ['@a?', ['T:|a|']],
  // In other inline contexts
  ['*@a*', ['T:|a|']],
  ['**see [@a]**', ['N:|a|']],
  ['| h |\n|---|\n| [@a] |', ['N:|a|']],
  ['Text.[^n]\n\n[^n]: See [@a].', ['N:|a|']],
  ['# Heading [@a]', ['N:|a|']]
]

describe('citation syntax (Pandoc)', () => {
  for (const [input, expected] of cases) {
    it(JSON.stringify(input), () => {
      expect(cites(input)).toEqual(expected)
    })
  }

  it('records the position of each key', () => {
    const tree = parse('Intro line\nas in [see @alpha, p. 3; -@beta].')
    const found: Cite[] = []
    visit(tree, 'cite', (node: Cite) => {
      found.push(node)
    })
    expect(found).toHaveLength(1)
    const [first, second] = found[0]!.citations
    expect(first!.position?.start).toMatchObject({line: 2, column: 12})
    expect(first!.position?.end).toMatchObject({line: 2, column: 18})
    expect(second!.position?.start).toMatchObject({line: 2, column: 26})
    expect(found[0]!.position?.start).toMatchObject({line: 2, column: 7})
    expect(found[0]!.value).toBe('[see @alpha, p. 3; -@beta]')
  })
})

describe('bounded scans (parse/limits.ts)', () => {
  it('keeps citations with brackets nested a few levels deep', () => {
    expect(cites('[see [the [review [of [it]]]] @a, table [2 [b]]]')).toEqual(['N:see [the [review [of [it]]]]|a|, table [2 [b]]'])
    expect(cites('@a [p. [3]]')).toEqual(['T:|a|p. [3]'])
  })

  it('reads brackets nested deeper than MAX_NESTING, or longer than MAX_CITATION, as text', () => {
    expect(cites('[' + '['.repeat(MAX_NESTING) + '@a' + ']'.repeat(MAX_NESTING) + ']')).toEqual(['N:|a|'])
    // Too long for a bracketed citation: `@a` alone is read, as a narrative one.
    expect(cites(`[see ${'x '.repeat(MAX_CITATION / 2)}@a]`)).toEqual(['T:|a|'])
    expect(cites(`[see ${'x '.repeat(100)}@a]`)).toHaveLength(1)
  })

  it('reads runs of unclosed brackets as text, whole', () => {
    for (const text of ['['.repeat(50_000), '[@a'.repeat(4000), '[@a; '.repeat(5000), '@a ['.repeat(5000), '['.repeat(20_000) + ']', '@{'.repeat(10_000)]) {
      const tree = parse(text)
      let length = 0
      visit(tree, 'text', (node) => {
        length += node.value.length
      })
      // Nothing lost, and only real citations found (the inner `[@a]`-free runs have none).
      expect(length + cites(text).join('').length).toBeGreaterThan(0)
      expect(tree.children).toHaveLength(1)
    }
  })
})

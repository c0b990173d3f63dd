/** remarkMeta on its own: front matter -> file.data.meta, by the FIELDS table. */
import {unified} from 'unified'
import remarkParse from 'remark-parse'
import remarkFrontmatter from 'remark-frontmatter'
import {VFile} from 'vfile'
import {expect, it} from 'vitest'
import remarkMeta from '../../src/parse/remark-meta.js'

async function meta(yaml: string): Promise<VFile> {
  const processor = unified().use(remarkParse).use(remarkFrontmatter, ['yaml']).use(remarkMeta)
  const file = new VFile({path: 'doc.md', value: `---\n${yaml}---\n\nText.\n`})
  await processor.run(processor.parse(file), file)
  return file
}

it('reads each field by its kind, Pandoc’s aliases too', async () => {
  const file = await meta('title: T\ncitation-style: apa\nlink-citations: "true"\nbibliography: refs.bib\nkeywords: a, b\nnocite: "@x, @y"\ndate: 2020-01-02\n')
  expect(file.data.meta).toEqual({title: 'T', csl: 'apa', 'link-citations': true, bibliography: ['refs.bib'], keywords: ['a', 'b'], nocite: ['x', 'y'], date: '2020-01-02'})
  expect(file.data.metaPlaces?.csl?.value.start).toEqual({line: 3, column: 17, offset: undefined})
})

it('leaves out a value of the wrong shape, with an info where it stands', async () => {
  const file = await meta('title: [a, b]\ndir: sideways\nstrict: maybe\n')
  expect(file.data.meta).toEqual({})
  expect(file.messages.map((m) => [m.ruleId, m.line, m.reason])).toEqual([
    ['front-matter-shape', 2, '`title` must be text: it is left out'],
    ['front-matter-shape', 3, '`dir` is `rtl`, `ltr` or `auto`: it is left out'],
    ['front-matter-shape', 4, '`strict` must be true or false: it is left out']
  ])
})

it('takes no key for a field that is not one of its own (a hostile front matter)', async () => {
  const file = await meta('constructor: x\n__proto__: {polluted: true}\ntoString: 1\nhasOwnProperty: 2\n')
  expect(file.data.meta).toEqual({})
  expect(({} as Record<string, unknown>).polluted).toBeUndefined()
})

it('suggests the near key of handout’s, and stays quiet for another tool’s', async () => {
  const file = await meta('autor: Ann\nlof: true\n')
  expect(file.messages.map((m) => [m.ruleId, m.reason, m.expected])).toEqual([['front-matter-unknown', 'Unknown front matter key `autor`, did you mean `author`?', ['author']]])
})

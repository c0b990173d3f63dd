/**
 * Citation parity with Pandoc: tests/pandoc/<case>/expected.html is
 * `pandoc --citeproc` output (scripts/pandoc-expected.sh) for the same
 * manuscript, bibliography and CSL file. Citation texts and bibliography
 * entries must match; legitimate citeproc-js vs Pandoc differences are
 * recorded per item in <case>/differences.json with a reason.
 */
import {existsSync, readFileSync, readdirSync} from 'node:fs'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {fromHtml} from 'hast-util-from-html'
import type {Element, Nodes, Root} from 'hast'
import {VFile} from 'vfile'
import {createProcessor} from '../src/index.js'

const root = join(import.meta.dirname, 'pandoc')
const manuscript = readFileSync(join(root, 'manuscript.md'), 'utf8')
const cases = readdirSync(root, {withFileTypes: true}).filter((d) => d.isDirectory()).map((d) => d.name).sort()

function classes(node: Element): string[] {
  const c = node.properties.className
  return Array.isArray(c) ? c.map(String) : []
}

function elements(tree: Nodes, test: (e: Element) => boolean, out: Element[] = []): Element[] {
  if (tree.type === 'element' && test(tree)) out.push(tree)
  if ('children' in tree) for (const child of tree.children) elements(child as Nodes, test, out)
  return out
}

function text(node: Nodes, notes: Map<string, Element>): string {
  if (node.type === 'text') return node.value
  if (node.type !== 'element' && node.type !== 'root') return ''
  if (node.type === 'element') {
    if (classes(node).includes('footnote-back')) return ''
    if (classes(node).includes('footnote-ref')) {
      const target = notes.get(String(node.properties.href).slice(1))
      return target ? ` [note: ${text(target, notes).trim()}]` : ''
    }
  }
  return node.children.map((child) => text(child as Nodes, notes)).join('')
}

function normalize(value: string): string {
  return value.normalize('NFC').replace(/[\u00ad\u200b]/g, '').replace(/\s+/g, ' ').replace(/↩/g, '').trim()
}

export function extract(html: string): {citations: string[]; entries: string[]} {
  const tree = fromHtml(html) as Root
  const notes = new Map<string, Element>()
  for (const li of elements(tree, (e) => e.tagName === 'li' && typeof e.properties.id === 'string')) notes.set(String(li.properties.id), li)
  return {
    citations: elements(tree, (e) => classes(e).includes('citation')).map((e) => normalize(text(e, notes))),
    entries: elements(tree, (e) => classes(e).includes('csl-entry')).map((e) => normalize(text(e, notes)))
  }
}

describe('citeproc output matches pandoc --citeproc', () => {
  for (const name of cases) {
    it(name, async () => {
      const info = JSON.parse(readFileSync(join(root, name, 'case.json'), 'utf8')) as {style: string; lang: string}
      const differencesPath = join(root, name, 'differences.json')
      const differences = (existsSync(differencesPath) ? JSON.parse(readFileSync(differencesPath, 'utf8')) : {}) as {
        citations?: Record<string, {handout: string; reason: string}>
        entries?: Record<string, {handout: string; reason: string}>
      }
      const file = new VFile({path: join(root, name, 'input.md'), value: `---\nlang: ${info.lang}\n---\n\n${manuscript}`})
      const processor = createProcessor({csl: info.style, bibliography: [join(import.meta.dirname, 'fixtures', 'refs.bib')]})
      await processor.process(file)
      expect(file.messages.map(String)).toEqual([])
      const ours = extract(String(file.value))
      const theirs = extract(readFileSync(join(root, name, 'expected.html'), 'utf8'))
      expect(ours.citations).toHaveLength(theirs.citations.length)
      expect(ours.entries).toHaveLength(theirs.entries.length)
      if ('SHOW_DIFFERENCES' in process.env) {
        ours.citations.forEach((v, i) => v !== theirs.citations[i] && console.log(name, 'citation', i + 1, JSON.stringify({handout: v, pandoc: theirs.citations[i]})))
        ours.entries.forEach((v, i) => v !== theirs.entries[i] && console.log(name, 'entry', i + 1, JSON.stringify({handout: v, pandoc: theirs.entries[i]})))
      }
      ours.citations.forEach((value, i) => {
        const known = differences.citations?.[String(i + 1)]
        expect(value, `citation ${i + 1}`).toBe(known ? known.handout : theirs.citations[i])
      })
      ours.entries.forEach((value, i) => {
        const known = differences.entries?.[String(i + 1)]
        expect(value, `entry ${i + 1}`).toBe(known ? known.handout : theirs.entries[i])
      })
    })
  }
})

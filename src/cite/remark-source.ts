/**
 * remark plugin: `source: KEY` in front matter -> the full formatted
 * reference of the paper a handout summarises (`file.data.sourceReference`),
 * in the document's style, with its DOI linked. A rebuild with the same item
 * and style takes it from the last build.
 */
import type {Root, Yaml} from 'mdast'
import type {VFile} from 'vfile'
import {engineCache} from './engine.js'
import type {Processor} from 'unified'
import {closest, didYouMeanOf} from '../errors.js'
import {citeprocFragment} from './citeproc-html.js'
import type {Element, ElementContent} from 'hast'
import type {Engine} from 'citeproc'

function classes(node: Element): string[] {
  const value = node.properties.className
  return Array.isArray(value) ? value.map(String) : []
}

export default function remarkSource(this: Processor) {
  const engines = engineCache(this)
  return (tree: Root, file: VFile) => {
    const key = file.data.meta?.source
    const options = file.data.options
    const library = file.data.library
    if (!key || !options || !library) return
    if (!library.items.has(key)) {
      const yaml = tree.children.find((c): c is Yaml => c.type === 'yaml')
      const near = closest(key, library.items.keys())
      const hint = didYouMeanOf(near)
      const message = file.message(`Unknown \`source\` key \`${key}\`${hint ? `, ${hint}` : ''}`, {
        place: yaml?.position,
        ruleId: 'unknown-key',
        source: 'handout'
      })
      if (near.length) message.expected = near
      return
    }
    const ce = engines.get({
      styleXml: options.style.xml,
      styleOrigin: options.style.origin,
      lang: options.lang,
      items: library.items,
      retrieveLocale: options.retrieveLocale,
      linkCitations: false,
      linkBibliography: true
    })
    // The same item in the same style (the engine) as the last build: the same reference.
    const memoKey = JSON.stringify([key, library.items.get(key)])
    if (ce.sourceMemo?.key !== memoKey) ce.sourceMemo = {key: memoKey, nodes: sourceReference(ce.engine, key)}
    if (ce.sourceMemo.nodes) file.data.sourceReference = structuredClone(ce.sourceMemo.nodes)
  }
}

/** The formatted reference of `key`, as a bibliography entry without a number. */
function sourceReference(engine: Engine, key: string): ElementContent[] | undefined {
  engine.updateItems([key])
  const result = engine.makeBibliography()
  if (!result) return undefined
  const nodes = citeprocFragment(result[1].join('').trim())
  for (const node of nodes) {
    if (node.type !== 'element' || !classes(node).includes('csl-entry')) continue
    node.properties.className = ['csl-entry', 'source-entry']
    // Numeric styles label the entry `[1]`; a summary block needs none.
    node.children = node.children.filter((child) => !(child.type === 'element' && classes(child).includes('csl-left-margin')))
  }
  return nodes
}

/**
 * remark plugin: `source: KEY` in front matter -> the full formatted
 * reference of the paper a handout summarises (`file.data.sourceReference`),
 * in the document's style, with its DOI linked.
 */
import type {Root, Yaml} from 'mdast'
import type {VFile} from 'vfile'
import {engineCache} from './engine.js'
import type {Processor} from 'unified'
import {closest, didYouMeanOf} from '../errors.js'
import {citeprocFragment} from './citeproc-html.js'
import type {Element} from 'hast'

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
    const {engine} = engines.get({
      styleXml: options.style.xml,
      styleOrigin: options.style.origin,
      lang: options.lang,
      items: library.items,
      retrieveLocale: options.retrieveLocale,
      linkCitations: false,
      linkBibliography: true
    })
    engine.updateItems([key])
    const result = engine.makeBibliography()
    if (result) {
      const nodes = citeprocFragment(result[1].join('').trim())
      for (const node of nodes) {
        if (node.type !== 'element' || !classes(node).includes('csl-entry')) continue
        node.properties.className = ['csl-entry', 'source-entry']
        // Numeric styles label the entry `[1]`; a summary block needs none.
        node.children = node.children.filter((child) => !(child.type === 'element' && classes(child).includes('csl-left-margin')))
      }
      file.data.sourceReference = nodes
    }
  }
}

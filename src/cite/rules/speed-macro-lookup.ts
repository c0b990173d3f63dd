/**
 * citeproc-js looks a macro up by walking the whole style tree on every
 * expansion (`XmlJSON.getNodesByName(root, 'macro', name)`), which is most of
 * the 100+ ms an engine takes to build. CSL allows macros only as children of
 * `<style>`, so for that one call a scan of the root's children returns the
 * same nodes in the same order. Every other call goes to the original.
 * It changes how a lookup is done, not what it returns. The lookup is the
 * XML parser's, which runs inside `new CSL.Engine` before the engine exists,
 * so the mark is on the parsed style itself: `styleWithRules` parses it as
 * citeproc-js would and marks its root, and the wrapper, installed once, takes
 * the short way only for a marked root (every other engine in the process
 * gets citeproc-js's own lookup).
 */
import CSL from 'citeproc'

const MARK = Symbol.for('handout.citeproc-style')

interface JsonNode {
  name?: string
  attrs?: Record<string, string>
  children?: unknown[]
}
type Lookup = (this: unknown, node: JsonNode, name: string, nameattrval?: string, ret?: JsonNode[]) => JsonNode[]

/** Idempotent; called before an engine is built. */
export function speedUpMacroLookup(): void {
  const xmlJson = (CSL as unknown as {XmlJSON: {prototype: {getNodesByName: Lookup; __handoutFast?: true}}}).XmlJSON.prototype
  if (xmlJson.__handoutFast) return
  const original = xmlJson.getNodesByName
  xmlJson.getNodesByName = function (node, name, nameattrval, ret) {
    if (name === 'macro' && nameattrval && !ret && (node as Record<symbol, unknown> | undefined)?.[MARK] && node.name === 'style' && Array.isArray(node.children)) {
      const found: JsonNode[] = []
      for (const child of node.children) {
        const c = child as JsonNode
        if (c && typeof c === 'object' && c.name === 'macro' && c.attrs?.name === nameattrval && c.children) found.push(c)
      }
      return found
    }
    return original.call(this, node, name, nameattrval, ret)
  }
  xmlJson.__handoutFast = true
}

/**
 * The style as citeproc-js's `CSL.setupXml` parses a string (a leading BOM
 * and white space dropped, then `CSL.parseXml`), its root marked for the fast
 * macro lookup. A style that is not XML is handed on as it is.
 */
export function styleWithRules(xml: string): string | object {
  const text = xml.replace(/^\uFEFF/, '').replace(/^\s+/, '')
  if (!text.startsWith('<')) return xml
  const parsed = (CSL as unknown as {parseXml: (xml: string) => object}).parseXml(text)
  Object.defineProperty(parsed, MARK, {value: true})
  return parsed
}

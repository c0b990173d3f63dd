/**
 * citeproc-js looks a macro up by walking the whole style tree on every
 * expansion (`XmlJSON.getNodesByName(root, 'macro', name)`), which is most of
 * the 100+ ms an engine takes to build. CSL allows macros only as children of
 * `<style>`, so for that one call a scan of the root's children returns the
 * same nodes in the same order. Every other call goes to the original.
 * Stateless: it changes how a lookup is done, not what it returns, so it is
 * installed for the whole process (the lookup is a parser's, not an engine's).
 */
import CSL from 'citeproc'

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
    if (name === 'macro' && nameattrval && !ret && node?.name === 'style' && Array.isArray(node.children)) {
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

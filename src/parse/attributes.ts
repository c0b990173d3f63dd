/**
 * Pandoc attribute syntax: `{#id .class key=value key="quoted value"}` or a
 * bare class word (`note`).
 */
export interface Attributes {
  id?: string | undefined
  classes: string[]
  attributes: Record<string, string>
}

export function parseAttributes(raw: string): Attributes {
  const result: Attributes = {classes: [], attributes: {}}
  const text = raw.trim()
  if (!text.startsWith('{')) {
    result.classes.push(text)
    return result
  }
  const body = text.slice(1, -1)
  const pattern = /#([^\s#.=]+)|\.([^\s#.=]+)|([^\s=#.]+)=(?:"((?:[^"\\]|\\.)*)"|'([^']*)'|(\S+))/g
  for (const match of body.matchAll(pattern)) {
    if (match[1]) result.id = match[1]
    else if (match[2]) result.classes.push(match[2])
    else if (match[3]) result.attributes[match[3]] = (match[4] ?? match[5] ?? match[6] ?? '').replace(/\\(.)/g, '$1')
  }
  return result
}

/**
 * Pandoc attribute syntax: `{#id .class key=value key="quoted value"}` or a
 * bare class word (`note`), and how Pandoc's HTML5 writer writes it out.
 */
import type {Properties} from 'hast'

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
  const pattern = /(?<=^|\s)-(?=\s|$)|#([^\s#.=}]+)|\.([^\s#.=}]+)|([^\s=#.}"']+)=(?:"((?:[^"\\]|\\.)*)"|'([^']*)'|([^\s}]+))/g
  for (const match of body.matchAll(pattern)) {
    if (match[0] === '-') result.classes.push('unnumbered')
    else if (match[1]) result.id ??= match[1]
    else if (match[2]) result.classes.push(match[2])
    else if (match[3]) {
      const value = (match[4] ?? match[5] ?? match[6] ?? '').replace(/\\(.)/g, '$1')
      // `class="a b"` adds classes; for any other key the first value counts, as in Pandoc.
      if (match[3] === 'class') result.classes.push(...value.split(/\s+/).filter(Boolean))
      else if (match[3] === 'id') result.id ??= value
      else if (!(match[3] in result.attributes)) result.attributes[match[3]] = value
    }
  }
  return result
}

/**
 * Keys Pandoc's HTML5 writer writes as they are (its `html5Attributes` and
 * `rdfaAttributes`, less `label`); any other key gets `data-`. Event handlers
 * (`onclick`…) are left out of this list on purpose: an attribute in a
 * manuscript never becomes script.
 */
const HTML5 = new Set(
  (
    'abbr accept accept-charset accesskey action allow allowfullscreen alt as async autocapitalize autocomplete ' +
    'charset checked cite color cols colspan content contenteditable controls coords crossorigin data datetime ' +
    'decoding default defer dir dirname disabled download draggable enctype enterkeyhint fetchpriority for form ' +
    'headers height hidden high href hreflang http-equiv imagesizes imagesrcset inputmode integrity is ismap itemid ' +
    'itemprop itemref itemscope itemtype kind lang list loading loop low max maxlength media method min minlength ' +
    'multiple muted name nomodule novalidate open optimum pattern ping placeholder playsinline poster preload ' +
    'readonly referrerpolicy rel required reversed role rows rowspan sandbox scope selected shape size sizes slot ' +
    'span spellcheck src srclang srcset start step style tabindex target title translate type typemustmatch ' +
    'updateviacache usemap value width workertype wrap about rev resource property datatype typeof vocab prefix'
  ).split(' ')
)

/** The attribute's HTML name, as Pandoc's HTML5 writer gives it. */
export function htmlAttributeName(key: string): string {
  if (/^on/i.test(key)) return `data-${key}`
  if (HTML5.has(key) || key.includes(':') || key.startsWith('data-') || key.startsWith('aria-')) return key
  return `data-${key}`
}

/** hast properties for `attributes`, as Pandoc's HTML5 writer writes them. */
export function toProperties(attributes: Attributes): Properties {
  const properties: Properties = {}
  if (attributes.id) properties.id = attributes.id
  if (attributes.classes.length > 0) properties.className = [...attributes.classes]
  for (const [key, value] of Object.entries(attributes.attributes)) {
    if (key) properties[htmlAttributeName(key)] = value
  }
  return properties
}

/** The classes of an element's properties (`className` as a list, or as one string of names). */
export function classList(properties: Record<string, unknown> | undefined): string[] {
  const value = properties?.className
  return Array.isArray(value) ? value.map(String) : typeof value === 'string' ? value.split(/\s+/).filter(Boolean) : []
}

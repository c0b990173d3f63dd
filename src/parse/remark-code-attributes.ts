/**
 * remark plugin: code as Pandoc reads it (`fenced_code_attributes`,
 * `inline_code_attributes`, `raw_attribute`).
 *
 * - ```` ```{.python #id .numberLines startFrom=10} ```` and
 *   ```` ```python ```` give the block its attributes (`data.attributes`);
 *   the first class is its language.
 * - `` `x`{.python} `` likewise for inline code (attribute-syntax.ts reads
 *   the braces).
 * - ```` ```{=html} ```` and `` `<b>`{=html} `` are raw HTML, passed
 *   through; raw blocks for other formats (`{=latex}`, `{=docx}`) are left
 *   out, as Pandoc leaves them out of HTML, with one info.
 */
import type {Code, InlineCode, Parent, Root, RootContent} from 'mdast'
import type {VFile} from 'vfile'
import {parseAttributes, type Attributes} from './attributes.js'

declare module 'mdast' {
  interface CodeData {
    /** Pandoc attributes of the block, the language first among its classes. */
    attributes?: Attributes
  }
  interface InlineCodeData {
    attributes?: Attributes
    /** `html` for `` `<b>`{=html} ``. */
    rawFormat?: string
  }
}

/** Formats whose raw content HTML output keeps. */
const HTML_FORMATS = new Set(['html', 'html5', 'html4'])

export default function remarkCodeAttributes() {
  return (tree: Root, file: VFile) => {
    const dropped: RootContent[] = []
    walk(tree, dropped)
    if (dropped.length === 0) return
    const first = dropped[0] as Code | InlineCode
    const format = rawFormat(first) ?? ''
    const more = dropped.length > 1 ? ` and ${dropped.length - 1} more` : ''
    const message = file.message(`Raw \`${format}\` ${first.type === 'code' ? 'block' : 'code'} left out of the HTML${more}`, {
      place: first.position,
      ruleId: 'raw-format-dropped',
      source: 'handout'
    })
    message.note = 'Only `{=html}` raw content reaches HTML and PDF output, as in Pandoc'
    message.fatal = undefined
  }
}

function walk(parent: Parent, dropped: RootContent[]): void {
  const children: RootContent[] = []
  for (const child of parent.children as RootContent[]) {
    if (child.type === 'code') {
      const attributes = blockAttributes(child)
      if (attributes) child.data = {...child.data, attributes}
    }
    if (child.type === 'code' || child.type === 'inlineCode') {
      const format = rawFormat(child)
      if (format !== undefined) {
        if (HTML_FORMATS.has(format)) {
          const html = {type: 'html', value: child.value} as RootContent
          if (child.position) html.position = child.position
          children.push(html)
        } else dropped.push(child)
        continue
      }
    } else if ('children' in child) walk(child, dropped)
    children.push(child)
  }
  parent.children = children as never
}

/** The block's attributes: `{…}` (across micromark's lang and meta), or a bare language word. */
function blockAttributes(node: Code): Attributes | undefined {
  if (!node.lang) return undefined
  if (!node.lang.startsWith('{')) return {classes: [node.lang], attributes: {}}
  const raw = node.meta ? `${node.lang} ${node.meta}` : node.lang
  if (!/^\{.*\}\s*$/.test(raw)) return undefined
  return parseAttributes(raw)
}

/** `html` for ```` ```{=html} ```` or `` `x`{=html} ``, else undefined. */
function rawFormat(node: Code | InlineCode): string | undefined {
  if (node.type === 'code') {
    const raw = node.meta ? `${node.lang} ${node.meta}` : node.lang
    return raw ? /^\{\s*=([\w-]+)\s*\}\s*$/.exec(raw)?.[1] : undefined
  }
  return node.data?.rawFormat
}

/**
 * Raw Markdown (a citation prefix or suffix, a YAML reference title) -> the
 * small HTML subset citeproc-js accepts in rich text: <i>, <b>, <sup>, <sub>,
 * <span class="nocase">, <span style="font-variant:small-caps;">.
 */
import {fromMarkdown} from 'mdast-util-from-markdown'
import type {PhrasingContent, RootContent} from 'mdast'

const MARKUP = /[*_`\\<[~^&]|--|\.\.\./

/** Pandoc's `smart` extension for dashes and ellipses: `---` em, `--` en, `...` … */
export function smart(text: string): string {
  return text.replace(/---/g, '\u2014').replace(/--/g, '\u2013').replace(/\.\.\./g, '\u2026')
}

/**
 * Text goes to citeproc-js as it is: citeproc-js escapes `&`, `<` and `>` in
 * its output, so escaping them here printed `&#38;` (issue 11).
 */
const escape = (text: string): string => text

export function markdownToCiteproc(markdown: string): string {
  if (!MARKUP.test(markdown)) return markdown
  const tree = fromMarkdown(markdown)
  const parts: string[] = []
  for (const block of tree.children) parts.push(render(block))
  // Keep the outer white space: it separates prefix from cite.
  const lead = /^\s/.test(markdown) ? ' ' : ''
  const trail = /\s$/.test(markdown) ? ' ' : ''
  return lead + parts.join(' ') + trail
}

function render(node: RootContent | PhrasingContent): string {
  switch (node.type) {
    case 'paragraph':
      return node.children.map(render).join('')
    case 'text':
      return escape(smart(node.value)).replace(/\^([^\s^]+)\^/g, '<sup>$1</sup>').replace(/~([^\s~]+)~/g, '<sub>$1</sub>')
    case 'emphasis':
      return `<i>${node.children.map(render).join('')}</i>`
    case 'strong':
      return `<b>${node.children.map(render).join('')}</b>`
    case 'inlineCode':
      return escape(node.value)
    case 'break':
      return ' '
    case 'link':
      return node.children.map(render).join('')
    case 'html':
      return node.value
    default:
      return 'children' in node ? (node.children as RootContent[]).map(render).join('') : 'value' in node ? escape(String(node.value)) : ''
  }
}

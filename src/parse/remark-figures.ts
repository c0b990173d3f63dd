/**
 * remark plugin: Pandoc's `implicit_figures`. An image alone in a paragraph,
 * with a description, is a figure: `figure` > `img` + `figcaption`, the
 * caption being the description. When an `alt` attribute gives the image
 * its own text (`![Caption](a.png){alt="…"}`) the caption is read aloud;
 * otherwise it repeats the image's alt text, and is hidden from screen
 * readers (`aria-hidden`), as Pandoc writes it.
 */
import type {Image, ImageReference, Link, LinkReference, Paragraph, Parent, PhrasingContent, Root} from 'mdast'
import type {CompileContext} from 'mdast-util-from-markdown'
import type {Processor} from 'unified'
import {visit} from 'unist-util-visit'
import {toString} from 'mdast-util-to-string'

export interface Figure extends Parent {
  type: 'figure'
  children: Array<Image | ImageReference | Figcaption>
}

export interface Figcaption extends Parent {
  type: 'figcaption'
  children: PhrasingContent[]
}

declare module 'mdast' {
  interface RootContentMap {
    figure: Figure
    figcaption: Figcaption
  }
  interface BlockContentMap {
    figure: Figure
  }
}

export default function remarkFigures(this: Processor) {
  ;(this.data().fromMarkdownExtensions ||= []).push({exit: {label: keepCaption}})
  return (tree: Root) => {
    visit(tree, 'paragraph', (paragraph: Paragraph, index, parent) => {
      if (!parent || index === undefined) return
      const image = alone(paragraph)
      if (!image || !image.alt) return
      const properties = (image.data?.hProperties ?? {}) as Record<string, unknown>
      const ownAlt = typeof properties.alt === 'string'
      const caption: Figcaption = {
        type: 'figcaption',
        children: (image.data as {caption?: PhrasingContent[]} | undefined)?.caption ?? [{type: 'text', value: image.alt}],
        data: {hName: 'figcaption', hProperties: ownAlt ? {} : {ariaHidden: 'true'}}
      }
      const figure: Figure = {type: 'figure', children: [image, caption], data: {hName: 'figure'}}
      if (paragraph.position) figure.position = paragraph.position
      parent.children.splice(index, 1, figure as never)
    })
  }
}

/**
 * mdast-util-from-markdown's own `label` exit, which also keeps an image's
 * description as inlines (`data.caption`): the caption keeps its emphasis,
 * quotes and math where the alt text is plain.
 */
function keepCaption(this: CompileContext): void {
  const fragment = this.stack[this.stack.length - 1] as Parent
  const value = this.resume()
  const node = this.stack[this.stack.length - 1] as Link | Image | LinkReference | ImageReference
  this.data.inReference = true
  if (node.type === 'link' || node.type === 'linkReference') node.children = fragment.children as PhrasingContent[]
  else {
    // Raw TeX (`Caption\label{fig:x}`) has no text: Pandoc leaves it out of both.
    const caption = withoutRawTex(fragment.children as PhrasingContent[])
    const alt = toString({type: 'paragraph', children: caption})
    node.alt = alt === value ? value : alt.trim()
    node.data = {...node.data, caption} as never
  }
}

function withoutRawTex(nodes: PhrasingContent[]): PhrasingContent[] {
  return nodes
    .filter((node) => (node.type as string) !== 'rawTex')
    .map((node) => ('children' in node ? ({...node, children: withoutRawTex(node.children as PhrasingContent[])} as PhrasingContent) : node))
}

/** The paragraph's one image, with nothing but white space around it. */
function alone(paragraph: Paragraph): Image | ImageReference | undefined {
  const content = paragraph.children.filter((child) => !(child.type === 'text' && /^\s*$/.test(child.value)))
  const [only] = content
  return content.length === 1 && (only!.type === 'image' || only!.type === 'imageReference') ? only : undefined
}

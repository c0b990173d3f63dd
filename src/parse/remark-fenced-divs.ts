/**
 * remark plugin: Pandoc fenced divs (`::: {#id .class key=value}` … `:::`).
 * Fence lines parse as `divFence` nodes; this plugin nests the blocks
 * between an opening and a closing fence into a `fencedDiv` node.
 */
import type {Processor} from 'unified'
import type {Parent, Root, RootContent} from 'mdast'
import type {CompileContext, Extension as FromMarkdownExtension, Token} from 'mdast-util-from-markdown'
import type {Literal} from 'mdast'
import type {VFile} from 'vfile'
import {divSyntax} from './div-syntax.js'
import type {FencedDiv} from '../cite/nodes.js'
import {parseAttributes} from './attributes.js'

interface DivFence extends Literal {
  type: 'divFence'
  /** Raw attributes: `{#refs}`, `note`; empty on a closing fence. */
  value: string
}

declare module 'mdast' {
  interface RootContentMap {
    divFence: DivFence
  }
  interface BlockContentMap {
    divFence: DivFence
  }
}

function fromMarkdown(): FromMarkdownExtension {
  return {
    enter: {
      divFence(this: CompileContext, token: Token) {
        this.enter({type: 'divFence', value: ''} as never, token)
      }
    },
    exit: {
      divFenceAttributes(this: CompileContext, token: Token) {
        const node = this.stack[this.stack.length - 1] as unknown as DivFence
        node.value = this.sliceSerialize(token)
      },
      divFence(this: CompileContext, token: Token) {
        this.exit(token)
      }
    }
  }
}

export default function remarkFencedDivs(this: Processor) {
  const data = this.data()
  ;(data.micromarkExtensions ||= []).push(divSyntax())
  ;(data.fromMarkdownExtensions ||= []).push(fromMarkdown())
  return (tree: Root, file: VFile) => {
    nest(tree, file)
  }
}

function nest(parent: Parent, file: VFile): void {
  const output: RootContent[] = []
  const stack: Array<{div: FencedDiv; fence: DivFence}> = []
  const target = (): RootContent[] => (stack.length > 0 ? (stack[stack.length - 1]!.div.children as RootContent[]) : output)
  for (const child of parent.children as RootContent[]) {
    if (child.type === 'divFence') {
      if (child.value) {
        const attributes = parseAttributes(child.value)
        const div: FencedDiv = {
          type: 'fencedDiv',
          identifier: attributes.id,
          classes: attributes.classes,
          attributes: attributes.attributes,
          children: []
        }
        if (child.position) div.position = {start: child.position.start, end: child.position.end}
        target().push(div)
        stack.push({div, fence: child})
      } else if (stack.length > 0) {
        const {div} = stack.pop()!
        if (div.position && child.position) div.position.end = child.position.end
      } else {
        file.message('Closing `:::` without an opening fence; remove it or add `::: {.class}` above', {
          place: child.position,
          ruleId: 'div-unopened',
          source: 'handout'
        })
      }
      continue
    }
    if ('children' in child) nest(child as Parent, file)
    target().push(child)
  }
  for (const {fence} of stack) {
    file.message('Fenced div is never closed; add a line `:::` after its content', {
      place: fence.position,
      ruleId: 'div-unclosed',
      source: 'handout'
    })
  }
  parent.children = output as Parent['children']
}

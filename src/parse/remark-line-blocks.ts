/** remark plugin: Pandoc's line blocks (line-block-syntax.ts); hast in render/line-block-handlers.ts. */
import type {Processor} from 'unified'
import {lineBlockFromMarkdown, lineBlockSyntax} from './line-block-syntax.js'

export default function remarkLineBlocks(this: Processor): void {
  const data = this.data()
  ;(data.micromarkExtensions ||= []).push(lineBlockSyntax())
  ;(data.fromMarkdownExtensions ||= []).push(lineBlockFromMarkdown())
}

/**
 * remark plugin: raw HTML read as Pandoc reads it (html-flow-syntax.ts): a
 * comment or other `<!…` block does not interrupt a paragraph.
 */
import type {Processor} from 'unified'
import {htmlFlowSyntax} from './html-flow-syntax.js'

export default function remarkPandocHtml(this: Processor): void {
  ;(this.data().micromarkExtensions ||= []).push(htmlFlowSyntax())
}

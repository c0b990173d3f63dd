/**
 * remark plugin: parse Pandoc citations into `cite` nodes.
 */
import type {Processor} from 'unified'
import {citeSyntax} from './cite-syntax.js'
import {citeFromMarkdown} from './cite-from-markdown.js'

export default function remarkCite(this: Processor): void {
  const data = this.data()
  ;(data.micromarkExtensions ||= []).push(citeSyntax())
  ;(data.fromMarkdownExtensions ||= []).push(citeFromMarkdown())
}

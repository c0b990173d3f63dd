/**
 * remark plugin: Pandoc's `definition_lists`, read by
 * micromark-extension-definition-list (PHP Markdown Extra's syntax, which
 * Pandoc's follows: a term line, then `:` and the definition, indented
 * blocks continuing it). The hast handlers are in render/handlers.ts.
 */
import type {Processor} from 'unified'
import {defList} from 'micromark-extension-definition-list'
import {defListFromMarkdown} from 'mdast-util-definition-list'

export default function remarkDefinitionLists(this: Processor): void {
  const data = this.data()
  ;(data.micromarkExtensions ||= []).push(defList)
  ;(data.fromMarkdownExtensions ||= []).push(defListFromMarkdown)
}

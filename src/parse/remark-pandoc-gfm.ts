/**
 * remark plugin: the parts of GitHub Flavored Markdown that Pandoc's Markdown
 * has too (its `pipe_tables`, `strikeout`, `footnotes` and `task_lists`), and
 * not the one it has not: bare URLs and e-mail addresses made into links
 * (GFM's autolink literals; Pandoc's `autolink_bare_uris` is off in
 * `markdown`). `https://example.org` in running text stays text, as in pandoc;
 * `<https://example.org>` is a link in both. (It was also the costliest part
 * of parsing: about a third of the time on a long manuscript.) `--from gfm`
 * turns them on.
 */
import type {Processor} from 'unified'
import {gfmAutolinkLiteral} from 'micromark-extension-gfm-autolink-literal'
import {gfmAutolinkLiteralFromMarkdown} from 'mdast-util-gfm-autolink-literal'
import {gfmStrikethrough} from 'micromark-extension-gfm-strikethrough'
import {gfmTable} from 'micromark-extension-gfm-table'
import {gfmTaskListItem} from 'micromark-extension-gfm-task-list-item'
import {boundedGfmFootnote} from './footnote-bounds.js'
import {gfmFootnoteFromMarkdown} from 'mdast-util-gfm-footnote'
import {gfmStrikethroughFromMarkdown} from 'mdast-util-gfm-strikethrough'
import {gfmTableFromMarkdown} from 'mdast-util-gfm-table'
import {gfmTaskListItemFromMarkdown} from 'mdast-util-gfm-task-list-item'

export interface RemarkPandocGfmOptions {
  /** Bare URLs and e-mail addresses as links (GFM's autolink literals; `--from gfm`); default false. */
  autolinkLiterals?: boolean
}

export default function remarkPandocGfm(this: Processor, options: RemarkPandocGfmOptions = {}): void {
  const data = this.data()
  if (options.autolinkLiterals) {
    ;(data.micromarkExtensions ||= []).push(gfmAutolinkLiteral())
    ;(data.fromMarkdownExtensions ||= []).push(gfmAutolinkLiteralFromMarkdown())
  }
  ;(data.micromarkExtensions ||= []).push(boundedGfmFootnote(), gfmStrikethrough({singleTilde: false}), gfmTable(), gfmTaskListItem())
  ;(data.fromMarkdownExtensions ||= []).push(gfmFootnoteFromMarkdown(), gfmStrikethroughFromMarkdown(), gfmTableFromMarkdown(), gfmTaskListItemFromMarkdown())
}

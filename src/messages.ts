/**
 * Every message handout gives, by its `ruleId`: what it means and how it is
 * fixed. The README's "Messages" section has an anchor per rule
 * (`#rule-<id>`), which `--json` gives as each message's `url`; a test checks
 * that every rule the code uses is here and in the README.
 */
import {pathToFileURL} from 'node:url'
import {join} from 'node:path'
import type {VFileMessage} from 'vfile-message'
import {packageRoot} from './paths.js'

export const MESSAGES = {
  // The manuscript
  binary: 'the input is a binary file, not Markdown text',
  empty: 'the input file is empty',
  extension: 'the input does not end in .md or .markdown; it is read as Markdown',
  unreadable: 'the input cannot be read',
  'yaml-syntax': 'the front matter is not valid YAML',
  'yaml-shape': 'the front matter is not a mapping of `key: value` lines',
  'front-matter-shape': 'a front matter value has the wrong shape (a list where text is meant…); it is left out',
  'front-matter-unknown': 'a front matter key handout does not know (a typo of a known one)',
  strict: '`--strict` (or `strict: true`) turned warnings into a failure',
  'div-unclosed': 'a fenced div `:::` is never closed',
  'div-unopened': 'a closing `:::` with no div open',
  'math-error': 'TeX math that KaTeX cannot typeset; the source is shown instead',
  'tex-macro-loop': 'a TeX macro that expands into itself',
  'raw-tex-dropped': 'raw TeX, which has no HTML form, is left out',
  'raw-format-dropped': 'a raw block or span for another format (`{=latex}`…) is left out',
  'resource-missing': 'an image or other file the manuscript links is not found',
  'crossref-unknown': 'a cross-reference (`@fig:x`) to a label no figure, table, equation or section has',
  'crossref-duplicate': 'a cross-reference label (`{#fig:x}`) given to two things',
  internal: "a bug in handout, not in the input: please report it with the input",
  // Citations and bibliographies
  'unknown-key': 'a citation key that no bibliography has',
  'duplicate-key': 'two entries share a citation key; the first is used',
  'empty-citation': 'a citation prints as nothing in this style',
  'empty-entry': 'a bibliography entry prints as nothing in this style',
  'file-missing': 'a file the manuscript or packet names is not found',
  'file-unreadable': 'a file exists but cannot be read',
  'not-a-file': 'a name that is a folder, device, FIFO or socket, not a file',
  'too-large': 'a file above the input size limit (`--max-input-size`)',
  'outside-root': 'a file outside the project folder, which handout does not read',
  'bibliography-format': 'a bibliography whose format handout cannot tell or read',
  'bibliography-encoding': 'a bibliography that is not UTF-8 (Latin-1, Windows-1252)',
  'bibliography-syntax': 'a bibliography that cannot be parsed at all',
  'bibliography-entry': 'one bibliography entry cannot be read; it is left out, the others load',
  'bibliography-macro': 'an undefined BibTeX `@string` macro; its name is printed in its place',
  'bibliography-type': 'an unknown BibTeX entry type; it is read as `@misc`',
  'bibliography-field': 'an unknown BibTeX field; it is ignored',
  'unknown-style': 'a CSL style that is not found by name or path',
  'style-invalid': 'a file that is not a usable CSL style',
  'unknown-locale': 'a `lang` with no CSL locale',
  'stylesheet-missing': 'a `stylesheet` that is not found',
  'stylesheet-import': 'a stylesheet `@import` of something other than a local file',
  // Packets
  'packet-yaml': 'the packet file is not valid YAML',
  'packet-shape': 'the packet file is not a mapping (title, articles, …)',
  'packet-key': 'a packet file key handout does not know',
  'packet-type': 'a packet file value of the wrong type',
  'packet-cover': 'a packet cover that is not an image',
  'packet-article': 'an article of the packet failed; the message says why',
  // The PDF
  'no-browser': 'no Chromium or Chrome to print the PDF with',
  'browser-launch': 'the browser could not be started or reached',
  'pdf-timeout': 'the PDF took longer than `--timeout`',
  'pdf-failed': 'the browser crashed while printing',
  'paged-error': 'Paged.js stopped on an error in the page',
  aborted: 'the run was interrupted (Ctrl-C) before the PDF was written',
  'print-split': 'a block taller than a page is split although its style says not to break inside',
  'print-cut': 'a block taller than a page is cut at the foot of its page',
  'print-lost': 'a block could not be placed on any page',
  'print-refused': 'the print page refused to load something (network, a file outside the project)',
  'print-script': 'the manuscript has scripts, which run only with `--scripts`',
  'print-script-error': "a script of the manuscript's failed in the print page"
} as const satisfies Record<string, string>

export type RuleId = keyof typeof MESSAGES

export function isRuleId(id: string): id is RuleId {
  return Object.hasOwn(MESSAGES, id)
}

/** Where the README explains a rule: a file URL into the installed package's README. */
export function ruleUrl(id: string): string | undefined {
  return isRuleId(id) ? `${pathToFileURL(join(packageRoot(), 'README.md')).href}#rule-${id}` : undefined
}

/** One message as `file:line:column  severity  reason  rule`, its note indented below (the CLI, the preview and the fixtures write it so). */
export function formatMessage(message: VFileMessage, fallbackPath: string): string {
  const place = message.place
  let where = message.file || fallbackPath
  if (place) {
    const point = 'start' in place ? place.start : place
    if (point && point.line) where += `:${point.line}:${point.column ?? 1}`
  }
  const severity = message.fatal ? 'error' : message.fatal === false ? 'warning' : 'info'
  let line = `${where}  ${severity}  ${message.reason}${message.ruleId ? `  ${message.ruleId}` : ''}`
  if (message.note) line += `\n    ${message.note}`
  return line
}

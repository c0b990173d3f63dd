/**
 * The build's inputs: what the command line names (files, folders, globs)
 * expanded to manuscripts, and a manuscript read and checked (text, not
 * empty, not binary) before it is parsed.
 */
import {extname, relative, resolve} from 'node:path'
import {glob} from 'tinyglobby'
import type {VFile} from 'vfile'
import {isHandoutError} from '../errors.js'
import {readChecked, type Access} from '../load/files.js'

const MARKDOWN = ['.md', '.markdown', '.txt']

/** Files, folders (their Markdown files) and globs -> sorted unique paths. */
export async function expandInputs(inputs: string[]): Promise<{files: string[]; missing: string[]}> {
  const {stat} = await import('node:fs/promises')
  const files = new Set<string>()
  const missing: string[] = []
  for (const input of inputs) {
    let info
    try {
      info = await stat(input)
    } catch {
      info = undefined
    }
    if (info?.isDirectory()) {
      const found = await glob(['**/*.md', '**/*.markdown'], {cwd: input, ignore: ['**/node_modules/**', '**/out/**']})
      for (const f of found) files.add(relative(process.cwd(), resolve(input, f)))
    } else if (info) {
      files.add(input)
    } else if (/[*?[{]/.test(input)) {
      const found = await glob(input, {ignore: ['**/node_modules/**']})
      if (found.length === 0) missing.push(input)
      for (const f of found) files.add(f)
    } else {
      missing.push(input)
    }
  }
  return {files: [...files].sort(), missing}
}

/** The manuscript's text; a user mistake is a fatal message on `file`, thrown. */
export async function readInput(input: string, file: VFile, access: Access): Promise<string> {
  let buffer: Buffer
  try {
    buffer = await readChecked(input, access, {what: 'manuscript'})
  } catch (error) {
    if (!isHandoutError(error)) throw error
    const message = file.message(error.ruleId === 'file-missing' ? 'File not found' : error.message, {ruleId: error.ruleId === 'file-missing' ? 'unreadable' : error.ruleId, source: 'handout'})
    message.fatal = true
    if (error.note) message.note = error.note
    throw message
  }
  if (buffer.length === 0 || buffer.toString('utf8').trim() === '') {
    file.fail('File is empty: write some Markdown first', {ruleId: 'empty', source: 'handout'})
  }
  if (buffer.subarray(0, 8000).includes(0)) {
    file.fail('Binary file, not Markdown text: pass a .md file', {ruleId: 'binary', source: 'handout'})
  }
  if (!MARKDOWN.includes(extname(input).toLowerCase())) {
    file.message(`Unusual extension \`${extname(input)}\`; read as Markdown`, {ruleId: 'extension', source: 'handout'})
  }
  return buffer.toString('utf8').replace(/^\uFEFF/, '')
}

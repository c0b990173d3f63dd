/**
 * `handout refs FILE...`: the CSL-JSON handout reads from bibliography files
 * (.bib, .bibtex, .json, .yaml, .ris), one array on stdout, as the engine
 * sees each item; the file's warnings on stderr. Compare it with
 * `pandoc -f biblatex -t csljson FILE`, or feed it to another tool.
 */
import {readFile} from 'node:fs/promises'
import {loadBibliography} from '../load/bibliography.js'
import {isHandoutError, toFatalMessage} from '../errors.js'
import {formatMessage} from './report.js'

export async function refs(files: string[], language: string): Promise<number> {
  const items: unknown[] = []
  let failed = false
  for (const file of files) {
    try {
      const library = await loadBibliography(await readFile(file), file, file, {language})
      const seen = new Set<string>()
      for (const key of library.keys) {
        if (seen.has(key)) continue
        seen.add(key)
        const item = library.item(key)
        if (item) items.push(item)
      }
      for (const message of library.messages) process.stderr.write(formatMessage(message, file) + '\n')
    } catch (error) {
      failed = true
      if (isHandoutError(error)) process.stderr.write(formatMessage(toFatalMessage(error, file), file) + '\n')
      else if ((error as NodeJS.ErrnoException).code === 'ENOENT') process.stderr.write(`${file}  error  No such file\n`)
      else throw error
    }
  }
  process.stdout.write(JSON.stringify(items, null, 2) + '\n')
  return failed ? 1 : 0
}

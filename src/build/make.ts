/**
 * One manuscript to HTML in memory: read, parsed, run through the pipeline
 * and stringified. Nothing is written here; strict mode turns warnings into
 * a refusal.
 */
import {basename, extname, join} from 'node:path'
import type {Root} from 'hast'
import type {VFile} from 'vfile'
import type {createProcessor} from '../processor.js'
import {HandoutError} from '../errors.js'
import type {Access} from '../load/files.js'
import {readInput} from './inputs.js'
import {record} from './record.js'

/** A document made, not yet written: its HTML and where it goes. */
export interface Made {
  html: string
  tree: Root
  target: string
}

export interface MakeContext {
  processor: ReturnType<typeof createProcessor>
  access: Access
  outDir: string
  strict?: boolean | undefined
  signal?: AbortSignal | undefined
}

/** Markdown -> HTML in memory; undefined (and messages on the file) when it failed. */
export async function makeDocument(input: string, file: VFile, context: MakeContext): Promise<Made | undefined> {
  try {
    file.value = await readInput(input, file, context.access)
    file.data.signal = context.signal
    const tree = (await context.processor.run(context.processor.parse(file), file)) as Root
    // A copy for print (stringify does not change the tree; print changes its copy).
    const html = context.processor.stringify(tree as never, file) as unknown as string
    const strict = file.data.options?.strict ?? context.strict ?? false
    if (strict && file.messages.some((m) => !m.fatal)) {
      file.message('Not written: warnings count as errors under strict mode (`--strict` or `strict: true`)', {ruleId: 'strict', source: 'handout'}).fatal = true
      return undefined
    }
    const target = join(context.outDir, basename(input, extname(input)) + '.html')
    return {html: String(html), tree, target}
  } catch (error) {
    record(file, context.signal?.aborted ? new HandoutError('Not written: the run was interrupted', {ruleId: 'aborted'}) : error)
    return undefined
  }
}

/**
 * build(): manuscripts in, `OUT/<name>.html` (and `.pdf`) out. Each document
 * is built on its own; one failure does not stop the others. A document's
 * outputs are written together once all of them are made (each to a
 * temporary file, then renamed), so a failed document, or a failed PDF,
 * leaves its earlier outputs as they were.
 *
 * The run schedules; each concern is a module of this folder: inputs.ts
 * (what to read), make.ts (one manuscript to HTML in memory), the print stage
 * (paginate/print-stage.ts: HTML to PDF and its warnings), cache-key.ts (what
 * makes outputs current), record.ts (errors into messages).
 */
import {join, resolve} from 'node:path'
import {availableParallelism} from 'node:os'
import {VFile} from 'vfile'
import {createProcessor} from '../processor.js'
import {isHandoutError} from '../errors.js'
import {removeStale, writeTogether} from '../output/write.js'
import {BuildCache} from '../output/cache.js'
import {fontPackages} from '../paginate/fonts.js'
import type {Printed} from '../paginate/print-stage.js'
import {createAccess, type Access} from '../load/files.js'
import {cacheKey, dependencies} from './cache-key.js'
import {makeDocument, type Made} from './make.js'
import {record} from './record.js'
import type {BuildOptions, BuildResult, Format} from './options.js'

export type {BuildOptions, BuildResult, Format} from './options.js'
export {expandInputs} from './inputs.js'
export {dependencies} from './cache-key.js'
export {record} from './record.js'

export async function build(inputs: string[], options: BuildOptions = {}): Promise<BuildResult[]> {
  const session = createBuildSession(options)
  try {
    return await session.build(inputs)
  } finally {
    await session.close()
  }
}

type PrintStage = Awaited<ReturnType<typeof createPrintStage>>

/**
 * A build session: the processor (with its warm citeproc engines) and the
 * print stage (with its browser) kept across builds, for `--watch`.
 */
export function createBuildSession(options: BuildOptions = {}) {
  const outDir = options.outDir ?? 'out'
  const processor = createProcessor({...options, htmlDir: resolve(outDir)})
  if (options.engines) processor.data('handoutEngines', options.engines)
  const access = createAccess(options)
  // Started with the first document that is not cached, so an up-to-date
  // batch never launches a browser.
  let printer: PrintStage | undefined
  const run: Run = {
    outDir,
    processor,
    access,
    async printer() {
      return (printer ??= await createPrintStage(options))
    }
  }
  return {
    build: (inputs: string[], force = options.force) => buildAll(inputs, {...options, force}, run),
    async close(): Promise<void> {
      await printer?.close()
      printer = undefined
    }
  }
}

interface Run {
  outDir: string
  processor: ReturnType<typeof createProcessor>
  access: Access
  /** The session's print stage, started on first use. */
  printer: () => Promise<PrintStage>
}

async function buildAll(inputs: string[], options: BuildOptions, run: Run): Promise<BuildResult[]> {
  const {outDir} = run
  const jobs = Math.max(1, options.jobs ?? availableParallelism())
  const results: BuildResult[] = []
  const formats = options.formats ?? ['html']
  // What a killed earlier run left half-written is removed.
  await removeStale(outDir)
  const cache = options.cache === false ? undefined : await BuildCache.load(outDir)
  const optionsKey = cacheKey({...options, formats, root: run.access.root, maxInputSize: run.access.maxSize})
  const remember = async (result: BuildResult): Promise<void> => {
    if (!cache) return
    if (!result.ok || !result.file.data.options) return void (await cache.forget(result.input))
    const deps = dependencies(result)
    if (formats.includes('pdf')) for (const font of fontPackages()) if (font.dir) deps.push(join(font.dir, 'package.json'))
    await cache.record(result.input, optionsKey, deps, result.outputs)
  }
  // PDFs print concurrently (one tab each, at most `jobs` at once per browser) while the
  // next documents' HTML is built: up to `jobs` more documents wait ready for a
  // tab, so the browser never waits for Node.
  const printing = new Set<Promise<void>>()
  const finish = async (result: BuildResult, started: number): Promise<void> => {
    if (!result.cached) await remember(result)
    result.milliseconds = Math.round(performance.now() - started)
    options.onResult?.(result)
  }
  const browsers = Math.max(1, [options.browserEndpoint ?? []].flat().length)
  try {
    for (const input of inputs) {
      options.signal?.throwIfAborted()
      const started = performance.now()
      const fresh = options.force ? undefined : await cache?.fresh(input, optionsKey)
      if (fresh) {
        const cached: BuildResult = {input, outputs: fresh, file: new VFile({path: input}), ok: true, cached: true, milliseconds: 0}
        results.push(cached)
        await finish(cached, started)
        continue
      }
      const printer = formats.includes('pdf') ? await run.printer() : undefined
      const result: BuildResult = {input, outputs: [], file: new VFile({path: input}), ok: false, milliseconds: 0}
      results.push(result)
      const made = await makeDocument(input, result.file, {processor: run.processor, access: run.access, outDir, strict: options.strict, signal: options.signal})
      if (made) result.html = made.target
      if (!made || !printer) {
        if (made) await commit(result, made, undefined, formats)
        await finish(result, started)
        continue
      }
      const task: Promise<void> = printMade(result, made, printer, run, options)
        .then((printed) => (printed === 'no-browser' ? undefined : commit(result, made, printed, formats)))
        .catch((error: unknown) => record(result.file, error))
        .then(() => finish(result, started))
      printing.add(task)
      void task.finally(() => printing.delete(task))
      if (printing.size >= 2 * jobs * browsers) await Promise.race(printing)
    }
    await Promise.all(printing)
  } finally {
    await Promise.allSettled(printing)
    await cache?.save()
  }
  return results
}

/**
 * The document's PDF, its warnings put on the document. With no browser at
 * all, the HTML is complete, so it is written; the message says how to get a
 * browser, and the document counts as failed.
 */
async function printMade(result: BuildResult, made: Made, printer: PrintStage, run: Run, options: BuildOptions): Promise<Printed | 'no-browser'> {
  const {file} = result
  try {
    const printed = await printer.print({
      path: result.input,
      html: made.tree,
      htmlPath: resolve(made.target),
      resources: file.data.resources,
      scripts: Boolean(options.scripts ?? file.data.meta?.scripts),
      access: run.access,
      meta: file.data.meta ?? {}
    })
    file.messages.push(...printed.messages)
    return printed
  } catch (error) {
    if (!isHandoutError(error) || error.ruleId !== 'no-browser') throw error
    await commit(result, made, undefined, ['html'])
    record(file, error)
    result.ok = false
    return 'no-browser'
  }
}

/** Write what was made, all or nothing. */
async function commit(result: BuildResult, made: Made, printed: Printed | undefined, formats: Format[]): Promise<void> {
  if (result.file.messages.some((m) => m.fatal)) return
  const writes: Array<[string, string | Uint8Array]> = [[made.target, made.html]]
  const pdfPath = made.target.replace(/\.html$/, '.pdf')
  if (printed) writes.push([pdfPath, printed.pdf])
  await writeTogether(writes)
  if (formats.includes('html')) result.outputs.push(made.target)
  if (printed) {
    result.outputs.push(pdfPath)
    result.pages = printed.pages
  }
  result.ok = true
}

/** The PDF stage of a run: created when PDF is asked for, closed at the end. */
async function createPrintStage(options: BuildOptions) {
  const {createPrinter} = await import('../paginate/print-stage.js')
  return createPrinter({
    jobs: Math.max(1, options.jobs ?? availableParallelism()),
    browser: options.browser,
    browserEndpoint: options.browserEndpoint,
    timeout: options.timeout ?? 60_000,
    signal: options.signal
  })
}

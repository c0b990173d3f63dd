/**
 * build(): manuscripts in, `OUT/<name>.html` (and `.pdf`) out. Each document
 * is built on its own; one failure does not stop the others. A document's
 * outputs are written together once all of them are made (each to a
 * temporary file, then renamed), so a failed document, or a failed PDF,
 * leaves its earlier outputs as they were.
 */
import {basename, extname, join, relative, resolve} from 'node:path'
import {availableParallelism} from 'node:os'
import {glob} from 'tinyglobby'
import type {Root} from 'hast'
import {VFile} from 'vfile'
import {VFileMessage} from 'vfile-message'
import {createProcessor} from './processor.js'
import type {InlineOptions} from './config/resolve.js'
import {HandoutError, isHandoutError, toFatalMessage} from './errors.js'
import {removeStale, writeTogether} from './output/write.js'
import {BuildCache} from './output/cache.js'
import {fontPackages} from './paginate/fonts.js'
import {BUILD, VERSION} from './version.js'
import type {EngineCache} from './cite/engine.js'
import {createAccess, readChecked, type Access} from './load/files.js'

export type Format = 'html' | 'pdf'

export interface BuildOptions extends InlineOptions {
  /** Output folder (default `out`). */
  outDir?: string | undefined
  /** What to write (default `['html']`; the CLI's default is html and pdf). */
  formats?: Format[] | undefined
  /** Browser executable for PDF (see `handout doctor` for the search order). */
  browser?: string | undefined
  /** `ws://…` of running browsers to print with instead of launching one; several spread a batch. */
  browserEndpoint?: string | string[] | undefined
  /** Per-document PDF time limit in milliseconds (default 60 000). */
  timeout?: number | undefined
  /** Abort the run (Ctrl-C): the browser is shut down, unfinished outputs are not written. */
  signal?: AbortSignal | undefined
  /** Documents printed at the same time, each in its own tab (default: CPU cores). */
  jobs?: number | undefined
  /** Called as each document finishes, in completion order (progress reports). */
  onResult?: ((result: BuildResult) => void) | undefined
  /** Skip documents whose inputs are unchanged since the last build into `outDir` (default true). */
  cache?: boolean | undefined
  /** Rebuild everything, cached or not. */
  force?: boolean | undefined
  /** Run the documents' own scripts in the print page (default: only where the front matter says `scripts: true`). */
  scripts?: boolean | undefined
  /** citeproc engines to reuse (the warm ones of handout's start-up snapshot); default: a new set. */
  engines?: EngineCache | undefined
}

/**
 * Every build option, and whether it changes what is written, so belongs to
 * the cache key. The type makes each new option be sorted here: one left out
 * is a compile error, not outputs served stale.
 */
const CHANGES_OUTPUT = {
  formats: true,
  csl: true,
  from: true,
  bibliography: true,
  strict: true,
  scripts: true,
  root: true,
  maxInputSize: true,
  // build() sets it to outDir, where the cache itself lives.
  htmlDir: false,
  outDir: false,
  browser: false,
  browserEndpoint: false,
  timeout: false,
  signal: false,
  jobs: false,
  onResult: false,
  cache: false,
  force: false,
  engines: false
} as const satisfies Record<keyof BuildOptions, boolean>

/** The cache key of a run: handout's version and build, the options that change outputs, and the PDF's date. */
function cacheKey(resolved: BuildOptions): string {
  const chosen = (Object.keys(CHANGES_OUTPUT) as Array<keyof BuildOptions>).filter((name) => CHANGES_OUTPUT[name])
  return JSON.stringify({
    version: VERSION,
    build: BUILD,
    ...Object.fromEntries(chosen.map((name) => [name, resolved[name]])),
    sourceDateEpoch: resolved.formats?.includes('pdf') ? process.env.SOURCE_DATE_EPOCH : undefined
  })
}

export interface BuildResult {
  /** Path as given (relative to cwd). */
  input: string
  outputs: string[]
  file: VFile
  /** false when the document failed (fatal error, or warnings under strict). */
  ok: boolean
  /** The HTML file of the document (also when only PDF was asked for: the PDF is printed from it). */
  html?: string | undefined
  /** Not built: its inputs did not change since the outputs were made. */
  cached?: boolean | undefined
  /** Pages of the PDF, when one was printed. */
  pages?: number | undefined
  milliseconds: number
}

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

export async function build(inputs: string[], options: BuildOptions = {}): Promise<BuildResult[]> {
  const session = createBuildSession(options)
  try {
    return await session.build(inputs)
  } finally {
    await session.close()
  }
}

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
  let printer: Awaited<ReturnType<typeof createPrintStage>> | undefined
  return {
    build: (inputs: string[], force = options.force) =>
      buildAll(inputs, {...options, force}, {outDir, processor, access, printer: () => printer, setPrinter: (p) => (printer = p)}),
    async close(): Promise<void> {
      await printer?.close()
      printer = undefined
    }
  }
}

/** The files a built document read: the manuscript, bibliographies, CSL style, stylesheet and its imports, images. */
export function dependencies(result: BuildResult): string[] {
  const used = result.file.data.options
  const deps = [result.input]
  if (!used) return deps
  deps.push(...used.bibliographyFiles, ...used.stylesheet.files, ...used.style.files)
  deps.push(...(result.file.data.resources?.local.keys() ?? []))
  return deps
}

interface Run {
  outDir: string
  processor: ReturnType<typeof createProcessor>
  access: Access
  printer: () => Awaited<ReturnType<typeof createPrintStage>> | undefined
  setPrinter: (printer: Awaited<ReturnType<typeof createPrintStage>>) => void
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
      if (!run.printer() && formats.includes('pdf')) run.setPrinter(await createPrintStage(options))
      const result: BuildResult = {input, outputs: [], file: new VFile({path: input}), ok: false, milliseconds: 0}
      results.push(result)
      const built = await buildOne(result, run, options)
      const printer = run.printer()
      if (!built || !printer || !formats.includes('pdf')) {
        if (built) await commit(result, built, undefined, formats)
        await finish(result, started)
        continue
      }
      const task: Promise<void> = printDocument(result, built, printer, run, options)
        .then((pdf) => commit(result, built, pdf, formats))
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

/** A document made, not yet written: its HTML and where it goes. */
interface Built {
  html: string
  tree: Root
  target: string
}

/** Markdown -> HTML in memory; undefined (and messages on the file) when it failed. */
async function buildOne(result: BuildResult, run: Run, options: BuildOptions): Promise<Built | undefined> {
  const {file} = result
  try {
    file.value = await readInput(result.input, file, run.access)
    file.data.signal = options.signal
    const tree = (await run.processor.run(run.processor.parse(file), file)) as Root
    // A copy for print (stringify does not change the tree; print changes its copy).
    const html = run.processor.stringify(tree as never, file) as unknown as string
    const strict = file.data.options?.strict ?? options.strict ?? false
    if (strict && file.messages.some((m) => !m.fatal)) {
      file.message('Not written: warnings count as errors under strict mode (`--strict` or `strict: true`)', {ruleId: 'strict', source: 'handout'}).fatal = true
      return undefined
    }
    const target = join(run.outDir, basename(result.input, extname(result.input)) + '.html')
    result.html = target
    return {html: String(html), tree, target}
  } catch (error) {
    record(file, options.signal?.aborted ? new HandoutError('Not written: the run was interrupted', {ruleId: 'aborted'}) : error)
    return undefined
  }
}

/** The document's PDF; a missing browser leaves the HTML to be written all the same. */
async function printDocument(result: BuildResult, built: Built, printer: Awaited<ReturnType<typeof createPrintStage>>, run: Run, options: BuildOptions) {
  const {file} = result
  try {
    return await printer.print({
      file,
      html: built.tree,
      htmlPath: resolve(built.target),
      resources: file.data.resources,
      scripts: Boolean(options.scripts ?? file.data.meta?.scripts),
      access: run.access,
      meta: file.data.meta ?? {}
    })
  } catch (error) {
    if (isHandoutError(error) && error.ruleId === 'no-browser') {
      // No browser at all: the HTML is complete, so it is written; the message says how to get one.
      await commit(result, built, undefined, ['html'])
      record(file, error)
      result.ok = false
      return undefined
    }
    throw error
  }
}

/** Write what was made, all or nothing. */
async function commit(result: BuildResult, built: Built, printed: {pdf: Uint8Array; pages: number} | undefined, formats: Format[]): Promise<void> {
  if (result.file.messages.some((m) => m.fatal)) return
  const writes: Array<[string, string | Uint8Array]> = [[built.target, built.html]]
  const pdfPath = built.target.replace(/\.html$/, '.pdf')
  if (printed) writes.push([pdfPath, printed.pdf])
  await writeTogether(writes)
  if (formats.includes('html')) result.outputs.push(built.target)
  if (printed) {
    result.outputs.push(pdfPath)
    result.pages = printed.pages
  }
  result.ok = true
}

/** The PDF stage of a run: created when PDF is asked for, closed at the end. */
async function createPrintStage(options: BuildOptions) {
  const {createPrinter} = await import('./paginate/print-stage.js')
  return createPrinter({
    jobs: Math.max(1, options.jobs ?? availableParallelism()),
    browser: options.browser,
    browserEndpoint: options.browserEndpoint,
    timeout: options.timeout ?? 60_000,
    signal: options.signal
  })
}

async function readInput(input: string, file: VFile, access: Access): Promise<string> {
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

/** Turn any thrown error into a fatal message on the file (user errors have no stack). */
export function record(file: VFile, error: unknown): void {
  if (error instanceof VFileMessage) {
    if (!file.messages.includes(error)) file.messages.push(error)
    return
  }
  if (isHandoutError(error)) {
    file.messages.push(toFatalMessage(error, file.path))
    return
  }
  const message = new VFileMessage(`Internal error: ${(error as Error)?.stack ?? String(error)}`, {
    ruleId: 'internal',
    source: 'handout'
  })
  message.fatal = true
  message.file = file.path
  file.messages.push(message)
}

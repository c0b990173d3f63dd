/**
 * build(): manuscripts in, `OUT/<name>.html` out. Each document is built on
 * its own; one failure does not stop the others. Nothing is written for a
 * failed document, and earlier outputs stay as they were.
 */
import {readFile, stat} from 'node:fs/promises'
import {basename, extname, join, relative, resolve} from 'node:path'
import {availableParallelism} from 'node:os'
import {glob} from 'tinyglobby'
import {VFile} from 'vfile'
import {VFileMessage} from 'vfile-message'
import {createProcessor} from './index.js'
import type {InlineOptions} from './config/resolve.js'
import {isHandoutError} from './errors.js'
import {writeAtomic} from './output/write.js'
import {BuildCache} from './output/cache.js'
import {fontPackages} from './paginate/fonts.js'
import {BUILD, VERSION} from './version.js'
import type {EngineCache} from './cite/engine.js'

export type Format = 'html' | 'pdf'

export interface BuildOptions extends InlineOptions {
  /** Output folder (default `out`). */
  outDir?: string | undefined
  /** What to write (default `['html']`; the CLI's default is html and pdf). */
  formats?: Format[] | undefined
  /** Browser executable for PDF (see `handout doctor` for the search order). */
  browser?: string | undefined
  /** `ws://…` of a running browser to print with instead of launching one. */
  browserEndpoint?: string | undefined
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
  /** citeproc engines to reuse (the warm ones of handout's start-up snapshot); default: a new set. */
  engines?: EngineCache | undefined
}

export interface BuildResult {
  /** Path as given (relative to cwd). */
  input: string
  outputs: string[]
  file: VFile
  /** false when the document failed (fatal error, or warnings under strict). */
  ok: boolean
  /** The HTML written (also when only PDF was asked for: the PDF is printed from it). */
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
  const processor = createProcessor(options)
  if (options.engines) processor.data('handoutEngines', options.engines)
  // Started with the first document that is not cached, so an up-to-date
  // batch never launches a browser.
  let printer: Awaited<ReturnType<typeof createPrintStage>> | undefined
  return {
    build: (inputs: string[], force = options.force) => buildAll(inputs, {...options, force}, outDir, processor, () => printer, (p) => (printer = p)),
    async close(): Promise<void> {
      await printer?.close()
      printer = undefined
    }
  }
}

/** The files a built document read: the manuscript, bibliographies, CSL style, stylesheet and its imports. */
export function dependencies(result: BuildResult): string[] {
  const used = result.file.data.options
  const deps = [result.input]
  if (!used) return deps
  deps.push(...used.bibliographyFiles, ...used.stylesheet.files)
  if (!used.style.origin.startsWith('bundled:')) deps.push(used.style.origin)
  return deps
}

async function buildAll(
  inputs: string[],
  options: BuildOptions,
  outDir: string,
  processor: ReturnType<typeof createProcessor>,
  getPrinter: () => Awaited<ReturnType<typeof createPrintStage>> | undefined,
  setPrinter: (printer: Awaited<ReturnType<typeof createPrintStage>>) => void
): Promise<BuildResult[]> {
  const jobs = Math.max(1, options.jobs ?? availableParallelism())
  const results: BuildResult[] = []
  const formats = options.formats ?? ['html']
  const cache = options.cache === false ? undefined : await BuildCache.load(outDir)
  const optionsKey = JSON.stringify({
    version: VERSION,
    build: BUILD,
    formats,
    csl: options.csl,
    bibliography: options.bibliography,
    strict: options.strict,
    sourceDateEpoch: formats.includes('pdf') ? process.env.SOURCE_DATE_EPOCH : undefined
  })
  const remember = async (result: BuildResult): Promise<void> => {
    if (!cache) return
    if (!result.ok || !result.file.data.options) return cache.forget(result.input)
    const deps = dependencies(result)
    if (formats.includes('pdf')) for (const font of fontPackages()) if (font.dir) deps.push(join(font.dir, 'package.json'))
    await cache.record(result.input, optionsKey, deps, result.outputs)
  }
  // PDFs print concurrently (one tab each, at most `jobs` at once) while the
  // next documents' HTML is built: up to `jobs` more documents wait ready for a
  // tab, so the browser never waits for Node.
  const printing = new Set<Promise<void>>()
  const finish = (result: BuildResult, started: number): void => {
    result.milliseconds = Math.round(performance.now() - started)
    options.onResult?.(result)
  }
  try {
    for (const input of inputs) {
      options.signal?.throwIfAborted()
      const started = performance.now()
      const fresh = options.force ? undefined : await cache?.fresh(input, optionsKey)
      if (fresh) {
        const cached: BuildResult = {input, outputs: fresh, file: new VFile({path: input}), ok: true, cached: true, milliseconds: 0}
        results.push(cached)
        finish(cached, started)
        continue
      }
      if (!getPrinter() && formats.includes('pdf')) setPrinter(await createPrintStage(options))
      const printer = getPrinter()
      const result = await buildOne(input, outDir, processor, options)
      results.push(result)
      if (!(printer && result.ok)) {
        await remember(result)
        finish(result, started)
        continue
      }
      const task: Promise<void> = printer.print(result).then(async () => {
        await remember(result)
        finish(result, started)
      })
      printing.add(task)
      void task.finally(() => printing.delete(task))
      if (printing.size >= 2 * jobs) await Promise.race(printing)
    }
    await Promise.all(printing)
  } finally {
    await Promise.allSettled(printing)
    await cache?.save()
  }
  return results
}

async function buildOne(
  input: string,
  outDir: string,
  processor: ReturnType<typeof createProcessor>,
  options: BuildOptions
): Promise<BuildResult> {
  const file = new VFile({path: input})
  const result: BuildResult = {input, outputs: [], file, ok: false, milliseconds: 0}
  try {
    const buffer = await readInput(input, file)
    file.value = buffer
    await processor.process(file)
    const strict = file.data.options?.strict ?? options.strict ?? false
    if (strict && file.messages.some((m) => !m.fatal)) {
      file.message('Not written: warnings count as errors under strict mode (`--strict` or `strict: true`)', {
        ruleId: 'strict',
        source: 'handout'
      }).fatal = true
    } else {
      const target = join(outDir, basename(input, extname(input)) + '.html')
      await writeAtomic(target, String(file.value))
      if ((options.formats ?? ['html']).includes('html')) result.outputs.push(target)
      result.html = target
      result.ok = true
    }
  } catch (error) {
    record(file, error)
  }
  return result
}

/** The PDF stage of a run: created when PDF is asked for, closed at the end. */
async function createPrintStage(options: BuildOptions) {
  const {createPrinter} = await import('./paginate/print-stage.js')
  return createPrinter({
    jobs: Math.max(1, options.jobs ?? availableParallelism()),
    browser: options.browser,
    browserEndpoint: options.browserEndpoint,
    timeout: options.timeout ?? 60_000,
    signal: options.signal,
    record
  })
}

async function readInput(input: string, file: VFile): Promise<string> {
  let buffer: Buffer
  try {
    buffer = await readFile(input)
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    file.fail(code === 'ENOENT' ? 'File not found' : code === 'EISDIR' ? 'Is a folder, not a Markdown file' : `Cannot read file (${code})`, {
      ruleId: 'unreadable',
      source: 'handout'
    })
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
  return buffer.toString('utf8')
}

/** Turn any thrown error into a fatal message on the file (user errors have no stack). */
export function record(file: VFile, error: unknown): void {
  if (error instanceof VFileMessage) {
    if (!file.messages.includes(error)) file.messages.push(error)
    return
  }
  if (isHandoutError(error)) {
    const message = new VFileMessage(error.message, {ruleId: error.ruleId, source: 'handout'})
    message.fatal = true
    // The place may be another file (a .bib); keep it in the message name.
    message.file = error.place ?? file.path
    message.name = error.place ?? file.path
    file.messages.push(message)
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

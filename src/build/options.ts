/**
 * What build() takes and gives back: its options, and which of them change
 * what is written (the cache key is made of those), and a document's result.
 */
import type {VFile} from 'vfile'
import type {InlineOptions} from '../config/resolve.js'
import type {EngineCache} from '../cite/engine.js'

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

/**
 * Every build option, and whether it changes what is written, so belongs to
 * the cache key. The type makes each new option be sorted here: one left out
 * is a compile error, not outputs served stale.
 */
export const CHANGES_OUTPUT = {
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

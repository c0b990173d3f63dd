/**
 * What makes a document's outputs current: the run's options that change
 * output (CHANGES_OUTPUT), handout's version and build, and the files the
 * document read.
 */
import {BUILD, VERSION} from '../version.js'
import {CHANGES_OUTPUT, type BuildOptions, type BuildResult} from './options.js'

/** The cache key of a run: handout's version and build, the options that change outputs, and the PDF's date. */
export function cacheKey(resolved: BuildOptions): string {
  const chosen = (Object.keys(CHANGES_OUTPUT) as Array<keyof BuildOptions>).filter((name) => CHANGES_OUTPUT[name])
  return JSON.stringify({
    version: VERSION,
    build: BUILD,
    ...Object.fromEntries(chosen.map((name) => [name, resolved[name]])),
    sourceDateEpoch: resolved.formats?.includes('pdf') ? process.env.SOURCE_DATE_EPOCH : undefined
  })
}

/** The files a built document read: the manuscript, bibliographies, CSL style, stylesheet and its imports, images. */
export function dependencies(result: Pick<BuildResult, 'input' | 'file'>): string[] {
  const used = result.file.data.options
  const deps = [result.input]
  if (!used) return deps
  deps.push(...used.bibliographyFiles, ...used.stylesheet.files, ...used.style.files)
  deps.push(...(result.file.data.resources?.local.keys() ?? []))
  return deps
}

/**
 * handout's JS API: `createProcessor()` (the unified pipeline) and `build()`
 * (files in, HTML and PDF files out), which the CLI wraps.
 */
export {createProcessor} from './processor.js'
export type {InlineOptions, ResolvedOptions} from './config/resolve.js'
export type {Cite, CiteItem, CiteMode, Metadata, Author} from './types.js'
export {build, type BuildOptions, type BuildResult} from './build/index.js'
export {HandoutError} from './errors.js'

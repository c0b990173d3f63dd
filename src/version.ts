/** handout's version (kept in step with package.json by a test). */
export const VERSION = '0.1.0'

declare const HANDOUT_BUILD: string | undefined

/** A hash of the bundled sources and the lockfile (set by scripts/build.mjs; `dev` unbundled). */
export const BUILD = typeof HANDOUT_BUILD === 'string' ? HANDOUT_BUILD : 'dev'

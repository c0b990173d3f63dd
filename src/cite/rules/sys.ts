/**
 * Which engines follow handout's rules. citeproc-js calls some of its
 * functions as statics (`CSL.getSpliceDelimiter.call(state, …)`), so a rule
 * there is a wrapper installed once per process; each wrapper acts only for
 * an engine whose `sys` (the object handout hands to `new CSL.Engine`) carries
 * this mark, and calls citeproc-js's own function for every other engine in
 * the process (another library's, a test's).
 */
const MARK = Symbol.for('handout.citeproc-rules')

/** Marks `sys` so that the engine built with it follows handout's rules. */
export function withRules<T extends object>(sys: T): T {
  Object.defineProperty(sys, MARK, {value: true})
  return sys
}

/** Does the engine `state` (citeproc-js's `this` or `state`) follow handout's rules? */
export function followsRules(state: unknown): boolean {
  const sys = (state as {sys?: Record<symbol, unknown>} | undefined)?.sys
  return Boolean(sys && sys[MARK])
}

/** Marks a wrapper installed on a citeproc-js static, so it is installed once. */
export type Installed<F> = F & {__handoutRule?: true}

/**
 * Where handout's citeproc-js differs from citeproc-js: every rule, one module
 * each. Pandoc's rules follow Pandoc where citeproc-js and Pandoc differ by
 * taste rather than by the CSL specification (manuscripts and their outputs
 * move both ways); the mends fix citeproc-js bugs; the speed-ups change how,
 * never what.
 *
 * | rule                        | what                                                        | applied      |
 * |-----------------------------|-------------------------------------------------------------|--------------|
 * | stop-words                  | title case keeps only CSL's stop words lower case           | per engine   |
 * | sort-in-runs                | a cluster sorts in runs that prefixes start                 | per engine   |
 * | cite-group-delimiter        | one author's years joined by the cite-group delimiter       | per engine*  |
 * | superscripts                | `nᵒ`, `²` stay characters                                   | per engine*  |
 * | initialize-names            | `Peng-fei` -> "P.", `J.-P.` -> "J.-P."                      | per engine*  |
 * | substituted-variables       | a substituted variable tests empty afterwards               | per engine*  |
 * | date-range-level (mend)     | a range's end keeps its own date's affixes                  | per engine   |
 * | term-groups (mend)          | a group of terms alone does not keep its parent alive       | per engine   |
 * | item-as-pandoc              | `number`'s hyphen kept, `event` is also `event-title`       | per item     |
 * | speed-flip-flop             | text without markup skips the inline-markup parser          | per engine   |
 * | speed-string-compare        | one collator per locale; plain lower case                   | per engine*  |
 * | speed-macro-lookup          | a macro found among `<style>`'s children                    | per style*   |
 *
 * (*) citeproc-js calls these as statics: the wrapper is installed once per
 * process and acts only for engines whose `sys` is marked by `withRules`
 * (sys.ts); every other engine in the process gets citeproc-js's own
 * function. The macro lookup is the XML parser's, before any engine exists:
 * its wrapper acts only for a style parsed and marked by `styleWithRules`.
 * `citeproc` is pinned to one version
 * and tests/unit/citeproc-internals.test.ts names every internal used here.
 */
import {joinYearsWithCiteGroupDelimiter} from './cite-group-delimiter.js'
import {plainDateRanges} from './date-range-level.js'
import {initializeAsPandoc} from './initialize-names.js'
import {sortInRuns} from './sort-in-runs.js'
import {speedUpFlipFlop} from './speed-flip-flop.js'
import {speedUpMacroLookup} from './speed-macro-lookup.js'
import {speedUpStringCompare} from './speed-string-compare.js'
import {titleCaseStopWords} from './stop-words.js'
import {emptySubstitutedVariables, forgetSubstituted} from './substituted-variables.js'
import {keepSuperscripts} from './superscripts.js'
import {termGroupsAreNotVariables} from './term-groups.js'

export {withRules} from './sys.js'
export {pandocItem} from './item-as-pandoc.js'
export {initialize} from './initialize-names.js'
export {forgetCollators} from './speed-string-compare.js'
export {styleWithRules} from './speed-macro-lookup.js'

/** Before an engine is built (idempotent): the wrappers of citeproc-js's statics. */
export function installRules(): void {
  speedUpMacroLookup()
  speedUpStringCompare()
  joinYearsWithCiteGroupDelimiter()
  keepSuperscripts()
  initializeAsPandoc()
  emptySubstitutedVariables()
}

/** Right after an engine built with a `withRules` sys. */
export function applyEngineRules(engine: object): void {
  titleCaseStopWords(engine)
  sortInRuns(engine)
  plainDateRanges(engine)
  termGroupsAreNotVariables(engine)
  speedUpFlipFlop(engine)
}

/** Before an engine is reused for another document: what the rules noted about the last one's items. */
export function resetEngineRules(engine: object): void {
  forgetSubstituted(engine)
}

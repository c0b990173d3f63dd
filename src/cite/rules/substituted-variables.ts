/**
 * A variable a `<substitute>` printed is empty for the rest of the entry's
 * conditions too, as CSL 1.0.2 says it is "suppressed in the rest of the
 * output" (Pandoc's citeproc replaces it by `SubstitutedVal`): an edited book
 * whose editors stand in for its author is not "edited" for APA's "no event
 * if published in proceedings" or MLA's volume test. citeproc-js only stopped
 * printing it again. citeproc-js compiles the `variable` attribute through a
 * static: a process-wide wrapper that acts only while an engine that follows
 * handout's rules is built (see sys.ts).
 */
import CSL from 'citeproc'
import {followsRules, type Installed} from './sys.js'

interface ConditionState {
  sys?: unknown
  tmp: {done_vars: string[]; can_block_substitute?: boolean; handoutSubstituted?: Map<unknown, Set<string>> | undefined}
}
interface AttributeToken {
  name: string
  tests?: Array<(Item: Record<string, unknown>, item: unknown) => boolean>
  variables_real?: string[]
  execs: Array<(state: ConditionState, Item: Record<string, unknown>) => unknown>
}
type VariableAttribute = Installed<(this: AttributeToken, state: ConditionState, arg: string) => void>
interface Statics {
  Attributes: Record<string, VariableAttribute>
}

const hasValue = (value: unknown): boolean =>
  Array.isArray(value) ? value.length > 0 : value !== undefined && value !== null && value !== '' && !(typeof value === 'object' && Object.keys(value).length === 0)

/**
 * The `variable` attribute, compiled per node: on a printing node inside a
 * `<substitute>`, it notes which of the item's variables stood in (per item);
 * on a condition, such a variable tests empty while citeproc-js still counts it
 * as done in this rendering (`done_vars` starts afresh with every cite and entry).
 */
export function emptySubstitutedVariables(): void {
  const csl = CSL as unknown as Statics
  const original = csl.Attributes['@variable']!
  if (original.__handoutRule) return
  csl.Attributes['@variable'] = Object.assign(
    function (this: AttributeToken, state: ConditionState, arg: string) {
      const before = this.tests?.length ?? 0
      original.call(this, state, arg)
      // Compiled while the engine is built: its sys is known by then.
      if (!followsRules(state)) return
      const variables = arg.split(/\s+/)
      if (this.name === 'if' || this.name === 'else-if' || this.name === 'condition') {
        const tests = this.tests ?? []
        for (let i = before; i < tests.length; i++) {
          const test = tests[i]!
          const variable = variables[i - before]!
          tests[i] = (Item, item) =>
            !(state.tmp.handoutSubstituted?.get(Item.id)?.has(variable) && state.tmp.done_vars.includes(variable)) && test(Item, item)
        }
      } else if (this.variables_real) {
        const real = this.variables_real
        this.execs.push((state, Item) => {
          if (!state.tmp.can_block_substitute) return
          const noted = (state.tmp.handoutSubstituted ??= new Map())
          for (const variable of real) {
            if (!hasValue(Item[variable])) continue
            let set = noted.get(Item.id)
            if (!set) noted.set(Item.id, (set = new Set()))
            set.add(variable)
          }
        })
      }
    },
    {__handoutRule: true as const}
  )
}

/** Forget the variables noted as substituted (an engine reused for another document, whose items may share ids). */
export function forgetSubstituted(engine: object): void {
  ;(engine as ConditionState).tmp.handoutSubstituted = undefined
}

/**
 * A group that prints only terms does not keep its parent group alive, as CSL
 * 1.0.2 says: a group is suppressed when at least one of its rendering
 * elements calls a variable and every variable called is empty; terms call
 * none. IEEE's "Accessed: DATE. [Online]." group therefore vanishes with its
 * empty `accessed`, as in Pandoc; citeproc-js counted the "[Online]" child
 * group's success as a variable's and printed "[Online]." alone.
 *
 * A macro is different: the specification (and Pandoc) count a non-empty
 * `<text macro>` as a non-empty variable, so Chicago's "n.d." macro keeps its
 * group, as before.
 *
 * Per engine: the closing token of each `<group>` (not of a macro call, which
 * citeproc-js also closes as a group, marked by its `sort_direction` string) is
 * wrapped so that, when the group succeeded on terms alone, its parent counts
 * a term, not a variable.
 */
import CSL from 'citeproc'

interface GroupFlags {
  term_intended?: boolean
  variable_attempt?: boolean
  variable_success?: boolean | undefined
  force_suppress?: boolean
}

interface Token {
  name: string
  tokentype: number
  realGroup?: boolean
  strings: Record<string, unknown>
  execs: Array<(this: Token, state: State, ...rest: unknown[]) => unknown>
}

interface State {
  tmp: {group_context: {tip: GroupFlags; mystack: GroupFlags[]}}
}

interface Areas {
  citation?: {tokens: Token[]}
  bibliography?: {tokens: Token[]}
  /** Each macro's own token list (citeproc-js compiles a macro once and jumps to it). */
  macros?: Record<string, Token[]>
}

const END = (CSL as unknown as {END: number}).END

export function termGroupsAreNotVariables(engine: object): void {
  const areas = engine as Areas
  for (const tokens of [areas.citation?.tokens, areas.bibliography?.tokens, ...Object.values(areas.macros ?? {})]) {
    for (const token of tokens ?? []) {
      if (token.name !== 'group' || token.tokentype !== END || !token.realGroup || 'sort_direction' in token.strings) continue
      // One exec for all of the token's own (citeproc-js runs them in order and keeps the last
      // truthy result as the next token), so the group's flags are read once around them.
      const execs = token.execs
      token.execs = [
        function (this: Token, state: State, ...rest: unknown[]) {
          const context = state.tmp.group_context
          const child = context.tip
          const parent = context.mystack[context.mystack.length - 2]
          const parentSuccess = parent?.variable_success
          let next: unknown
          for (const exec of execs) next = exec.call(this, state, ...rest) || next
          // Popped, printed, and on terms alone.
          if (parent && context.tip === parent && !child.force_suppress && !child.variable_success && child.term_intended && !child.variable_attempt) {
            parent.variable_success = parentSuccess
            parent.term_intended = true
          }
          return next
        }
      ]
    }
  }
}

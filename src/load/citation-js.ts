/**
 * citation-js, loaded on first use (it is the slowest part of start-up and
 * most documents have a `.bib` at most), in two steps for BibTeX:
 * 1. `parseBibtexSyntax`: the file's entries as citation-js's own grammar
 *    reads them, run on handout's lexer (bibtex-lexer.ts: bare words such as
 *    `1-19`, multi-line `@comment`s) through a copy of that grammar that
 *    also records where each entry starts and which `@string` macros are not
 *    defined (the original drops such fields without a word; Pandoc, and
 *    handout, print the macro's name);
 * 2. `convertEntries`: entries to CSL-JSON, only those a document needs
 *    (a 20,000-entry file is read once; converting it whole took longer
 *    than pandoc takes to read it).
 * Titles of English entries are sentence-cased as Pandoc does, when asked.
 */
import {plugins, util} from '@citation-js/core'
import '@citation-js/plugin-bibtex'
import '@citation-js/plugin-ris'
import {bibtexGrammar} from '@citation-js/plugin-bibtex/lib/input/file.js'
import {blankComments, bibtexLexer} from './bibtex-lexer.js'
import {resolveKey} from './bibtex/localization.js'

/** An entry as citation-js's BibTeX grammar gives it. */
export interface BibtexEntry {
  type: string
  label: string
  properties: Record<string, string | number>
  annotations?: unknown
}

export interface BibtexSyntax {
  entries: BibtexEntry[]
  /** Line and column of each entry's `@`, in the order of `entries`. */
  starts: Array<{line: number; column: number}>
  /** Fields whose value names an undefined `@string` macro. */
  undefinedMacros: Array<{name: string; line: number; column: number}>
}

interface Token {
  type: string
  value: string
  line: number
  col: number
}

interface GrammarThis {
  token: Token | undefined
  state: {strings: Record<string, string>}
  matchToken(type: string): boolean
  consumeToken(type: string): Token
}

type Rule = (this: GrammarThis) => unknown

/** A syntax error with the place citation-js reports, and the entry it was in. */
export class BibtexSyntaxError extends Error {
  constructor(
    message: string,
    readonly line: number | undefined,
    readonly column: number | undefined,
    /** Where the entry being read when it failed starts. */
    readonly entry: {line: number; column: number} | undefined
  ) {
    super(message)
  }
}

export function parseBibtexSyntax(text: string): BibtexSyntax {
  // The plugin's grammar rules, run on handout's lexer (bibtex-lexer.ts); nothing of the plugin's is changed.
  const grammar = bibtexGrammar as unknown as {rules: Record<string, Rule>; defaultState: unknown}
  const starts: BibtexSyntax['starts'] = []
  const undefinedMacros: BibtexSyntax['undefinedMacros'] = []
  let current: {line: number; column: number} | undefined
  const rules: Record<string, Rule> = {
    ...grammar.rules,
    Entry(this: GrammarThis) {
      const at = this.token
      current = at ? {line: at.line, column: at.col} : undefined
      const result = grammar.rules.Entry!.call(this) as BibtexEntry | undefined
      if (result && at) starts.push({line: at.line, column: at.col})
      current = undefined
      return result
    },
    ExpressionPart(this: GrammarThis) {
      const token = this.token
      // A bare word: a number, or text as Pandoc keeps it (`1-19`, `2000a`).
      if (token && this.matchToken('number')) {
        const {value} = this.consumeToken('number')
        return /^-?\d+$/.test(value) ? Number.parseInt(value, 10) : value
      }
      // An undefined macro is its own name, as in Pandoc (and a warning).
      if (token && this.matchToken('identifier') && !(token.value.toLowerCase() in this.state.strings)) {
        undefinedMacros.push({name: token.value, line: token.line, column: token.col})
        // Pandoc lowercases the name and reads it as a BibLaTeX key (`jan`, `newseries`).
        return resolveKey('en', this.consumeToken('identifier').value.toLowerCase())
      }
      return grammar.rules.ExpressionPart!.call(this)
    }
  }
  const ours = new util.Grammar(rules, grammar.defaultState)
  try {
    const entries = ours.parse(bibtexLexer().reset(blankComments(text))) as BibtexEntry[]
    return {entries, starts, undefinedMacros}
  } catch (error) {
    const message = String((error as Error).message ?? error)
    const at = /at line (\d+) col(?:umn)? (\d+)/.exec(message)
    const reason = message.split('\n')[0]!.replace(/\s*at line \d+ col(?:umn)? \d+:?/, '').replace(/\s*\([A-Za-z>-]+\)$/, '')
    throw new BibtexSyntaxError(reason, at ? Number(at[1]) : undefined, at ? Number(at[2]) : undefined, current)
  }
}

/** Entries -> CSL-JSON items (one per entry, in order). `biblatex`: read as BibLaTeX (`.bib`) or BibTeX (`.bibtex`). */
export function convertEntries(entries: BibtexEntry[], biblatex: boolean, sentenceCase: boolean): Array<Record<string, unknown>> {
  const config = plugins.config.get('@bibtex') as {parse: {sentenceCase: string}}
  // Set on every call: the conversion that follows is synchronous.
  config.parse.sentenceCase = sentenceCase ? 'english' : 'never'
  const output = plugins.input.chain(entries, {
    forceType: biblatex ? '@biblatex/entries+list' : '@bibtex/entries+list',
    target: '@csl/list+object',
    generateGraph: false
  })
  return Array.isArray(output) ? (output as Array<Record<string, unknown>>) : []
}

/** A RIS file -> CSL-JSON items. */
export function convertRis(text: string): Array<Record<string, unknown>> {
  const output = plugins.input.chain(text, {forceType: '@ris/file', target: '@csl/list+object', generateGraph: false})
  return Array.isArray(output) ? (output as Array<Record<string, unknown>>) : []
}

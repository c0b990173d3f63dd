/**
 * citation-js, loaded on first use (it is the slowest part of start-up and
 * most documents have a `.bib` at most):
 * - `parseBibtexSyntax`: the file's entries as citation-js's own grammar
 *   reads them, run on handout's lexer (bibtex-lexer.ts: bare words such as
 *   `1-19`, multi-line `@comment`s) through a copy of that grammar that
 *   also records where each entry and field starts and which `@string`
 *   macros are not defined (the original drops such fields without a word;
 *   Pandoc, and handout, print the macro's name), and skips an entry it
 *   cannot read instead of the whole file. Entries become CSL items by
 *   Pandoc's rules in bibtex/reference.ts, not by citation-js's mapping;
 * - `convertRis`: a RIS file to CSL-JSON.
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
  /** Where each entry's fields start (lowercased names), in the order of `entries`. */
  fields: Array<Record<string, {line: number; column: number}>>
  /** Fields whose value names an undefined `@string` macro. */
  undefinedMacros: Array<{name: string; line: number; column: number}>
  /** Entries left out because they could not be read, with where and why. */
  skipped: Array<{label: string | undefined; entry: {line: number; column: number}; line?: number | undefined; column?: number | undefined; reason: string}>
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

/**
 * The file's entries. An entry with a syntax error is left out (and listed in
 * `skipped`), its text blanked to the next line that starts with `@`, and the
 * file read again: one bad entry never costs the others.
 */
export function parseBibtexSyntax(text: string): BibtexSyntax {
  const skipped: BibtexSyntax['skipped'] = []
  let source = blankComments(text)
  for (let attempt = 0; ; attempt++) {
    try {
      return {...parseOnce(source), skipped}
    } catch (error) {
      if (!(error instanceof BibtexSyntaxError) || !error.entry || attempt >= 1000) throw error
      const lines = lineStarts(source)
      const start = lines[error.entry.line - 1]! + error.entry.column - 1
      // The entry ends where the next line starting with `@` begins (an unclosed brace swallows what follows).
      const next = /\n[ \t]*@/g
      next.lastIndex = start + 1
      const end = next.exec(source)?.index ?? source.length
      // Failing at the end of the file or past the next entry: the entry never closed.
      const failedAt = error.line ? lines[error.line - 1]! + (error.column ?? 1) - 1 : source.length
      const atEnd = /got EOF/.test(error.message) || failedAt >= end
      skipped.push({
        label: /^@\s*\w+\s*[{(]\s*([^,\s]+)\s*,/.exec(source.slice(start, start + 300))?.[1],
        entry: error.entry,
        line: atEnd ? undefined : error.line,
        column: atEnd ? undefined : error.column,
        reason: atEnd ? 'the entry never closes (a missing `}` or `"`?)' : error.message
      })
      source = source.slice(0, start) + source.slice(start, end).replace(/[^\n]/g, ' ') + source.slice(end)
    }
  }
}

function lineStarts(text: string): number[] {
  const starts = [0]
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1)
  return starts
}

function parseOnce(text: string): Omit<BibtexSyntax, 'skipped'> {
  // The plugin's grammar rules, run on handout's lexer (bibtex-lexer.ts); nothing of the plugin's is changed.
  const grammar = bibtexGrammar as unknown as {rules: Record<string, Rule>; defaultState: unknown}
  const starts: BibtexSyntax['starts'] = []
  const fields: BibtexSyntax['fields'] = []
  const undefinedMacros: BibtexSyntax['undefinedMacros'] = []
  let current: {line: number; column: number} | undefined
  let currentFields: Record<string, {line: number; column: number}> = {}
  const rules: Record<string, Rule> = {
    ...grammar.rules,
    Entry(this: GrammarThis) {
      const at = this.token
      current = at ? {line: at.line, column: at.col} : undefined
      currentFields = {}
      const result = grammar.rules.Entry!.call(this) as BibtexEntry | undefined
      if (result && at) {
        starts.push({line: at.line, column: at.col})
        fields.push(currentFields)
      }
      current = undefined
      return result
    },
    Field(this: GrammarThis) {
      const at = this.token
      const result = grammar.rules.Field!.call(this) as [string, unknown]
      if (at) currentFields[result[0]] ??= {line: at.line, column: at.col}
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
    const entries = ours.parse(bibtexLexer().reset(text)) as BibtexEntry[]
    return {entries, starts, fields, undefinedMacros}
  } catch (error) {
    const message = String((error as Error).message ?? error)
    const at = /at line (\d+) col(?:umn)? (\d+)/.exec(message)
    const reason = message.split('\n')[0]!.replace(/\s*at line \d+ col(?:umn)? \d+:?/, '').replace(/\s*\([A-Za-z>-]+\)$/, '')
    throw new BibtexSyntaxError(reason, at ? Number(at[1]) : undefined, at ? Number(at[2]) : undefined, current)
  }
}

/** A RIS file -> CSL-JSON items. */
export function convertRis(text: string): Array<Record<string, unknown>> {
  const output = plugins.input.chain(text, {forceType: '@ris/file', target: '@csl/list+object', generateGraph: false})
  return Array.isArray(output) ? (output as Array<Record<string, unknown>>) : []
}

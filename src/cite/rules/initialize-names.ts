import CSL from 'citeproc'
import {followsRules, type Installed} from './sys.js'

type InitializeWith = Installed<(state: {opt: Record<string, unknown>; sys?: unknown}, name: string, terminator: string, normalizeOnly?: boolean) => string>
interface Statics {
  STARTSWITH_ROMANESQUE_REGEXP: RegExp
  Util: {Names: {initializeWith: InitializeWith}}
}

/**
 * Given names initialised as Pandoc's citeproc does (citeproc 0.6,
 * `initialize`): `Peng-fei` -> `P.`, `Shin-ichiro` -> `S.`, `J.-P.` and
 * `Jean-Pierre` -> `J.-P.`, `J.-B. E. M.` with `initialize-with=""` ->
 * `J-BEM`, and with `initialize="false"` initials keep their hyphen;
 * citeproc-js gave `P. fei`, `S. ichiro`, `J. P.`. citeproc-js calls
 * `initializeWith(state, …)` as a static: a process-wide wrapper that acts only
 * for engines that follow handout's rules (see sys.ts).
 */
export function initializeAsPandoc(): void {
  const csl = CSL as unknown as Statics
  const names = csl.Util.Names
  if (names.initializeWith.__handoutRule) return
  const original = names.initializeWith
  names.initializeWith = Object.assign(
    function (this: unknown, state: {opt: Record<string, unknown>}, name: string, terminator: string, normalizeOnly?: boolean): string {
      if (!followsRules(state) || !name || /<[^>]+>/.test(name) || !csl.STARTSWITH_ROMANESQUE_REGEXP.test(name)) return original.call(this, state, name, terminator, normalizeOnly)
      return initialize(name, !normalizeOnly, state.opt['initialize-with-hyphen'] !== false, terminator ?? '')
    },
    {__handoutRule: true as const}
  )
}

type Word = {initial: boolean; text: string}

/** citeproc's `initialize` (Citeproc/Eval.hs), word for word. */
export function initialize(name: string, makeInitials: boolean, useHyphen: boolean, initializeWith: string): string {
  const words: Word[] = []
  let cs = ''
  for (const c of name) {
    if (c === '.') {
      if (cs) words.push({initial: true, text: cs})
      cs = ''
    } else if (c === '-') {
      if (cs) words.push({initial: false, text: cs})
      cs = '-'
    } else if (c === ' ') {
      if ([...cs].length === 1) words.push({initial: true, text: cs})
      else if (cs) words.push({initial: false, text: cs})
      cs = ''
    } else cs += c
  }
  if ([...cs].length === 1) words.push({initial: true, text: cs})
  else if (cs) words.push({initial: false, text: cs})
  const isUpper = (c: string | undefined): boolean => c !== undefined && /\p{Lu}/u.test(c)
  const isLower = (c: string): boolean => /\p{Ll}/u.test(c)
  const addSuffix = (t: string): string => (t ? t + initializeWith : '')
  const toInitial = (t: string): string => {
    const chars = [...t]
    if (chars[0] === '-') return isUpper(chars[1]) ? (useHyphen ? '-' : '') + chars[1]!.toUpperCase() : ''
    if (isUpper(chars[0])) {
      const rest = chars.slice(2)
      if (isUpper(chars[1]) && rest.length > 0 && rest.every(isLower)) return chars[0]! + chars[1]!.toLowerCase()
      return chars[0]!
    }
    return t
  }
  const out = words
    .map(({initial, text}) => {
      if (initial) return addSuffix(text)
      if ([...text].every(isLower)) return initializeWith.endsWith(' ') ? `${text} ` : ` ${text} `
      return makeInitials ? addSuffix(toInitial(text)) : `${text} `
    })
    .join('')
    .replace(/ -/g, '-')
  return out.replace(/^ +| +$/g, '')
}

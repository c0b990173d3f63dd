/**
 * A BibTeX name list -> CSL names, as Pandoc 2.17 reads them (BibTeX.hs
 * `toName`): "First von Last", "von Last, First", "von Last, Jr, First",
 * BibLaTeX's `family=…, given=…` form, a name in braces as a literal, and
 * `others`. BibLaTeX keeps "Drummond de Andrade, Carlos" as one family name;
 * BibTeX takes "Drummond de" as the particle (option `bibtex`).
 */
import {type Inline, splitByAnd, splitStrWhen, splitWhen, str, stringify, SPACE} from './inlines.js'

export interface CslName {
  family?: string
  given?: string
  'dropping-particle'?: string
  'non-dropping-particle'?: string
  suffix?: string
  literal?: string
  'comma-suffix'?: boolean
}

export type Options = Record<string, string>

/** `options = {useprefix=true, juniorcomma}` -> a map, keys and values lowercased. */
export function parseOptions(raw: string): Options {
  const options: Options = {}
  for (const part of raw.split(',')) {
    const at = part.indexOf('=')
    const key = (at === -1 ? part : part.slice(0, at)).trim().toLowerCase()
    options[key] = at === -1 ? '' : part.slice(at + 1).trim().toLowerCase()
  }
  return options
}

export function optionSet(key: string, options: Options): boolean {
  const value = options[key]
  return value === 'true' || value === ''
}

/** A field's inlines -> names (empty names dropped). */
export function toNameList(nodes: readonly Inline[], options: Options): CslName[] {
  return splitByAnd(nodes)
    .map((part) => toName(addSpaceAfterPeriod(part), options))
    .filter((name) => Object.keys(name).length > 0)
    .map(extractParticles)
}

const isParticlePunct = (c: string): boolean => c === "'" || c === '’' || c === '-' || c === '\u2013' || c === '.'
const isParticleWord = (word: string): boolean => [...word].every((c) => /\p{Ll}/u.test(c) || isParticlePunct(c))

/**
 * citeproc's `extractParticles`, which Pandoc's names pass through: lowercase
 * words before the family name are a non-dropping particle, after the given
 * name a dropping one; `'` is `’`.
 */
function extractParticles(input: CslName): CslName {
  const name: CslName = {}
  for (const [key, value] of Object.entries(input)) (name as Record<string, unknown>)[key] = typeof value === 'string' ? value.replace(/'/g, '’') : value
  if (name.suffix === undefined && name.given !== undefined) {
    const comma = name.given.indexOf(',')
    if (name.given.startsWith('"') && name.given.endsWith('"')) name.given = name.given.slice(1, -1)
    else if (comma > 0 && comma < name.given.length - 1) {
      const rest = name.given.slice(comma)
      name.suffix = rest.startsWith(',!') ? rest.slice(2).trim() : rest.slice(1).trim()
      if (rest.startsWith(',!')) name['comma-suffix'] = true
      name.given = name.given.slice(0, comma)
    }
  }
  if (name['dropping-particle'] === undefined && name.given !== undefined) {
    const words = name.given.split(/\s+/).filter(Boolean)
    const at = words.findIndex(isParticleWord)
    if (at > 0 && words.slice(at).every(isParticleWord)) {
      name.given = words.slice(0, at).join(' ')
      name['dropping-particle'] = words.slice(at).join(' ')
    }
  }
  if (name['non-dropping-particle'] === undefined && name.family !== undefined) {
    const family = name.family
    if (family.startsWith('"') && family.endsWith('"')) name.family = family.slice(1, -1)
    else {
      const words = family.split(/\s+/).filter(Boolean)
      let at = 0
      while (at < words.length && isParticleWord(words[at]!)) at++
      if (at === 0) {
        const pieces = family.split(/['’\-\u2013.]/)
        if (pieces.length === 2 && isParticleWord(pieces[0]!)) {
          const punct = family[pieces[0]!.length]!
          name.family = pieces[1]!
          name['non-dropping-particle'] = pieces[0]! + punct
        }
      } else if (at < words.length) {
        name.family = words.slice(at).join(' ')
        name['non-dropping-particle'] = words.slice(0, at).join(' ')
      }
    }
  }
  return name
}

/** "J.G. Smith" as "J. G. Smith" (Pandoc issue 392). */
function addSpaceAfterPeriod(nodes: readonly Inline[]): Inline[] {
  const list = splitStrWhen(nodes, (c) => c === '.')
  const out: Inline[] = []
  const single = (node: Inline | undefined): string | undefined => (node?.type === 'str' && [...node.text].length === 1 ? node.text : undefined)
  for (let i = 0; i < list.length; i++) {
    const c = single(list[i])
    const dot = list[i + 1]
    const d = single(list[i + 2])
    if (c && d && dot?.type === 'str' && dot.text === '.' && /\p{Lu}/u.test(c) && /\p{Lu}/u.test(d)) {
      out.push(str(c), str('.'), SPACE)
      i += 1
      continue
    }
    out.push(list[i]!)
  }
  return out
}

function isCapitalized(words: readonly Inline[]): boolean {
  for (const node of words) {
    if (node.type === 'str') {
      for (const c of node.text) {
        if (/\p{Lu}/u.test(c)) return true
        if (!/\p{N}/u.test(c)) return false
      }
      continue
    }
  }
  return true
}

function toName(nodes: readonly Inline[], options: Options): CslName {
  const first = nodes[0]
  if (nodes.length === 1 && first?.type === 'str' && first.text === 'others') return {literal: 'others'}
  if (nodes.length === 1 && first?.type === 'span') return {literal: stringify(first.children)}
  if (first?.type === 'str' && first.text.includes('=')) return extendedName(nodes)
  const useprefix = optionSet('useprefix', options)
  const usecomma = optionSet('juniorcomma', options)
  const bibtex = optionSet('bibtex', options)
  const isBreak = (node: Inline): boolean => node.type === 'space' || (node.type === 'str' && node.text === '\u00a0')
  const words = (part: Inline[]): Inline[][] => splitWhen(part, isBreak).filter((word) => word.length > 0)
  const commaParts = splitWhen(splitStrWhen(nodes, (c) => c === ',' || c === '\u00a0'), (node) => node.type === 'str' && node.text === ',').map(words)
  let given: Inline[][] = []
  let vonlast: Inline[][] = []
  let jr: Inline[][] = []
  if (commaParts.length === 1) {
    const fvl = commaParts[0]!
    let split = 0
    while (split < fvl.length && isCapitalized(fvl[split]!)) split++
    const caps = fvl.slice(0, split)
    const rest = fvl.slice(split)
    if (rest.length === 0 && caps.length > 0) {
      given = caps.slice(0, -1)
      vonlast = [caps[caps.length - 1]!]
    } else {
      given = caps
      vonlast = rest
    }
  } else if (commaParts.length === 2) {
    vonlast = commaParts[0]!
    given = commaParts[1]!
  } else if (commaParts.length > 2) {
    vonlast = commaParts[0]!
    jr = commaParts[1]!
    given = commaParts[2]!
  }
  let von: Inline[][]
  let last: Inline[][]
  if (bibtex) {
    const reversed = [...vonlast].reverse()
    let split = 0
    while (split < reversed.length && isCapitalized(reversed[split]!)) split++
    const vs = reversed.slice(0, split)
    const ws = reversed.slice(split)
    if (vs.length === 0 && ws.length > 0) {
      von = ws.slice(1).reverse()
      last = [ws[0]!]
    } else {
      von = ws.reverse()
      last = vs.reverse()
    }
  } else {
    let split = 0
    while (split < vonlast.length && !isCapitalized(vonlast[split]!)) split++
    const vs = vonlast.slice(0, split)
    const ws = vonlast.slice(split)
    if (vs.length > 0 && ws.length === 0) {
      von = vs.slice(0, -1)
      last = [vs[vs.length - 1]!]
    } else {
      von = vs
      last = ws
    }
  }
  const text = (list: Inline[][]): string => list.map((word) => stringify(word)).join(' ')
  const name: CslName = {}
  const family = text(last)
  const givenText = text(given)
  const prefix = text(von)
  const suffix = text(jr)
  if (family) name.family = family
  if (givenText) name.given = givenText
  if (prefix) name[useprefix ? 'non-dropping-particle' : 'dropping-particle'] = prefix
  if (suffix) name.suffix = suffix
  if (usecomma) name['comma-suffix'] = true
  return name
}

/** BibLaTeX's `family=Planck, given=Max, prefix=von, useprefix=true`. */
function extendedName(nodes: readonly Inline[]): CslName {
  const parts = splitWhen(splitStrWhen(nodes, (c) => c === ',' || c === '=' || c === '\u00a0'), (node) => node.type === 'str' && node.text === ',')
  const name: CslName = {}
  for (let part of parts) {
    while (part[0]?.type === 'space') part = part.slice(1)
    const [key, equals, ...rest] = part
    if (key?.type !== 'str' || equals?.type !== 'str' || equals.text !== '=') continue
    const value = stringify(rest)
    if (key.text === 'given') name.given = name.given === undefined ? value : `${name.given} ${value}`
    else if (key.text === 'family') name.family = value
    else if (key.text === 'prefix') name['dropping-particle'] = value
    else if (key.text === 'useprefix' && rest[0]?.type === 'str' && rest[0].text === 'true') {
      if (name['dropping-particle'] !== undefined) name['non-dropping-particle'] = name['dropping-particle']
      delete name['dropping-particle']
    } else if (key.text === 'suffix') name.suffix = value
  }
  return name
}

/**
 * Pandoc's `unTitlecase` for BibTeX titles of English entries: braces
 * protect (`protectCase`), then citeproc's sentence case (citeproc 0.6,
 * Citeproc/Pandoc.hs `caseTransform'` with `withSentenceCase`), then a
 * protected span with no lowercase word is unprotected again.
 */
import {type Inline, splitStrWhen, str, walk} from './inlines.js'

type State = 'start' | 'startSentence' | 'afterWordEnd' | 'afterWordChar' | 'afterSentencePunct' | 'beforeLastWord'

// Per character, ASCII first: these run over every character of every title.
const isAlphaNum = (c: string): boolean =>
  (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || (c > '\x7f' && /[\p{L}\p{N}]/u.test(c))
const isSpace = (c: string): boolean => c === ' ' || (c < '!' ? /\s/.test(c) : c > '\x7f' && /\s/u.test(c))
const isWordBreak = (c: string): boolean => c === '-' || c === '/' || c === '\u2013' || c === '\u2014' || isSpace(c)
const isUpper = (c: string): boolean => (c >= 'A' && c <= 'Z') || (c > '\x7f' && /\p{Lu}/u.test(c))
const isLower = (c: string): boolean => (c >= 'a' && c <= 'z') || (c > '\x7f' && /\p{Ll}/u.test(c))

/** `T.groupBy sameType`: runs of letters/digits, runs of spaces, other characters alone. */
function splitUp(text: string): string[] {
  return text.match(/[\p{L}\p{N}]+|\s+|[^]/gu) ?? []
}

const ALPHANUMERIC = /^[\p{L}\p{N}]+$/u

function isCapitalized(chunk: string): boolean {
  const chars = [...chunk]
  return chars.length > 0 && isUpper(chars[0]!) && chars.slice(1).every(isLower)
}

function sentenceCaseChunk(state: State, chunk: string): string {
  const start = state === 'start' || state === 'startSentence'
  if (isCapitalized(chunk) && !start) return chunk.toLowerCase()
  if ((isCapitalized(chunk) || [...chunk].every(isLower)) && start) {
    const lower = chunk.toLowerCase()
    const first = String.fromCodePoint(lower.codePointAt(0)!)
    return first.toUpperCase() + lower.slice(first.length)
  }
  return chunk
}

function sentenceCase(nodes: readonly Inline[]): Inline[] {
  let state: State = 'start'
  const g = (text: string): string => {
    const last = text.codePointAt(text.length - 1)
    const c = last === undefined ? undefined : last >= 0xdc00 && last <= 0xdfff ? String.fromCodePoint(text.codePointAt(text.length - 2)!) : String.fromCharCode(last)
    const before = state
    if (c !== undefined) {
      if (c === '.' || c === '?' || c === '!' || c === ':') state = 'afterSentencePunct'
      else if (isAlphaNum(c)) state = 'afterWordChar'
      else if (isSpace(c) && state === 'afterSentencePunct') state = 'startSentence'
      else if (isWordBreak(c)) state = 'afterWordEnd'
    }
    return ALPHANUMERIC.test(text) ? sentenceCaseChunk(before, text) : text
  }
  const strText = (node: Inline): string => (node.type === 'str' ? node.text : 'children' in node ? node.children.map(strText).join('') : '')
  const go = (node: Inline): Inline => {
    switch (node.type) {
      case 'str':
        return str(splitUp(node.text).map(g).join(''))
      case 'space':
        g(' ')
        return node
      case 'smallcaps':
      case 'sup':
      case 'sub':
        g(strText(node))
        return node
      case 'span':
        if (node.nocase) {
          const was = state
          g(strText(node))
          return was === 'afterWordChar' ? {...node, nocase: false} : node
        }
        return {...node, children: node.children.map(go)}
      case 'emph':
      case 'strong':
      case 'quoted':
      case 'link':
        return {...node, children: node.children.map(go)} as Inline
      default:
        return node
    }
  }
  // The last word, when it is a Str of its own, is "before the last word" (citeproc's state for title case; sentence case lowercases it).
  const last = nodes[nodes.length - 1]
  if (nodes.length > 1 && last?.type === 'str' && ![...last.text].some(isWordBreak)) {
    const init = nodes.slice(0, -1).map(go)
    const now = state as State
    if (now === 'afterWordEnd' || now === 'startSentence' || now === 'start') state = 'beforeLastWord'
    return [...init, go(last)]
  }
  return nodes.map(go)
}

const isPunctuation = (c: string): boolean => !isAlphaNum(c) && !isSpace(c) && /\p{P}/u.test(c)

function hasLowercaseWord(nodes: readonly Inline[]): boolean {
  return splitStrWhen(nodes, isPunctuation).some((node) => node.type === 'str' && isLower([...node.text][0] ?? ''))
}

/** Pandoc's `unTitlecase`: braces protect, sentence case, then spans with no lowercase word are plain again. */
export function unTitlecase(nodes: readonly Inline[]): Inline[] {
  const protectedNodes = walk(nodes, (node) => (node.type === 'span' && !node.nocase ? {...node, nocase: true} : node))
  const cased = sentenceCase(protectedNodes)
  return walk(cased, (node) => (node.type === 'span' && node.nocase && !hasLowercaseWord(node.children) ? {...node, nocase: false} : node))
}

/**
 * Hyphenation for print. Chromium's own `hyphens: auto` needs dictionaries
 * that Linux builds fetch with the component updater, which handout turns
 * off (and which cannot reach the network here), so justified text would
 * get wide gaps. Instead soft hyphens go into the print HTML, from the TeX
 * patterns of the `hyphen` package for the document's `lang`.
 */
import {createRequire} from 'node:module'
import type {Element, Root} from 'hast'

const require = createRequire(import.meta.url)
const SOFT = '\u00ad'

type Hyphenate = (text: string, options?: {hyphenChar?: string; minWordLength?: number}) => string

/** `en-US` -> hyphen/en-us, `de` -> hyphen/de-1996, … ; undefined when no patterns exist. */
export function loadHyphenator(lang: string): Hyphenate | undefined {
  const lower = lang.toLowerCase()
  const language = lower.split('-')[0]!
  const candidates = [lower, language === 'en' ? 'en-us' : language, `${language}-1996`, language]
  for (const name of candidates) {
    try {
      return (require(`hyphen/${name}`) as {hyphenateSync: Hyphenate}).hyphenateSync
    } catch {
      // try the next name
    }
  }
  return undefined
}

/** Keep breaks with at least 2 letters before, 3 after, and no piece shorter than 2. */
function tidy(word: string): string {
  const pieces = word.split(SOFT)
  if (pieces.length < 2) return word
  const merged: string[] = []
  for (const piece of pieces) {
    const last = merged[merged.length - 1]
    if (last !== undefined && (last.length < 2 || piece.length < 2)) merged[merged.length - 1] = last + piece
    else merged.push(piece)
  }
  while (merged.length > 1 && merged[merged.length - 1]!.replace(/[^\p{L}]/gu, '').length < 3) {
    const tail = merged.pop()!
    merged[merged.length - 1] += tail
  }
  return merged.join(SOFT)
}

const SKIPPED = new Set(['a', 'code', 'pre', 'kbd', 'samp', 'script', 'style', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'title', 'head'])

/** Words kept hyphenated per language by a long-lived caller (bounded: cleared when full). */
const WORDS_KEPT = 50_000

/**
 * Insert soft hyphens into running text (not headings, links, code, names or
 * references). `words`: the words hyphenated before in this language, by a
 * caller that prints many pages (a build's printer, the preview), which a
 * rebuild then looks up instead of hyphenating again.
 */
export function hyphenateTree(tree: Root, hyphenate: Hyphenate, words: Map<string, string> = new Map()): void {
  const word = (text: string): string => {
    let done = words.get(text)
    if (done === undefined) {
      done = tidy(hyphenate(text, {hyphenChar: SOFT, minWordLength: 6}))
      if (words.size >= WORDS_KEPT) words.clear()
      words.set(text, done)
    }
    return done
  }
  const walk = (node: Root | Element): void => {
    for (const child of node.children) {
      if (child.type === 'text') {
        child.value = child.value.replace(/[\p{L}][\p{L}'’]{5,}/gu, word)
      } else if (child.type === 'element') {
        const className = String(child.properties.className ?? '')
        // Names and references are set ragged-right and must not be split.
        if (SKIPPED.has(child.tagName) || /running-|csl-|references|authors|summary-of|date|packet-|toc-/.test(className)) continue
        walk(child)
      }
    }
  }
  walk(tree)
}

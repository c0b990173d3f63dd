/**
 * KaTeX's stylesheet for one document, self-contained: its `@font-face`
 * rules keep only the faces the document's formulas use, each embedded as a
 * `data:` URL (woff2), so the HTML shows its math offline and the PDF embeds
 * the same fonts. A face is used when a rule that sets its family, weight or
 * style matches classes found in the rendered formulas (KaTeX's base face,
 * Main Regular, always).
 */
import {readFileSync} from 'node:fs'
import {createRequire} from 'node:module'
import {dirname, join} from 'node:path'

const require = createRequire(import.meta.url)

interface Face {
  family: string
  weight: string
  style: string
  file: string
}

interface FontRule {
  /** Classes the rule's selector needs (besides `katex`). */
  classes: string[]
  family?: string | undefined
  bold: boolean
  italic: boolean
}

interface Parsed {
  dir: string
  /** The stylesheet without its `@font-face` rules. */
  rest: string
  faces: Face[]
  rules: FontRule[]
}

/** Where the installed KaTeX keeps its stylesheet and fonts. */
export function katexDir(): string {
  return join(dirname(require.resolve('katex/package.json')), 'dist')
}

function parse(): Parsed {
  const dir = katexDir()
  const css = readFileSync(join(dir, 'katex.min.css'), 'utf8')
  const faces: Face[] = []
  const rest = css.replace(/@font-face\{([^}]*)\}/g, (_, body: string) => {
    const field = (name: string) => new RegExp(`${name}:([^;}]+)`).exec(body)?.[1]?.trim() ?? ''
    const file = /url\(fonts\/([^)]+\.woff2)\)/.exec(body)?.[1]
    if (file) faces.push({family: field('font-family'), weight: field('font-weight') || '400', style: field('font-style') || 'normal', file})
    return ''
  })
  const rules: FontRule[] = []
  for (const match of rest.matchAll(/([^{}]+)\{([^{}]*)\}/g)) {
    const body = match[2]!
    const family = /font-family:\s*(KaTeX_[A-Za-z0-9]+)/.exec(body)?.[1]
    const bold = /font-weight:\s*(700|bold)/.test(body)
    const italic = /font-style:\s*italic/.test(body)
    if (!family && !bold && !italic) continue
    for (const selector of match[1]!.split(',')) {
      const classes = [...selector.matchAll(/\.([A-Za-z0-9_-]+)/g)].map((m) => m[1]!).filter((c) => c !== 'katex')
      rules.push({classes, family, bold, italic})
    }
  }
  return {dir, rest, faces, rules}
}

/** The stylesheet for formulas whose rendering used `classes`. */
export function katexStylesheet(classes: Set<string>): string {
  const {dir, rest, faces, rules} = parse()
  const families = new Set(['KaTeX_Main'])
  let bold = false
  let italic = false
  for (const rule of rules) {
    if (rule.classes.length === 0 || !rule.classes.every((c) => classes.has(c))) continue
    if (rule.family) families.add(rule.family)
    bold ||= rule.bold
    italic ||= rule.italic
  }
  const used = faces.filter(
    (face) =>
      families.has(face.family) &&
      (face.weight === '400' || bold) &&
      (face.style === 'normal' || italic)
  )
  // Faces whose family is used but whose regular face does not exist (Math is italic only).
  for (const face of faces) {
    if (families.has(face.family) && !used.includes(face) && !faces.some((f) => f.family === face.family && f.weight === '400' && f.style === 'normal')) {
      if (face.weight === '400' || bold) used.push(face)
    }
  }
  const fontFaces = used
    .sort((a, b) => a.file.localeCompare(b.file))
    .map((face) => {
      const data = readFileSync(join(dir, 'fonts', face.file)).toString('base64')
      return `@font-face{font-display:block;font-family:${face.family};font-style:${face.style};font-weight:${face.weight};src:url(data:font/woff2;base64,${data}) format("woff2")}`
    })
  // Equation numbers are written at build time (rehype-katex.ts): CSS counters
  // restart on each page Paged.js makes, and any counter rule here (KaTeX's
  // `counter-increment` on `.eqn-num:before`, its `counter-reset` on body)
  // makes Paged.js lose its page count (`Page 1 of 0`). They go.
  const stylesheet = rest
    .replace(/(^|\})\s*body\{counter-reset:[^}]*\}/g, '$1')
    .replace(/(^|\})\s*\.katex \.(?:mml-)?eqn-num:before\{[^}]*\}/g, '$1')
  return [...fontFaces, stylesheet].join('\n')
}

/**
 * Print fonts from npm (@fontsource): Source Serif 4 for text, Source Sans 3
 * for headings, every subset with its unicode-range, so a PDF looks the same
 * on every machine and needs no system font. fontsource's own CSS is reused;
 * each face gets a URL on the print page's origin (`/.handout/fonts/…`),
 * which the sealed page answers from the installed file (`path`).
 */
import {readFileSync} from 'node:fs'
import {createRequire} from 'node:module'
import {dirname, join} from 'node:path'
import {ASSETS} from './origin.js'

const require = createRequire(import.meta.url)

const FACES: Array<[string, string[]]> = [
  ['@fontsource/source-serif-4', ['400.css', '400-italic.css', '600.css', '600-italic.css', '700.css', '700-italic.css']],
  ['@fontsource/source-sans-3', ['400.css', '400-italic.css', '600.css', '700.css']]
]

/** Where each font package lives (for `handout doctor` and cache keys). */
export function fontPackages(): Array<{name: string; dir: string | undefined}> {
  return FACES.map(([name]) => {
    try {
      return {name, dir: dirname(require.resolve(`${name}/package.json`))}
    } catch {
      return {name, dir: undefined}
    }
  })
}

export interface FontSpec {
  family: string
  /** Where the print page asks for it. */
  url: string
  /** The installed file that answers. */
  path: string
  style: string
  weight: string
  unicodeRange: string
}

/**
 * The faces of fontsource's CSS files (a fixed format: one `@font-face` block
 * per subset), with their print-page URLs. Empty when a package is missing.
 */
export function printFonts(): FontSpec[] {
  const fonts: FontSpec[] = []
  for (const {name, dir} of fontPackages()) {
    if (!dir) continue
    for (const sheet of FACES.find(([n]) => n === name)![1]) {
      const css = readFileSync(join(dir, sheet), 'utf8')
      for (const block of css.split('@font-face').slice(1)) {
        const field = (key: string): string => new RegExp(`${key}:\\s*([^;]+);`).exec(block)?.[1]?.trim() ?? ''
        const file = /url\(\.\/files\/([^)]+\.woff2)\)/.exec(block)?.[1]
        if (!file) continue
        fonts.push({
          family: field('font-family').replace(/^'|'$/g, ''),
          url: `${ASSETS}fonts/${name.replace('@fontsource/', '')}/${file}`,
          path: join(dir, 'files', file),
          style: field('font-style') || 'normal',
          weight: field('font-weight') || '400',
          unicodeRange: field('unicode-range') || 'U+0-10FFFF'
        })
      }
    }
  }
  return fonts
}

/**
 * `--from`: the input format in Pandoc's names, with its extension toggles
 * (`markdown`, `markdown-smart`, `gfm+citations`, `commonmark+tex_math_dollars`).
 * Each base format enables what Pandoc enables for it by default.
 */
export type Base = 'markdown' | 'commonmark' | 'gfm'

/** The extensions handout reads, by Pandoc's names. */
export interface Extensions {
  smart: boolean
  citations: boolean
  tex_math_dollars: boolean
  raw_tex: boolean
  /** Pandoc's own syntax beyond CommonMark: tables, definition lists, line blocks, divs, spans, attributes, figures, notes… */
  pandoc: boolean
  /** GFM's pipe tables, strikeout, footnotes and task lists. */
  gfm: boolean
  /** Bare URLs and e-mail addresses made links (GFM's autolink literals). */
  autolink_bare_uris: boolean
}

const BASES: Record<Base, Extensions> = {
  markdown: {smart: true, citations: true, tex_math_dollars: true, raw_tex: true, pandoc: true, gfm: true, autolink_bare_uris: false},
  commonmark: {smart: false, citations: false, tex_math_dollars: false, raw_tex: false, pandoc: false, gfm: false, autolink_bare_uris: false},
  gfm: {smart: false, citations: false, tex_math_dollars: false, raw_tex: false, pandoc: false, gfm: true, autolink_bare_uris: true}
}

/** Extensions that may be toggled with `+` / `-`. */
const TOGGLES = ['smart', 'citations', 'tex_math_dollars', 'raw_tex', 'autolink_bare_uris'] as const

export class FromError extends Error {}

/** The extensions of a `--from` value; throws FromError, with what is allowed, on a bad one. */
export function readFrom(value: string | undefined): Extensions {
  const text = (value ?? 'markdown').trim()
  const match = /^([a-z_]+)((?:[+-][a-z_]+)*)$/.exec(text)
  if (!match) throw new FromError(`\`--from ${text}\` is not a format: write a name and toggles, e.g. \`markdown-smart\` or \`gfm+citations\``)
  const base = match[1] as Base
  if (!(base in BASES)) throw new FromError(`Unknown input format \`${base}\`: use markdown, commonmark or gfm`)
  const extensions = {...BASES[base]}
  for (const [, sign, name] of match[2]!.matchAll(/([+-])([a-z_]+)/g)) {
    if (!(TOGGLES as readonly string[]).includes(name!)) {
      throw new FromError(`Unknown extension \`${name}\` in \`--from ${text}\`: handout toggles ${TOGGLES.join(', ')}`)
    }
    extensions[name as (typeof TOGGLES)[number]] = sign === '+'
  }
  return extensions
}

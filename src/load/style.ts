/**
 * Find CSL styles and locales. Styles are looked up, in order:
 * a path; the project's `csl/`; `~/Zotero/styles`; the system CSL package
 * (`/usr/share/citation-style-language/styles`); styles bundled with
 * @citation-js/plugin-csl. Locales: project `csl/`, the system locales
 * package, then the bundled ones.
 */
import {existsSync, readdirSync, readFileSync} from 'node:fs'
import {createRequire} from 'node:module'
import {homedir} from 'node:os'
import {basename, isAbsolute, join, resolve} from 'node:path'
import {HandoutError, closest} from '../errors.js'

const require = createRequire(import.meta.url)

export const SYSTEM_STYLES = '/usr/share/citation-style-language/styles'
export const SYSTEM_LOCALES = '/usr/share/citation-style-language/locales'
export const DEFAULT_STYLE = 'apa'

export interface StyleSource {
  /** Human name of the place, e.g. "project csl/". */
  label: string
  dir?: string | undefined
  /** Bundled styles: name -> XML. */
  bundled?: (() => Record<string, string>) | undefined
}

export interface ResolvedStyle {
  name: string
  xml: string
  /** Path or `bundled:NAME`, reported by `handout styles` and used in cache keys. */
  origin: string
}

export function styleSources(projectDir: string): StyleSource[] {
  return [
    {label: 'project csl/', dir: join(projectDir, 'csl')},
    {label: 'Zotero styles', dir: join(homedir(), 'Zotero', 'styles')},
    {label: 'system CSL styles (Debian citation-style-language-styles)', dir: SYSTEM_STYLES},
    {label: 'bundled with @citation-js/plugin-csl', bundled: () => require('@citation-js/plugin-csl/lib/styles.json') as Record<string, string>}
  ]
}

function listDir(dir: string, suffix: string): string[] {
  try {
    return readdirSync(dir).filter((f) => f.endsWith(suffix)).map((f) => f.slice(0, -suffix.length))
  } catch {
    return []
  }
}

export function listStyles(projectDir: string): Array<{name: string; origin: string; label: string}> {
  const seen = new Set<string>()
  const out: Array<{name: string; origin: string; label: string}> = []
  for (const source of styleSources(projectDir)) {
    const names = source.dir ? listDir(source.dir, '.csl') : Object.keys(source.bundled?.() ?? {})
    for (const name of names.sort()) {
      if (seen.has(name)) continue
      seen.add(name)
      out.push({name, label: source.label, origin: source.dir ? join(source.dir, name + '.csl') : `bundled:${name}`})
    }
  }
  return out
}

/**
 * `value` is a path (absolute, or relative to `baseDir`) or a style name
 * (`apa`, `chicago-author-date`, with or without `.csl`).
 */
export function resolveStyle(value: string | undefined, baseDir: string, projectDir: string, place?: string): ResolvedStyle {
  const requested = value ?? DEFAULT_STYLE
  const looksLikePath = requested.includes('/') || requested.includes('\\') || requested.endsWith('.csl')
  if (looksLikePath) {
    const path = isAbsolute(requested) ? requested : resolve(baseDir, requested)
    if (existsSync(path)) return {name: basename(path, '.csl'), xml: readFileSync(path, 'utf8'), origin: path}
  }
  const name = basename(requested, '.csl')
  const searched: string[] = []
  for (const source of styleSources(projectDir)) {
    if (source.dir) {
      const path = join(source.dir, name + '.csl')
      searched.push(source.dir)
      if (existsSync(path)) return {name, xml: readFileSync(path, 'utf8'), origin: path}
    } else if (source.bundled) {
      searched.push(source.label)
      const xml = source.bundled()[name]
      if (xml) return {name, xml, origin: `bundled:${name}`}
    }
  }
  const names = listStyles(projectDir).map((s) => s.name)
  const near = closest(name, names, 5)
  throw new HandoutError(
    `Unknown citation style \`${requested}\`${near.length ? `: did you mean ${near.map((n) => '`' + n + '`').join(', ')}?` : ''} ` +
      `Searched: ${looksLikePath ? requested + ' (as a path), ' : ''}${searched.join(', ')}. ` +
      'Give a path to a .csl file, put it in csl/, or install Debian\'s citation-style-language-styles; `handout styles` lists what is found.',
    {ruleId: 'unknown-style', place}
  )
}

/** Locale lookup for citeproc-js; returns undefined when none is found. */
export function createLocaleResolver(projectDir: string): (lang: string) => string | undefined {
  const bundled = (): Record<string, string> => require('@citation-js/plugin-csl/lib/locales.json') as Record<string, string>
  const dirs = [join(projectDir, 'csl'), SYSTEM_LOCALES]
  return (lang: string) => {
    for (const candidate of localeCandidates(lang, dirs)) {
      for (const dir of dirs) {
        const path = join(dir, `locales-${candidate}.xml`)
        if (existsSync(path)) return readFileSync(path, 'utf8')
      }
      const xml = bundled()[candidate]
      if (xml) return xml
    }
    return undefined
  }
}

/** `fr` -> `fr-FR`, `pt` -> `pt-PT`, `de-AT` -> `de-AT`, `de`; the primary dialect first. */
function localeCandidates(lang: string, dirs: string[]): string[] {
  const [language = lang, region] = lang.split(/[-_]/)
  const out: string[] = []
  if (region) out.push(`${language.toLowerCase()}-${region.toUpperCase()}`)
  const primary = PRIMARY_DIALECTS[language.toLowerCase()]
  if (primary) out.push(primary)
  out.push(`${language.toLowerCase()}-${language.toUpperCase()}`, language.toLowerCase())
  for (const dir of dirs) {
    for (const name of listDir(dir, '.xml').sort()) {
      const code = name.replace(/^locales-/, '')
      if (code.toLowerCase().startsWith(language.toLowerCase() + '-')) out.push(code)
    }
  }
  return [...new Set(out)]
}

/** From the CSL locales repository's `locales.json` ("primary-dialects"). */
const PRIMARY_DIALECTS: Record<string, string> = {
  af: 'af-ZA', ar: 'ar', bg: 'bg-BG', ca: 'ca-AD', cs: 'cs-CZ', cy: 'cy-GB', da: 'da-DK', de: 'de-DE',
  el: 'el-GR', en: 'en-US', es: 'es-ES', et: 'et-EE', eu: 'eu', fa: 'fa-IR', fi: 'fi-FI', fr: 'fr-FR',
  he: 'he-IL', hr: 'hr-HR', hu: 'hu-HU', id: 'id-ID', is: 'is-IS', it: 'it-IT', ja: 'ja-JP', km: 'km-KH',
  ko: 'ko-KR', la: 'la', lt: 'lt-LT', lv: 'lv-LV', mn: 'mn-MN', nb: 'nb-NO', nl: 'nl-NL', nn: 'nn-NO',
  pl: 'pl-PL', pt: 'pt-PT', ro: 'ro-RO', ru: 'ru-RU', sk: 'sk-SK', sl: 'sl-SI', sr: 'sr-RS', sv: 'sv-SE',
  th: 'th-TH', tr: 'tr-TR', uk: 'uk-UA', vi: 'vi-VN', zh: 'zh-CN'
}

export function listLocales(projectDir: string): string[] {
  const names = new Set<string>()
  for (const dir of [join(projectDir, 'csl'), SYSTEM_LOCALES]) for (const n of listDir(dir, '.xml')) names.add(n.replace(/^locales-/, ''))
  for (const n of Object.keys(require('@citation-js/plugin-csl/lib/locales.json') as object)) names.add(n)
  return [...names].sort()
}

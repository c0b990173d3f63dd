/**
 * Find CSL styles and locales. Styles are looked up, in order:
 * a path; the project's `csl/`; `~/Zotero/styles`; the system CSL package
 * (`/usr/share/citation-style-language/styles`, then its `dependent/` styles);
 * styles bundled with @citation-js/plugin-csl. Locales: project `csl/`, the
 * system locales package, then the bundled ones.
 *
 * A style is checked before citeproc-js sees it: well-formed XML (else the
 * line and column of the first error), a CSL `<style>` (not an HTML page or
 * text), with a citation layout. A dependent style (a journal that uses
 * another's rules) is read through its independent parent, found by name.
 */
import {existsSync, readdirSync} from 'node:fs'
import {createRequire} from 'node:module'
import {homedir} from 'node:os'
import {basename, isAbsolute, join, resolve} from 'node:path'
import {XMLValidator} from 'fast-xml-parser'
import {HandoutError, closest, point} from '../errors.js'
import {packageRoot} from '../paths.js'
import {readCheckedSync, shown, systemCsl, type Access, type NamedBy} from './files.js'

const require = createRequire(import.meta.url)

/** The system's CSL styles (see `systemCsl`). */
export const systemStyles = (): string => `${systemCsl()}/styles`
/** The system's CSL locales (see `systemCsl`). */
export const systemLocales = (): string => `${systemCsl()}/locales`
/** How messages name the system's styles: Debian's package, or the folder HANDOUT_CSL_DIR names. */
const systemLabel = (): string => (process.env.HANDOUT_CSL_DIR ? 'CSL styles of HANDOUT_CSL_DIR' : 'system CSL styles (Debian citation-style-language-styles)')
/** Pandoc's default; a copy ships in `styles/csl/`, so it is there without Debian's package. */
export const DEFAULT_STYLE = 'chicago-author-date'

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
  /** The files read for it (the style, and the parent of a dependent style). */
  files: string[]
}

export function styleSources(root: string): StyleSource[] {
  return [
    {label: 'project csl/', dir: join(root, 'csl')},
    {label: 'Zotero styles', dir: join(homedir(), 'Zotero', 'styles')},
    {label: "handout's styles/csl/ (the default style)", dir: join(packageRoot(), 'styles', 'csl')},
    {label: systemLabel(), dir: systemStyles()},
    {label: 'system dependent CSL styles (journals using another style)', dir: `${systemStyles()}/dependent`},
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

export function listStyles(root: string): Array<{name: string; origin: string; label: string}> {
  const seen = new Set<string>()
  const out: Array<{name: string; origin: string; label: string}> = []
  for (const source of styleSources(root)) {
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
 * (`apa`, `chicago-author-date`, with or without `.csl`). `by` says who named
 * it, for messages.
 */
export function resolveStyle(value: string | undefined, baseDir: string, access: Access, by: NamedBy, wellFormed: WellFormed = new Set()): ResolvedStyle {
  const requested = value ?? DEFAULT_STYLE
  const looksLikePath = requested.includes('/') || requested.includes('\\') || requested.endsWith('.csl')
  if (looksLikePath) {
    const path = isAbsolute(requested) ? requested : resolve(baseDir, requested)
    if (existsSync(path)) return styleFile(path, access, by, wellFormed)
  }
  const name = basename(requested, '.csl')
  const found = findByName(name, access)
  if (found) return found.path ? styleFile(found.path, access, by, wellFormed, name) : checked({name, xml: found.xml!, origin: `bundled:${name}`, files: []}, access, by, wellFormed)
  const searched = styleSources(access.root).map((source) => source.dir ?? source.label)
  const near = closest(name, listStyles(access.root).map((s) => s.name), 5)
  throw new HandoutError(
    `Unknown citation style \`${requested}\`${near.length ? `: did you mean ${near.map((n) => '`' + n + '`').join(', ')}?` : ''} ` +
      `Searched: ${looksLikePath ? requested + ' (as a path), ' : ''}${searched.join(', ')}.`,
    {
      ruleId: 'unknown-style',
      expected: near,
      file: by.file,
      place: by.place,
      note: "Give a path to a .csl file, put it in csl/, or install Debian's citation-style-language-styles; `handout styles` lists what is found."
    }
  )
}

function findByName(name: string, access: Access): {path?: string; xml?: string} | undefined {
  if (!/^[\w.-]+$/.test(name)) return undefined
  for (const source of styleSources(access.root)) {
    if (source.dir) {
      const path = join(source.dir, name + '.csl')
      if (existsSync(path)) return {path}
    } else if (source.bundled) {
      const xml = source.bundled()[name]
      if (xml) return {xml}
    }
  }
  return undefined
}

function styleFile(path: string, access: Access, by: NamedBy, wellFormed: WellFormed, name = basename(path, '.csl')): ResolvedStyle {
  const xml = readCheckedSync(path, access, {...by, what: 'CSL style'}).toString('utf8')
  return checked({name, xml, origin: path, files: [path]}, access, by, wellFormed)
}

/**
 * Style texts already found well-formed by one processor: a rebuild reads the
 * style again (it may have changed) but checks the XML of an unchanged one
 * only once (a tenth of a warm rebuild's time for APA). Bounded: a style
 * edited many times while previewing keeps only its latest texts.
 */
export type WellFormed = Set<string>
const WELL_FORMED_KEPT = 16

/** The checks of the module comment; a dependent style comes back as its parent's rules. */
function checked(style: ResolvedStyle, access: Access, by: NamedBy, wellFormed: WellFormed, depth = 0): ResolvedStyle {
  const file = style.origin.startsWith('bundled:') ? style.origin : shown(style.origin)
  const fail = (reason: string, at?: {line: number; col: number}, note?: string): never => {
    throw new HandoutError(`${reason}`, {ruleId: 'style-invalid', file, place: at ? point(at.line, at.col) : undefined, note})
  }
  const text = style.xml.replace(/^\uFEFF/, '')
  if (!wellFormed.has(text)) {
    const valid = XMLValidator.validate(text)
    if (valid !== true) fail(`Not a well-formed CSL style: ${valid.err.msg}`, valid.err, 'Fix the XML there, or pick another style (`handout styles` lists them)')
    if (wellFormed.size >= WELL_FORMED_KEPT) wellFormed.delete(wellFormed.values().next().value!)
    wellFormed.add(text)
  }
  const root = /<([A-Za-z][\w.:-]*)[\s>/]/.exec(text.replace(/<\?[\s\S]*?\?>|<!--[\s\S]*?-->|<!DOCTYPE[^>]*>/gi, ''))
  if (!root || root[1] !== 'style') {
    fail(`Not a CSL style: the file holds ${root ? `<${root[1]}>` : 'no XML element'}, not <style>`, undefined, 'A CSL style is an XML file that starts with <style xmlns="http://purl.org/net/xbiblio/csl" …>; download it again or pick another (`handout styles`)')
  }
  const parent = /<link\b[^>]*\brel="independent-parent"[^>]*>/.exec(text)
  if (parent) {
    const href = /\bhref="([^"]+)"/.exec(parent[0])?.[1] ?? ''
    const parentName = href.split('/').pop() ?? ''
    const found = depth === 0 ? findByName(parentName, access) : undefined
    if (!found) fail(`CSL style \`${style.name}\` is a dependent style of \`${parentName || href}\`, which was not found`, undefined, `Install \`${parentName}.csl\` in csl/ or use it directly with \`--csl ${parentName}\``)
    const xml = found!.path ? readCheckedSync(found!.path, access, {...by, what: 'CSL style'}).toString('utf8') : found!.xml!
    const resolved = checked({name: parentName, xml, origin: found!.path ?? `bundled:${parentName}`, files: found!.path ? [found!.path] : []}, access, by, wellFormed, depth + 1)
    return {name: style.name, xml: resolved.xml, origin: style.origin, files: [...style.files, ...resolved.files]}
  }
  const citation = /<citation\b[\s\S]*?<\/citation>/.exec(text)
  if (!citation || !/<layout\b/.test(citation[0])) {
    fail(`CSL style \`${style.name}\` has no <citation> with a <layout>: it cannot render citations`, undefined, 'Pick another style (`handout styles` lists them)')
  }
  // A macro called but never defined prints nothing, without a word from citeproc-js.
  // (Comments become spaces, so places stay those of the file.)
  const code = text.replace(/<!--[\s\S]*?-->/g, (comment) => comment.replace(/[^\n]/g, ' '))
  const defined = new Set([...code.matchAll(/<macro\b[^>]*\bname="([^"]+)"/g)].map((m) => m[1]))
  for (const call of code.matchAll(/\bmacro="([^"]+)"/g)) {
    if (defined.has(call[1]!)) continue
    const line = text.slice(0, call.index).split('\n').length
    fail(`CSL style \`${style.name}\` uses the macro \`${call[1]}\`, which it does not define`, {line, col: call.index! - text.lastIndexOf('\n', call.index! - 1)}, 'Fix the style, or pick another (`handout styles` lists them)')
  }
  return style
}

/** A BCP 47 language tag (`en`, `en-US`, `de-AT`, `sr-Latn-RS`): anything else is no locale name. */
export const LANGUAGE_TAG = /^[A-Za-z]{2,8}(?:[-_][A-Za-z0-9]{1,8})*$/

/** Locale lookup for citeproc-js; returns undefined when none is found. */
export function createLocaleResolver(root: string): (lang: string) => string | undefined {
  const bundled = (): Record<string, string> => require('@citation-js/plugin-csl/lib/locales.json') as Record<string, string>
  const dirs = [join(root, 'csl'), systemLocales()]
  // Locales are files handout finds itself (project csl/ and the system package), by a checked name.
  const access = {root, trusted: [systemLocales()], maxSize: 5 * 1024 * 1024}
  return (lang: string) => {
    if (!LANGUAGE_TAG.test(lang)) return undefined
    for (const candidate of localeCandidates(lang, dirs)) {
      for (const dir of dirs) {
        const path = join(dir, `locales-${candidate}.xml`)
        if (!existsSync(path)) continue
        try {
          return readCheckedSync(path, access, {what: 'locale'}).toString('utf8')
        } catch {
          continue
        }
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

export function listLocales(root: string): string[] {
  const names = new Set<string>()
  for (const dir of [join(root, 'csl'), systemLocales()]) for (const n of listDir(dir, '.xml')) names.add(n.replace(/^locales-/, ''))
  for (const n of Object.keys(require('@citation-js/plugin-csl/lib/locales.json') as object)) names.add(n)
  return [...names].sort()
}

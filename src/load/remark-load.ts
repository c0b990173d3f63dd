/**
 * remark plugin (I/O edge): read what the front matter and options name:
 * bibliography files, the CSL style, the locale and the stylesheet.
 * Sets `file.data.library` and `file.data.options`.
 */
import {readFile, stat} from 'node:fs/promises'
import {dirname, isAbsolute, join, relative, resolve} from 'node:path'
import type {Root} from 'mdast'
import type {VFile} from 'vfile'
import type {InlineOptions, ResolvedOptions} from '../config/resolve.js'
import {DEFAULTS} from '../config/resolve.js'
import {loadBibliography, type LoadedBibliography} from './bibliography.js'
import {createLocaleResolver, listLocales, resolveStyle} from './style.js'
import {HandoutError, closest} from '../errors.js'
import {packageRoot} from '../paths.js'
import type {Library} from '../types.js'
import type {CslItem} from './csl-item.js'

export default function remarkLoad(options: InlineOptions = {}) {
  // Parsed bibliographies of this processor (one build): many documents share one .bib.
  const parsed = new Map<string, Promise<LoadedBibliography>>()
  const load = async (path: string, display: string, sentenceCase: boolean): Promise<LoadedBibliography> => {
    const info = await stat(path).catch(() => undefined)
    const key = [path, display, sentenceCase, info?.mtimeMs, info?.size].join('\u0000')
    let result = parsed.get(key)
    if (!result) {
      result = loadBibliography(path, display, {sentenceCase})
      parsed.set(key, result)
      result.catch(() => parsed.delete(key))
    }
    // Items are shared read-only between documents.
    return result
  }
  return async (_tree: Root, file: VFile) => {
    const meta = file.data.meta ?? {}
    const projectDir = resolve(options.projectDir ?? process.cwd())
    const baseDir = file.dirname ? resolve(file.cwd, file.dirname) : projectDir
    const show = (path: string): string => {
      const rel = relative(process.cwd(), path)
      return rel.startsWith('..') ? path : rel
    }

    // Bibliographies: front matter (relative to the manuscript), then flags (relative to cwd).
    const files = [
      ...(meta.bibliography ?? []).map((p) => (isAbsolute(p) ? p : resolve(baseDir, p))),
      ...(options.bibliography ?? []).map((p) => resolve(p))
    ]
    const unique = [...new Set(files)]
    const library: Library = {items: new Map(), origins: new Map()}
    const sentenceCase = !meta.lang || /^en\b/i.test(meta.lang)
    const loaded = await Promise.all(unique.map((path) => load(path, show(path), sentenceCase)))
    for (const bibliography of loaded) {
      for (const item of bibliography.items) addItem(library, item, bibliography.places.get(item.id) ?? bibliography.path, file)
    }
    // Inline `references:` win on id clashes, as in Pandoc.
    for (const item of meta.references ?? []) {
      library.items.set(item.id, item)
      library.origins.set(item.id, `${file.path ?? 'front matter'} (references)`)
    }
    file.data.library = library

    const stylePlace = file.path ? `${file.path}` : undefined
    const style = resolveStyle(options.csl ?? meta.csl, options.csl ? process.cwd() : baseDir, projectDir, stylePlace)
    const retrieveLocale = createLocaleResolver(projectDir)
    const lang = meta.lang
    if (lang && !retrieveLocale(lang)) {
      const near = closest(lang, listLocales(projectDir), 5)
      throw new HandoutError(
        `Unknown locale \`${lang}\` in \`lang\`${near.length ? `: did you mean ${near.map((n) => '`' + n + '`').join(', ')}?` : '.'} ` +
          'Install Debian\'s citation-style-language-locales or put locales-<lang>.xml in csl/.',
        {ruleId: 'unknown-locale', place: stylePlace}
      )
    }

    const stylesheet = await loadStylesheet(meta.stylesheet, baseDir, projectDir, stylePlace)

    const resolved: ResolvedOptions = {
      style,
      lang,
      retrieveLocale,
      linkCitations: meta['link-citations'] ?? DEFAULTS.linkCitations,
      linkBibliography: meta['link-bibliography'] ?? DEFAULTS.linkBibliography,
      nocite: meta.nocite ?? [],
      suppressBibliography: meta['suppress-bibliography'] ?? false,
      referenceSectionTitle: meta['reference-section-title'],
      notesAfterPunctuation: meta['notes-after-punctuation'] ?? DEFAULTS.notesAfterPunctuation,
      strict: Boolean(options.strict || meta.strict),
      bibliographyFiles: unique,
      stylesheet
    }
    file.data.options = resolved
  }
}

function addItem(library: Library, item: CslItem, place: string, file: VFile): void {
  const earlier = library.origins.get(item.id)
  if (earlier !== undefined) {
    file.message(`Duplicate citation key \`${item.id}\` in ${place}; the entry from ${earlier} is used`, {
      ruleId: 'duplicate-key',
      source: 'handout'
    }).note = 'Rename one of them, or drop one file from `bibliography:`'
    return
  }
  library.items.set(item.id, item)
  library.origins.set(item.id, place)
}

/**
 * A stylesheet by name (`styles/NAME.css`) or path, with its local imports
 * inlined; handout's own default when none is named and the project has none.
 */
export async function loadStylesheet(
  name: string | undefined,
  baseDir: string,
  projectDir: string,
  place?: string
): Promise<{path: string; css: string; files: string[]}> {
  const stylesheetName = name ?? DEFAULTS.stylesheet
  const stylesheetPath = isAbsolute(stylesheetName)
    ? stylesheetName
    : stylesheetName.includes('/')
      ? resolve(baseDir, stylesheetName)
      : join(projectDir, 'styles', stylesheetName.endsWith('.css') ? stylesheetName : stylesheetName + '.css')
  const files: string[] = []
  try {
    const css = await inlineImports(await readFile(stylesheetPath, 'utf8'), dirname(stylesheetPath), [stylesheetPath], files)
    return {path: stylesheetPath, css, files}
  } catch (error) {
    if (error instanceof HandoutError) throw error
    if (name) {
      throw new HandoutError(`Stylesheet not found: ${stylesheetPath}; name a file in styles/ or give a path`, {ruleId: 'stylesheet-missing', place})
    }
    // A project without styles/ gets handout's own default.
    const fallback = join(packageRoot(), 'styles', DEFAULTS.stylesheet)
    return {path: fallback, css: await inlineImports(await readFile(fallback, 'utf8'), dirname(fallback), [fallback], files), files}
  }
}

/**
 * Inline local `@import "x.css"` / `@import url(x.css)` rules (the HTML carries
 * its stylesheet inline, so an import could not resolve later). Remote URLs
 * are refused: nothing is fetched from the network.
 */
async function inlineImports(css: string, dir: string, chain: string[], files: string[]): Promise<string> {
  files.push(chain[chain.length - 1]!)
  const pattern = /@import\s+(?:url\(\s*)?["']?([^"')\s;]+)["']?\s*\)?\s*;/g
  let out = ''
  let last = 0
  for (const match of css.matchAll(pattern)) {
    const target = match[1]!
    out += css.slice(last, match.index)
    last = match.index! + match[0].length
    if (/^[a-z]+:/i.test(target)) {
      throw new HandoutError(`Stylesheet ${chain[chain.length - 1]} imports ${target}: only local files can be imported`, {ruleId: 'stylesheet-import'})
    }
    const path = resolve(dir, target)
    if (chain.includes(path)) throw new HandoutError(`Stylesheet import loop: ${[...chain, path].join(' -> ')}`, {ruleId: 'stylesheet-import'})
    let imported: string
    try {
      imported = await readFile(path, 'utf8')
    } catch {
      throw new HandoutError(`Stylesheet ${chain[chain.length - 1]} imports ${target}, which does not exist`, {ruleId: 'stylesheet-import'})
    }
    out += await inlineImports(imported, dirname(path), [...chain, path], files)
  }
  return out + css.slice(last)
}

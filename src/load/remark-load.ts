/**
 * remark plugin (I/O edge): read what the front matter and options name:
 * bibliography files, the CSL style, the locale and the stylesheet, each
 * through the checks of files.ts (inside the project root, regular files,
 * size limit). A problem is reported at the front-matter value that named
 * the file, or as the command line's when a flag did.
 * Sets `file.data.library` and `file.data.options`.
 */
import {realpathSync} from 'node:fs'
import {stat} from 'node:fs/promises'
import {dirname, isAbsolute, join, resolve} from 'node:path'
import type {Root} from 'mdast'
import type {Position} from 'unist'
import type {VFile} from 'vfile'
import type {InlineOptions, ResolvedOptions} from '../config/resolve.js'
import {DEFAULTS} from '../config/resolve.js'
import {loadBibliography, type LoadedBibliography} from './bibliography.js'
import {createLocaleResolver, LANGUAGE_TAG, listLocales, resolveStyle, type WellFormed} from './style.js'
import {HandoutError, closest} from '../errors.js'
import {packageRoot} from '../paths.js'
import type {Library} from '../types.js'
import type {CslItem} from './csl-item.js'
import {ItemMap} from './library.js'
import {checkedPath, createAccess, readChecked, shown, type Access, type NamedBy} from './files.js'
import {classifyUrl, cssUrls, relativeUrl, urlPath, urlSuffix} from './resources.js'
import {lineIndex} from '../line-index.js'
import type {Resources} from '../render/rehype-resources.js'
import type {Point} from 'unist'

declare module 'unified' {
  interface Data {
    /** Parsed bibliographies of one processor (one build): many documents share one .bib. */
    handoutBibliographies?: Map<string, Promise<LoadedBibliography>> | undefined
    /** CSL style texts one processor found well-formed (style.ts). */
    handoutWellFormedStyles?: WellFormed | undefined
  }
}

export default function remarkLoad(this: import('unified').Processor, options: InlineOptions = {}) {
  const data = this.data()
  const parsed = (data.handoutBibliographies ??= new Map())
  const wellFormed = (data.handoutWellFormedStyles ??= new Set())
  const access = createAccess(options)
  // Files named by command-line flags (--csl, --bibliography) are the choice of
  // whoever runs the build, not of a document: they may lie outside the root.
  const flagged: Access = {
    ...access,
    trusted: [...access.trusted, ...[options.csl, ...(options.bibliography ?? [])].filter((p): p is string => Boolean(p && /[\\/]|\.csl$/.test(p))).map((p) => realOrSelf(resolve(p)))]
  }
  const load = async (path: string, language: string, by: NamedBy, allowed: Access): Promise<LoadedBibliography> => {
    const real = await checkedPath(path, allowed, by)
    const info = await stat(real)
    // An edited file (--watch) is parsed again, an unchanged one is not.
    const key = [real, shown(path), language, info.size, info.mtimeMs, info.ctimeMs].join('\u0000')
    let result = parsed.get(key)
    if (!result) {
      result = readChecked(real, allowed, by).then((bytes) => loadBibliography(bytes, path, shown(path), {language}))
      parsed.set(key, result)
      result.catch(() => parsed.delete(key))
    }
    // Items are shared read-only between documents.
    return result
  }
  return async (_tree: Root, file: VFile) => {
    const meta = file.data.meta ?? {}
    const places = file.data.metaPlaces ?? {}
    const baseDir = file.dirname ? resolve(file.cwd, file.dirname) : access.root
    const fromMeta = (key: keyof typeof places, what: string, index?: number): NamedBy => ({
      what,
      file: file.path,
      place: (index !== undefined ? places[key]?.items?.[index] : undefined) ?? places[key]?.value
    })
    const fromFlag = (what: string, flag: string): NamedBy => ({what: `${what} (${flag}, relative to the working folder)`})

    // Bibliographies: front matter (relative to the manuscript), then flags (relative to the working folder).
    const wanted: Array<{path: string; by: NamedBy; allowed: Access}> = [
      ...(meta.bibliography ?? []).map((p, i) => ({path: isAbsolute(p) ? p : resolve(baseDir, p), by: fromMeta('bibliography', 'bibliography', i), allowed: access})),
      ...(options.bibliography ?? []).map((p) => ({path: resolve(p), by: fromFlag('bibliography', '--bibliography'), allowed: flagged}))
    ]
    const unique = wanted.filter((entry, i) => wanted.findIndex((other) => other.path === entry.path) === i)
    const library: Library = {items: new ItemMap(), origins: new Map()}
    const language = meta.lang ? meta.lang.split(/[-_]/)[0]!.toLowerCase() : 'en'
    const loaded = await Promise.all(unique.map(({path, by, allowed}) => load(path, language, by, allowed)))
    for (const bibliography of loaded) {
      const seen = new Map<string, number>()
      for (const key of bibliography.keys) {
        // The n-th entry with a key stands at that key's n-th place in the file.
        const nth = seen.get(key) ?? 0
        seen.set(key, nth + 1)
        addItem(library, key, () => bibliography.item(key, nth), bibliography.places.get(key)?.[nth] ?? {file: bibliography.path}, file)
      }
      for (const message of bibliography.messages) if (!file.messages.includes(message)) file.messages.push(message)
    }
    // Inline `references:` win on id clashes, as in Pandoc.
    for (const item of meta.references ?? []) {
      library.items.set(item.id, item)
      library.origins.set(item.id, {file: file.path ?? 'front matter', place: places.references?.value})
    }
    file.data.library = library

    const style = options.csl
      ? resolveStyle(options.csl, process.cwd(), flagged, fromFlag('CSL style', '--csl'), wellFormed)
      : resolveStyle(meta.csl, baseDir, access, fromMeta('csl', 'CSL style'), wellFormed)
    const retrieveLocale = createLocaleResolver(access.root)
    const lang = meta.lang
    if (lang && (!LANGUAGE_TAG.test(lang) || !retrieveLocale(lang))) {
      const near = LANGUAGE_TAG.test(lang) ? closest(lang, listLocales(access.root), 5) : []
      throw new HandoutError(`Unknown locale \`${lang}\` in \`lang\`${near.length ? `: did you mean ${near.map((n) => '`' + n + '`').join(', ')}?` : ''}`, {
        ruleId: 'unknown-locale',
        expected: near,
        file: file.path,
        place: places.lang?.value,
        note: "`lang` is a language tag such as `en-US` or `de`. Install Debian's citation-style-language-locales or put locales-<lang>.xml in csl/."
      })
    }

    const stylesheet = await loadStylesheet(meta.stylesheet, baseDir, access, fromMeta('stylesheet', 'stylesheet'), options.htmlDir)

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
      bibliographyFiles: unique.map(({path}) => path),
      stylesheet,
      root: access.root
    }
    file.data.options = resolved
  }
}

function addItem(library: Library, id: string, item: () => CslItem | undefined, origin: {file: string; place?: Position | undefined}, file: VFile): void {
  const earlier = library.origins.get(id)
  if (earlier !== undefined) {
    const at = (o: {file: string; place?: Position | undefined}): string => `${o.file}${o.place ? `:${o.place.start.line}` : ''}`
    const message = file.message(`Duplicate citation key \`${id}\` at ${at(origin)}; the entry at ${at(earlier)} is used`, {
      ruleId: 'duplicate-key',
      source: 'handout',
      place: origin.place
    })
    message.file = origin.file
    message.note = 'Rename one of them, or drop one file from `bibliography:`'
    return
  }
  library.items.set(id, item)
  library.origins.set(id, origin)
}

export interface Stylesheet {
  path: string
  /** The CSS with its imports inlined, and its local URLs relative to the HTML's folder. */
  css: string
  /** Every file it was made from (imports included). */
  files: string[]
  /** What it loads (fonts, backgrounds), as rehype-resources records it for documents. */
  resources: Pick<Resources, 'local' | 'refused'>
}

/**
 * A stylesheet by name (`compact`, `handout.css`: the project's `styles/`,
 * then handout's own) or path, with its local imports inlined; handout's
 * own default when none is named and the project has none. `htmlDir`: the
 * folder of the HTML it goes into (its `url()`s are made relative to it).
 */
export async function loadStylesheet(name: string | undefined, baseDir: string, access: Access, by: NamedBy, htmlDir?: string): Promise<Stylesheet> {
  const requested = name ?? DEFAULTS.stylesheet
  const own = join(packageRoot(), 'styles')
  let candidates: string[]
  if (isAbsolute(requested) || requested.includes('/') || requested.includes('\\')) {
    candidates = [isAbsolute(requested) ? requested : resolve(baseDir, requested)]
  } else {
    const fileName = requested.endsWith('.css') ? requested : requested + '.css'
    candidates = [join(access.root, 'styles', fileName), join(own, fileName)]
  }
  for (const [i, candidate] of candidates.entries()) {
    let path: string
    try {
      path = await checkedPath(candidate, access, by)
    } catch (error) {
      // A name is looked for in the next place; a missing path, or a last place, is an error.
      if (error instanceof HandoutError && error.ruleId === 'file-missing' && i < candidates.length - 1) continue
      if (error instanceof HandoutError && error.ruleId === 'file-missing') {
        throw new HandoutError(`Stylesheet \`${requested}\` not found (looked in ${candidates.map(shown).join(', ')})`, {
          ruleId: 'stylesheet-missing',
          file: by.file,
          place: by.place,
          note: 'Name a stylesheet in styles/ (`handout`, `compact`, or your own) or give a path to a .css file'
        })
      }
      throw error
    }
    const sheet: Stylesheet = {path, css: '', files: [], resources: {local: new Map(), refused: []}}
    const css = (await readChecked(path, access, by)).toString('utf8')
    sheet.css = await inline(css, [path], sheet, access, by, htmlDir)
    return sheet
  }
  throw new HandoutError(`Stylesheet \`${requested}\` not found`, {ruleId: 'stylesheet-missing', file: by.file, place: by.place})
}

/**
 * Inline local `@import "x.css"` / `@import url(x.css)` rules (the HTML carries
 * its stylesheet inline, so an import could not resolve later), and point
 * local `url()`s at their files from the HTML's folder. Remote imports are
 * refused: nothing is fetched from the network; remote `url()`s are left for
 * the print page to refuse, with their place.
 */
async function inline(css: string, chain: string[], sheet: Stylesheet, access: Access, by: NamedBy, htmlDir: string | undefined): Promise<string> {
  const current = chain[chain.length - 1]!
  sheet.files.push(current)
  const lines = lineIndex(css)
  const here = (offset: number): NamedBy => ({what: 'file', file: shown(current), place: lines.point(offset)})
  const pattern = /@import\s+(?:url\(\s*)?["']?([^"')\s;]+)["']?\s*\)?[^;]*;/g
  // Comments do not count (their text is kept).
  const code = css.replace(/\/\*[\s\S]*?\*\//g, (comment) => comment.replace(/[^\n]/g, ' '))
  let out = ''
  let last = 0
  for (const match of code.matchAll(pattern)) {
    const target = match[1]!
    out += await localUrls(css.slice(last, match.index), last, here, sheet, access, htmlDir, dirname(current))
    last = match.index! + match[0].length
    const at = here(match.index!)
    if (/^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith('//')) {
      throw new HandoutError(`Stylesheet imports ${target}: only local files can be imported, nothing is fetched`, {ruleId: 'stylesheet-import', file: at.file, place: at.place})
    }
    const path = await checkedPath(resolve(dirname(current), target), access, {...at, what: 'imported stylesheet'})
    if (chain.includes(path)) throw new HandoutError(`Stylesheet import loop: ${[...chain, path].map(shown).join(' -> ')}`, {ruleId: 'stylesheet-import', file: at.file, place: at.place})
    const imported = (await readChecked(path, access, {...at, what: 'imported stylesheet'})).toString('utf8')
    out += await inline(imported, [...chain, path], sheet, access, by, htmlDir)
  }
  return out + (await localUrls(css.slice(last), last, here, sheet, access, htmlDir, dirname(current)))
}

/** A piece of a stylesheet (starting at `offset` in its file) with its `url()`s checked and rewritten. */
async function localUrls(
  piece: string,
  offset: number,
  here: (offset: number) => NamedBy,
  sheet: Stylesheet,
  access: Access,
  htmlDir: string | undefined,
  dir: string
): Promise<string> {
  let out = piece
  for (const found of cssUrls(piece).reverse()) {
    const at = here(offset + found.offset)
    const named = {file: at.file!, place: at.place ? {start: at.place as Point, end: at.place as Point} : undefined}
    const kind = classifyUrl(found.url)
    if (kind === 'none') continue
    if (kind !== 'local') {
      sheet.resources.refused.push({...named, url: found.url, kind})
      continue
    }
    const path = urlPath(found.url)
    if (!path) continue
    let real: string
    try {
      real = await checkedPath(resolve(dir, path), access, at)
    } catch (error) {
      // A missing font or image of a stylesheet is left to the browser's fallbacks.
      if (error instanceof HandoutError && error.ruleId === 'file-missing') continue
      throw error
    }
    sheet.resources.local.set(real, named)
    if (htmlDir) out = out.slice(0, found.offset) + relativeUrl(resolve(htmlDir), real) + urlSuffix(found.url) + out.slice(found.offset + found.url.length)
  }
  return out
}

/** A path with its symlinks resolved, or as given when it does not exist. */
function realOrSelf(path: string): string {
  try {
    return realpathSync(path)
  } catch {
    return path
  }
}

/**
 * The bibliography: made once every cite is registered, with the entries of
 * `nocite`, placed where `::: {#refs}` is (else at the end, under
 * `reference-section-title` or the document's last heading, as Pandoc does);
 * entries the style prints nothing for are warnings at their place in the
 * bibliography file.
 */
import type {Heading, Parents, Root, RootContent} from 'mdast'
import type {VFile} from 'vfile'
import {SKIP, visit} from 'unist-util-visit'
import type {BibliographyMeta} from 'citeproc'
import type {CiteEngine} from './engine.js'
import type {Bibliography, FencedDiv} from './nodes.js'
import {bibliographyEntries, type BibEntry} from './bibliography-entries.js'
import {tidyPunctuation} from './cite-text.js'
import {classList} from '../parse/attributes.js'

function unnumbered(heading: Heading): void {
  const properties = heading.data?.hProperties ?? {}
  heading.data = {...heading.data, hProperties: {...properties, className: ['unnumbered', ...classList(properties).filter((c) => c !== 'unnumbered')]}}
}

/** Entries the style prints nothing for (Pandoc: "Bibliography entry with no printed form"); they stay, empty, as in Pandoc. */
function warnEmptyEntries(file: VFile, entries: BibEntry[]): void {
  const style = file.data.options!.style.name
  for (const {ids, html} of entries) {
    if (html) continue
    const key = ids[0]!
    const origin = file.data.library!.origins.get(key)
    const message = file.message(`Bibliography entry \`${key}\` prints as nothing in the style \`${style}\``, {ruleId: 'empty-entry', source: 'handout', place: origin?.place})
    if (origin) message.file = origin.file
    message.note = 'The style has no text for this reference: check its type and fields (an author or a title), or try another style'
  }
}

/** The keys of `nocite` that name an entry (`@*`: every entry). */
export function nocited(file: VFile): string[] {
  const options = file.data.options!
  const library = file.data.library!
  const keys = options.nocite.includes('*') ? [...library.items.keys()] : options.nocite
  return keys.filter((key) => library.items.has(key))
}

/** The bibliography's entries, from the engine once every cite is registered (undefined: none to make). */
export function makeBibliography(file: VFile, ce: CiteEngine, cited: Set<string>): {meta: BibliographyMeta; entries: BibEntry[]} | undefined {
  const extra = nocited(file).filter((key) => !cited.has(key))
  if (extra.length > 0) ce.engine.updateUncitedItems(extra)
  if (cited.size === 0 && extra.length === 0) return undefined
  const result = ce.engine.makeBibliography()
  if (!result) return undefined
  const [meta, html] = result
  return {meta, entries: bibliographyEntries(ce.engine, meta, html)}
}

/** Puts the bibliography made (makeBibliography) in the tree. */
export function placeBibliography(tree: Root, file: VFile, made: {meta: BibliographyMeta; entries: BibEntry[]} | undefined): void {
  const options = file.data.options!
  if (!made) return
  const {meta, entries} = made
  warnEmptyEntries(file, entries)
  const bibliography: Bibliography = {
    type: 'bibliography',
    entries: entries.map(({ids, html}) => ({id: ids[0]!, html: html ? tidyPunctuation(html) : '<div class="csl-entry"></div>'})),
    hangingIndent: Boolean(meta.hangingindent),
    secondFieldAlign: meta['second-field-align'] || undefined,
    lineSpacing: meta.linespacing,
    entrySpacing: meta.entryspacing,
    classes: [],
    children: []
  }
  let placed = false
  let parent: Parents = tree
  visit(tree, 'fencedDiv', (node: FencedDiv, index, found) => {
    if (placed || node.identifier !== 'refs' || !found || index === undefined) return undefined
    bibliography.classes = node.classes
    bibliography.children = node.children
    if (node.position) bibliography.position = node.position
    ;(found.children as RootContent[]).splice(index, 1, bibliography)
    parent = found
    placed = true
    return SKIP
  })
  const title = options.referenceSectionTitle
  if (!placed) {
    // Pandoc: a document that ends with a heading gets the references under it, unnumbered.
    // Notes and link definitions are not blocks of the text (Pandoc keeps them apart).
    const last = tree.children.findLast((node) => node.type !== 'footnoteDefinition' && node.type !== 'definition')
    if (!title && last?.type === 'heading') unnumbered(last)
    tree.children.push(bibliography)
  }
  if (title) {
    let depth = 6
    visit(tree, 'heading', (h) => {
      depth = Math.min(depth, h.depth)
    })
    const heading: Heading = {
      type: 'heading',
      depth: (depth === 6 ? 1 : depth) as Heading['depth'],
      children: [{type: 'text', value: title}],
      data: {hProperties: {className: ['unnumbered']}}
    }
    const siblings = parent.children as RootContent[]
    siblings.splice(siblings.indexOf(bibliography), 0, heading)
  }
}

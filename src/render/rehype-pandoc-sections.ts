/**
 * rehype plugin: a fenced div that opens with a heading is a section, as
 * Pandoc's `makeSections` and HTML5 writer make it. `::: {.interior}` then
 * `# Middle` is `<section id="middle" class="interior"><h1>Middle</h1>…`:
 * the heading's id moves to the section unless the div has an id of its own,
 * the classes and attributes of both are combined. A div whose later children
 * include a heading of the same or a higher level stays a div, as do
 * `.column`, `.columns`, `.fragment` and `.cell` divs (unless `.section`).
 * A div that adds nothing to its heading disappears, as in Pandoc.
 *
 * The fenced-div handler (handlers.ts) marks the divs (`data.fencedDiv`);
 * heading ids are made first (rehype-heading-ids.ts, which leaves these
 * divs' own ids out of its count, as Pandoc does).
 */
import type {Element, ElementContent, Properties, Root, RootContent} from 'hast'
import {classList} from '../parse/attributes.js'

declare module 'hast' {
  interface ElementData {
    /** Made from a Pandoc fenced div (`::: {…}`). */
    fencedDiv?: boolean
    /** A section that adds nothing to its heading: its children take its place. */
    unwrap?: boolean
  }
}

const HEADING = /^h([1-6])$/
const NOT_SECTIONS = ['column', 'columns', 'fragment', 'cell']

/** The heading a fenced div opens with, when the div is a section. */
export function sectionHeading(div: Element): Element | undefined {
  if (!div.data?.fencedDiv) return undefined
  const elements = div.children.filter((child) => child.type !== 'text' || child.value.trim() !== '')
  const [first, ...rest] = elements
  const level = first?.type === 'element' ? HEADING.exec(first.tagName)?.[1] : undefined
  if (!level || first?.type !== 'element') return undefined
  if (rest.some((child) => child.type === 'element' && (HEADING.exec(child.tagName)?.[1] ?? '9') <= level)) return undefined
  const classes = classList(div.properties)
  if (!classes.includes('section') && classes.some((c) => NOT_SECTIONS.includes(c))) return undefined
  return first
}

export default function rehypePandocSections() {
  return (tree: Root) => {
    walk(tree)
  }
}

function walk(parent: Root | Element): void {
  let unwrapped = false
  for (const child of parent.children) {
    if (child.type !== 'element') continue
    walk(child)
    const heading = sectionHeading(child)
    if (heading && section(child, heading)) {
      child.data = {...child.data, unwrap: true} as Element['data']
      unwrapped = true
    }
  }
  // A div that adds nothing to its heading gives its children to its parent.
  if (!unwrapped) return
  const children: Array<RootContent | ElementContent> = []
  for (const child of parent.children) {
    if (child.type === 'element' && child.data?.unwrap) children.push(...child.children)
    else children.push(child)
  }
  parent.children = children as typeof parent.children
}

/** Make `div` a section around `heading`; true when it adds nothing and is to be unwrapped. */
function section(div: Element, heading: Element): boolean {
  const divId = typeof div.properties.id === 'string' ? div.properties.id : ''
  const headingId = typeof heading.properties.id === 'string' ? heading.properties.id : ''
  const headingClasses = classList(heading.properties)
  const classes = [...new Set([...headingClasses, ...classList(div.properties)])].filter((c) => c !== 'section')
  const headingRest = others(heading.properties)
  const attributes = {...others(div.properties), ...headingRest}
  const properties: Properties = {id: divId || headingId || undefined}
  if (classes.length > 0) properties.className = classes
  Object.assign(properties, attributes)
  div.tagName = 'section'
  div.properties = properties
  if (divId && headingId && divId !== headingId) return false
  const same = classes.join(' ') === headingClasses.join(' ') && JSON.stringify(attributes) === JSON.stringify(headingRest)
  if (same) {
    heading.properties.id = properties.id
    return true
  }
  delete heading.properties.id
  return false
}

function others(properties: Properties): Properties {
  const {id: _id, className: _className, ...rest} = properties
  return rest
}

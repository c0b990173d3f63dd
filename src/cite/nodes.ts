/**
 * mdast nodes that the citation and div stages add.
 */
import type {BlockContent, DefinitionContent, Literal, Parent} from 'mdast'

/** The text of a citation note (note styles), rendered inside a footnote. */
export interface CiteNote extends Literal {
  type: 'citeNote'
}

/** Pandoc fenced div `::: {#id .class key=value}`. */
export interface FencedDiv extends Parent {
  type: 'fencedDiv'
  identifier?: string | undefined
  classes: string[]
  attributes: Record<string, string>
  children: Array<BlockContent | DefinitionContent>
}

export interface BibliographyEntry {
  id: string
  html: string
}

/** The reference list: becomes `div#refs.references.csl-bib-body`. */
export interface Bibliography extends Parent {
  type: 'bibliography'
  entries: BibliographyEntry[]
  hangingIndent: boolean
  secondFieldAlign?: string | undefined
  lineSpacing?: number | undefined
  entrySpacing?: number | undefined
  /** Classes of a `::: {#refs .x}` div it replaces. */
  classes: string[]
  children: Array<BlockContent | DefinitionContent>
}

declare module 'mdast' {
  interface PhrasingContentMap {
    citeNote: CiteNote
  }
  interface BlockContentMap {
    fencedDiv: FencedDiv
    bibliography: Bibliography
  }
  interface RootContentMap {
    citeNote: CiteNote
    fencedDiv: FencedDiv
    bibliography: Bibliography
  }
}

/**
 * The words of cross-references, per language: what `@fig:x` prints
 * ("Figure 1", "Figures 1 and 2"), what a caption starts with ("Figure 1:"),
 * the titles of the lists of figures and tables, and the page label of
 * "(p. 3)". The front matter overrides them with pandoc-crossref's names
 * (`figPrefix`, `tblPrefix`, `eqnPrefix`, `secPrefix`: a word, or a list of
 * the singular and the plural; `figureTitle`, `tableTitle`, `lofTitle`,
 * `lotTitle`; `pairDelim`, `lastDelim`, `refDelim`, `rangeDelim`).
 */
import {decodeReferences} from '../character-references.js'
import type {Metadata} from '../types.js'

export type Kind = 'fig' | 'tbl' | 'eq' | 'sec'

export interface Words {
  /** Singular and plural, per kind: "Figure", "Figures". */
  prefix: Record<Kind, [string, string]>
  /** The word before a caption's number: "Figure" in "Figure 1: …". */
  figureTitle: string
  tableTitle: string
  /** After a caption's number: ":" in "Figure 1: …" (pandoc-crossref's `titleDelim`, Quarto's `title-delim`). */
  titleDelim: string
  lofTitle: string
  lotTitle: string
  /** Joins the last two references of a list: "Figures 1 and 2", "Figure 1 and Table 2". */
  and: string
  /**
   * Between the numbers of one kind (pandoc-crossref's `pairDelim`, `lastDelim`,
   * `refDelim`, `rangeDelim`): two ("1 and 2"), the last of more ("1, 2 and 4"),
   * the others ("1, 2"), and a range's ends ("1–3").
   */
  delimiters: {pair: string; last: string; ref: string; range: string}
  /** Before a page number: "p." in "(p. 3)". */
  page: string
}

type Language = Omit<Words, 'figureTitle' | 'tableTitle' | 'titleDelim' | 'delimiters'>

const LANGUAGES: Record<string, Language> = {
  en: {prefix: {fig: ['Figure', 'Figures'], tbl: ['Table', 'Tables'], eq: ['Equation', 'Equations'], sec: ['Section', 'Sections']}, lofTitle: 'List of Figures', lotTitle: 'List of Tables', and: 'and', page: 'p.'},
  de: {prefix: {fig: ['Abbildung', 'Abbildungen'], tbl: ['Tabelle', 'Tabellen'], eq: ['Gleichung', 'Gleichungen'], sec: ['Abschnitt', 'Abschnitte']}, lofTitle: 'Abbildungsverzeichnis', lotTitle: 'Tabellenverzeichnis', and: 'und', page: 'S.'},
  fr: {prefix: {fig: ['Figure', 'Figures'], tbl: ['Tableau', 'Tableaux'], eq: ['Équation', 'Équations'], sec: ['Section', 'Sections']}, lofTitle: 'Table des figures', lotTitle: 'Liste des tableaux', and: 'et', page: 'p.'},
  es: {prefix: {fig: ['Figura', 'Figuras'], tbl: ['Tabla', 'Tablas'], eq: ['Ecuación', 'Ecuaciones'], sec: ['Sección', 'Secciones']}, lofTitle: 'Índice de figuras', lotTitle: 'Índice de tablas', and: 'y', page: 'p.'},
  it: {prefix: {fig: ['Figura', 'Figure'], tbl: ['Tabella', 'Tabelle'], eq: ['Equazione', 'Equazioni'], sec: ['Sezione', 'Sezioni']}, lofTitle: 'Elenco delle figure', lotTitle: 'Elenco delle tabelle', and: 'e', page: 'p.'},
  nl: {prefix: {fig: ['Figuur', 'Figuren'], tbl: ['Tabel', 'Tabellen'], eq: ['Vergelijking', 'Vergelijkingen'], sec: ['Sectie', 'Secties']}, lofTitle: 'Lijst van figuren', lotTitle: 'Lijst van tabellen', and: 'en', page: 'p.'},
  pt: {prefix: {fig: ['Figura', 'Figuras'], tbl: ['Tabela', 'Tabelas'], eq: ['Equação', 'Equações'], sec: ['Seção', 'Seções']}, lofTitle: 'Lista de figuras', lotTitle: 'Lista de tabelas', and: 'e', page: 'p.'}
}

/**
 * The words for the document's `lang` (English when handout has none for it),
 * with the front matter's overrides: pandoc-crossref's keys, else Quarto's
 * `crossref:` options (`fig-prefix`, `fig-title`, `title-delim`…). A caption
 * keeps its word when only the references' word is changed, as in both
 * (`figPrefix: fig.` gives "fig. 1" and "Figure 1:").
 */
export function crossrefWords(meta: Metadata): Words {
  const language = LANGUAGES[(meta.lang ?? 'en').split(/[-_]/)[0]!.toLowerCase()] ?? LANGUAGES.en!
  const quarto = meta.crossref ?? {}
  const prefix = {...language.prefix}
  const given: Record<Kind, string[] | undefined> = {
    fig: meta.figPrefix ?? one(quarto['fig-prefix']),
    tbl: meta.tblPrefix ?? one(quarto['tbl-prefix']),
    eq: meta.eqnPrefix ?? one(quarto['eq-prefix']),
    sec: meta.secPrefix ?? one(quarto['sec-prefix'])
  }
  for (const kind of Object.keys(prefix) as Kind[]) {
    const words = given[kind]
    // One word serves for both (pandoc-crossref's `figPrefix: fig.`).
    if (words && words.length > 0) prefix[kind] = [words[0]!, words[1] ?? words[0]!]
  }
  const and = ` ${language.and} `
  return {
    ...language,
    delimiters: {
      pair: delimiter(meta.pairDelim) ?? and,
      last: delimiter(meta.lastDelim) ?? and,
      ref: delimiter(meta.refDelim) ?? ', ',
      range: delimiter(meta.rangeDelim) ?? '\u2013'
    },
    prefix,
    figureTitle: meta.figureTitle ?? quarto['fig-title'] ?? language.prefix.fig[0],
    tableTitle: meta.tableTitle ?? quarto['tbl-title'] ?? language.prefix.tbl[0],
    titleDelim: delimiter(meta.titleDelim ?? quarto['title-delim']) ?? ':',
    lofTitle: meta.lofTitle ?? language.lofTitle,
    lotTitle: meta.lotTitle ?? language.lotTitle
  }
}

function one(value: string | undefined): string[] | undefined {
  return value === undefined ? undefined : [value]
}

/**
 * A delimiter as written in the front matter, its character references read
 * as Pandoc reads them in metadata (pandoc-crossref's manual writes a spaced
 * range as `rangeDelim: '&#32;-&#32;'`, Markdown dropping bare edge spaces).
 */
function delimiter(value: string | undefined): string | undefined {
  return value === undefined ? undefined : decodeReferences(value)
}

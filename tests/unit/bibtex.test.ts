/**
 * BibTeX/BibLaTeX read as Pandoc 2.17 reads it (src/load/bibtex/). Each
 * expectation is what `pandoc -f biblatex -t csljson` (2.17.1.1) gives for
 * the same input, unless a comment says otherwise.
 */
import {describe, expect, it} from 'vitest'
import {readLatex} from '../../src/load/bibtex/latex.js'
import {toCslText} from '../../src/load/bibtex/inlines.js'
import {unTitlecase} from '../../src/load/bibtex/sentence-case.js'
import {toNameList} from '../../src/load/bibtex/names.js'
import {entryToItem, resolveCrossRefs, type Entry} from '../../src/load/bibtex/reference.js'
import {firstInvalidUtf8, parseBibliography} from '../../src/load/bibliography.js'
import {initialize} from '../../src/cite/rules/index.js'

const text = (latex: string): string => toCslText(readLatex(latex))
const title = (latex: string): string => toCslText(unTitlecase(readLatex(latex)))
const item = (type: string, fields: Record<string, string>, bibtex = false) => entryToItem({type, key: 'k', fields}, {bibtex, language: 'en'})

describe('LaTeX in fields', () => {
  it('decodes accents, symbols and dashes', () => {
    expect(text('{\\AA}sberg \\"{o} \\c{c} \\v s \\ss{} \\S 3 a--b---c 10\\% \\& d~e')).toBe('Åsberg ö ç š ß §3 a–b—c 10% & d\u00a0e')
  })
  it('reads font commands and quotes', () => {
    expect(text('\\emph{a} \\textbf{b} \\textsc{c} x\\textsuperscript{2} ``q\'\' \\mkbibquote{m}')).toBe(
      '<i>a</i> <b>b</b> <span style="font-variant:small-caps;">c</span> x<sup>2</sup> "q" "m"'
    )
  })
  it('prints nothing for raw commands and their arguments (the spaces around stay, as in Pandoc)', () => {
    expect(text('{\\noopsort{1973b}}1973 a\\relax b \\unknown{arg} c')).toBe('1973 ab  c')
  })
  it('prints math as texmath does: letters in italics, functions upright, scripts', () => {
    expect(text('$O(n \\log n / \\! \\log\\log n)$')).toBe('<span class="nocase"><i>O</i>(<i>n</i>log<i>n</i>/ loglog<i>n</i>)</span>')
    expect(text('$\\alpha^2 + x_i$')).toBe('<span class="nocase"><i>α</i><sup>2</sup> + <i>x</i><sub><i>i</i></sub></span>')
  })
})

describe('sentence case (unTitlecase)', () => {
  it('lowercases words, keeps braces, capitalises after a colon', () => {
    expect(title('The {{Lempel-Ziv Complexity Measure}} of {Anglo-Spanish} \\emph{Diplomacy} in {DNA}: a Survey')).toBe(
      'The Lempel-Ziv Complexity Measure of Anglo-Spanish <i>diplomacy</i> in DNA: A survey'
    )
  })
  it('lowercases each part of a hyphenated compound', () => {
    expect(title('Treatment-Resistant Depression')).toBe('Treatment-resistant depression')
  })
  it('keeps a protected span with lowercase words as nocase', () => {
    expect(title('Agoras {and} Fora')).toBe('Agoras <span class="nocase">and</span> fora')
  })
  it('lowercases a last word on its own after a colon, as citeproc 0.6 does', () => {
    expect(title('Pompeii Forum: Project')).toBe('Pompeii forum: project')
  })
})

describe('names', () => {
  const names = (latex: string, bibtex = false) => toNameList(readLatex(latex), {bibtex: bibtex ? 'true' : 'false'})
  it('reads the three BibTeX forms, particles and literals', () => {
    expect(names('{\\AA}sberg, Peng-fei and Jean de la Fontaine and van Turnhout, Jr, J. and {World Health Organization} and others')).toEqual([
      {family: 'Åsberg', given: 'Peng-fei'},
      {family: 'Fontaine', given: 'Jean', 'dropping-particle': 'de la'},
      {family: 'Turnhout', given: 'J.', 'dropping-particle': 'van', suffix: 'Jr'},
      {literal: 'World Health Organization'},
      {literal: 'others'}
    ])
  })
  it('reads BibLaTeX extended names', () => {
    expect(names('given=Max, family=Planck, prefix=von, useprefix=true')).toEqual([{family: 'Planck', given: 'Max', 'non-dropping-particle': 'von'}])
  })
  it('takes a trailing lowercase word of a given name as a particle (citeproc extractParticles)', () => {
    expect(names('Eickstedt, Klaus-Valtin von')).toEqual([{family: 'Eickstedt', given: 'Klaus-Valtin', 'dropping-particle': 'von'}])
  })
  it('spaces "J.G." as "J. G."', () => {
    expect(names('J.G. Smith')).toEqual([{family: 'Smith', given: 'J. G.'}])
  })
})

describe('initials (citeproc 0.6 initialize)', () => {
  // The last two as Vancouver prints them (initialize-with="" and initialize-with-hyphen="false").
  it.each([
    ['Peng-fei', '. ', true, 'P.'],
    ['Shin-ichiro', '. ', true, 'S.'],
    ['J.-P.', '. ', true, 'J.-P.'],
    ['Jean-Pierre', '. ', true, 'J.-P.'],
    ['John H.', '. ', true, 'J. H.'],
    ['J.-B. E. M.', '', false, 'J-BEM'],
    ['Jan-Benedict E. M.', '', false, 'JBEM']
  ])('%s with %j, hyphen %s -> %s', (given, terminator, hyphen, expected) => {
    expect(initialize(given, true, hyphen, terminator)).toBe(expected)
  })
})

describe('entries', () => {
  it('maps types and genres as Pandoc', () => {
    expect(item('mastersthesis', {title: 'T'})).toMatchObject({type: 'thesis', genre: 'Master’s thesis'})
    expect(item('phdthesis', {title: 'T'})).toMatchObject({type: 'thesis', genre: 'PhD thesis'})
    expect(item('software', {title: 'T'}).type).toBe('book')
    expect(item('booklet', {title: 'T'}).type).toBe('pamphlet')
    expect(item('inreference', {title: 'T'}).type).toBe('entry-encyclopedia')
  })
  it('puts number where the type wants it, hyphen kept', () => {
    expect(item('article', {number: '1-3'}).issue).toBe('1-3')
    expect(item('book', {number: '12'})['collection-number']).toBe('12')
    expect(item('misc', {number: 'arXiv:1602.08646'}).number).toBe('arXiv:1602.08646')
  })
  it('makes an arXiv eprint a URL and leaves a DOI as written', () => {
    expect(item('misc', {eprint: '1602.08646', eprinttype: 'arxiv', doi: '10.1000/a%2Fb'})).toMatchObject({URL: 'https://arxiv.org/abs/1602.08646', DOI: '10.1000/a%2Fb'})
  })
  it('lists places and publishers with semicolons (BibLaTeX)', () => {
    expect(item('book', {location: 'Durham and London', publisher: 'A and B'})).toMatchObject({'publisher-place': 'Durham; London', publisher: 'A; B'})
  })
  it('sentence-cases title and subtitle apart, not a German entry', () => {
    expect(item('book', {title: 'The Title', subtitle: 'The Subtitle Is Here'}).title).toBe('The title: The subtitle is here')
    expect(item('book', {title: 'Die Geschichte der Stadt', langid: 'german'})).toMatchObject({title: 'Die Geschichte der Stadt', language: 'de-DE'})
  })
  it('reads dates: EDTF ranges, old fields, literals', () => {
    expect(item('book', {date: '1988/2009'}).issued).toEqual({'date-parts': [[1988], [2009]]})
    expect(item('book', {year: '2000', month: '07'}).issued).toEqual({'date-parts': [[2000, 7]]})
    expect(item('book', {year: 'forthcoming'})).toMatchObject({issued: {literal: 'forthcoming'}, status: 'forthcoming'})
  })
  it('turns a numeric series into "3rd series"', () => {
    expect(item('book', {series: '3'})['collection-title']).toBe('3rd series')
  })
  it('inherits from crossref with BibLaTeX renaming', () => {
    const entries: Entry[] = [
      {type: 'incollection', key: 'child', fields: {title: 'Chapter', crossref: 'parent'}},
      {type: 'collection', key: 'parent', fields: {title: 'The Book', editor: 'Doe, Jane', year: '2000'}}
    ]
    const [child] = resolveCrossRefs(entries, false)
    expect(child!.fields).toMatchObject({booktitle: 'The Book', editor: 'Doe, Jane', year: '2000', title: 'Chapter'})
    expect(entryToItem(child!, {bibtex: false, language: 'en'})).toMatchObject({type: 'chapter', 'container-title': 'The book', title: 'Chapter'})
  })
})

describe('files', () => {
  it('finds the first byte that is not UTF-8', () => {
    expect(firstInvalidUtf8(Buffer.from('abc\u00e9'))).toBeUndefined()
    expect(firstInvalidUtf8(Uint8Array.from([0x61, 0x0a, 0x41, 0xdf, 0x20]))).toBe(3)
    expect(firstInvalidUtf8(Uint8Array.from([0xe2, 0x82]))).toBe(0)
  })
  it('skips one bad entry with a warning at its place and reads the rest', async () => {
    const bib = '@article{a, title = {One}, year = 2000}\n@article{b, title = {Two, year = 2001}\n@article{c, title = {Three}, year = 2002}\n'
    const library = await parseBibliography(bib, '.bib', 'refs.bib')
    expect(library.keys).toEqual(['a', 'c'])
    expect(library.item('c')?.title).toBe('Three')
    const [warning] = library.messages
    expect(warning?.ruleId).toBe('bibliography-entry')
    expect(warning?.place).toEqual({line: 2, column: 1})
    expect(warning?.fatal).toBe(false)
  })
  it('warns about unknown fields with a suggestion, and unknown types', async () => {
    const library = await parseBibliography('@thing{a,\n  auther = {Doe, J.},\n  title = {T}}\n', '.bib', 'refs.bib')
    expect(library.messages.map((m) => [m.ruleId, m.place, m.note])).toEqual([
      ['bibliography-type', {line: 1, column: 1}, expect.stringContaining('@article')],
      ['bibliography-field', {line: 2, column: 3}, 'Did you mean `author`?']
    ])
  })
})

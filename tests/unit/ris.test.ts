import {describe, expect, it} from 'vitest'
import {convertRis} from '../../src/load/citation-js.js'
import {fromRecords, risDate, risRecords} from '../../src/load/ris.js'

const read = (text: string): Array<Record<string, unknown>> => fromRecords(convertRis(text), risRecords(text))
const record = (...lines: string[]): string => [...lines, 'ER  - ', ''].join('\n')

describe('RIS as Pandoc reads it', () => {
  it('reads YYYY/MM/DD/other dates, and keeps what is not one literal', () => {
    expect(risDate('2006//')).toEqual({'date-parts': [[2006]]})
    expect(risDate('2006/05//')).toEqual({'date-parts': [[2006, 5]]})
    expect(risDate('2006/05/01/Spring')).toEqual({'date-parts': [[2006, 5, 1]]})
    expect(risDate('2006-13-01')).toEqual({'date-parts': [[2006]]})
    expect(risDate('Spring 2006')).toEqual({literal: 'Spring 2006'})
  })

  it('dates a chapter, which citation-js leaves raw', () => {
    const [chapter] = read(record('TY  - CHAP', 'ID  - c', 'PY  - 2010/05//'))
    expect(chapter!.issued).toEqual({'date-parts': [[2010, 5]]})
  })

  it("makes a conference paper's T2 its container and its CY the publisher's place, not the event's", () => {
    const [paper] = read(record('TY  - CPAPER', 'ID  - p', 'T2  - Proceedings of X', 'CY  - Oslo'))
    expect(paper!['container-title']).toBe('Proceedings of X')
    expect(paper!['publisher-place']).toBe('Oslo')
    expect(paper).not.toHaveProperty('event-title')
    expect(paper).not.toHaveProperty('event-place')
  })

  it('keeps a whole book’s T2 as its series', () => {
    const [book] = read(record('TY  - BOOK', 'ID  - b', 'T2  - Lecture Notes'))
    expect(book!['collection-title']).toBe('Lecture Notes')
    expect(book).not.toHaveProperty('container-title')
  })

  it('makes A2 an editor, not a collection editor', () => {
    const [report] = read(record('TY  - RPRT', 'ID  - r', 'A2  - Doe, Jane'))
    expect(report!.editor).toEqual([{family: 'Doe', given: 'Jane'}])
    expect(report).not.toHaveProperty('collection-editor')
  })

  it('takes a DOI in M3 as the DOI, not the genre', () => {
    const [article] = read(record('TY  - JOUR', 'ID  - a', 'M3  - https://doi.org/10.1000/xyz'))
    expect(article!.DOI).toBe('10.1000/xyz')
    expect(article).not.toHaveProperty('genre')
    const [thesis] = read(record('TY  - THES', 'ID  - t', 'M3  - Doctoral dissertation'))
    expect(thesis!.genre).toBe('Doctoral dissertation')
  })

  it("keys a record without ID as Pandoc does: family names and PY, a letter added to repeats", () => {
    const text = record('TY  - JOUR', 'AU  - Smith, J.', 'AU  - van Dam, K.', 'PY  - 2001') + record('TY  - JOUR', 'AU  - Smith, J.', 'AU  - van Dam, K.', 'PY  - 2001') + record('TY  - GEN')
    expect(read(text).map((item) => item.id)).toEqual(['Smith_van_2001', 'Smith_van_2001a', ''])
  })
})

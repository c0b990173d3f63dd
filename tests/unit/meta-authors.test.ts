import {describe, expect, it} from 'vitest'
import {readAuthors, readInstitutes} from '../../src/parse/meta-authors.js'

describe('authors in the forms Pandoc tools write them', () => {
  it('reads Pandoc names and entries', () => {
    expect(readAuthors(['Jane Doe', {name: 'Ann Roe', affiliation: 'Uni', email: 'a@b.org'}], new Map()).authors).toEqual([
      {name: 'Jane Doe', affiliations: []},
      {name: 'Ann Roe', affiliations: ['Uni'], email: 'a@b.org'}
    ])
    expect(readAuthors('Jane Doe', new Map()).authors).toEqual([{name: 'Jane Doe', affiliations: []}])
  })

  it("reads pandoc-scholar's Name: {details} with institute ids", () => {
    const institutes = readInstitutes([{pdt: 'Pandoc Development Team'}, {uni: {name: 'Uni', address: 'Street 1'}}])
    const {authors} = readAuthors([{'Albert Krewinkel': {institute: ['pdt', 'uni'], orcid: '0000-0002-9455-0796', correspondence: 'yes'}}, {'Robert Winkler': null}], institutes)
    expect(authors).toEqual([
      {name: 'Albert Krewinkel', affiliations: ['Pandoc Development Team', 'Uni'], orcid: '0000-0002-9455-0796', corresponding: true},
      {name: 'Robert Winkler', affiliations: []}
    ])
  })

  it("reads Quarto's name maps and affiliation refs, and JOSS's indexes", () => {
    const quarto = readInstitutes(undefined, [{id: 'u', name: 'Uni'}])
    expect(readAuthors([{name: {given: 'Ann', family: 'Roe'}, affiliations: [{ref: 'u'}, {name: 'Lab'}], orcid: 'https://orcid.org/0000-0002-1825-0097', attributes: {corresponding: true}}], quarto).authors).toEqual([
      {name: 'Ann Roe', affiliations: ['Uni', 'Lab'], orcid: '0000-0002-1825-0097', corresponding: true}
    ])
    const joss = readInstitutes(undefined, [{name: 'Uni A', index: 1}, {name: 'Uni B', index: 2}])
    expect(readAuthors([{name: 'Jo', affiliation: '1, 2'}, {name: 'Al', affiliation: 2}], joss).authors.map((a) => a.affiliations)).toEqual([['Uni A', 'Uni B'], ['Uni B']])
  })

  it('leaves out what it cannot read, saying which entry, and never links a malformed ORCID', () => {
    const {authors, skipped} = readAuthors(['Jane', {}, {a: 1, b: 2}, [1]], new Map())
    expect(authors).toEqual([{name: 'Jane', affiliations: []}])
    expect(skipped.map((s) => s.index)).toEqual([1, 2, 3])
    expect(readAuthors([{name: 'X', orcid: 'javascript:alert(1)'}], new Map()).authors[0]!.orcid).toBeUndefined()
  })
})

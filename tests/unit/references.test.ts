import {describe, expect, it} from 'vitest'
import {normalizeReference} from '../../src/load/references.js'
import {markdownToCiteproc, smart} from '../../src/cite/inline-markup.js'
import {tidyPunctuation} from '../../src/cite/remark-citeproc.js'

describe('references written as Pandoc accepts them in YAML', () => {
  it('reads dates as numbers, mappings, lists, EDTF strings and seasons', () => {
    expect(normalizeReference({id: 'a', issued: 2004}, 0).issued).toEqual({'date-parts': [[2004]]})
    expect(normalizeReference({id: 'a', issued: {year: 2006, month: 3}}, 0).issued).toEqual({'date-parts': [[2006, 3]]})
    expect(normalizeReference({id: 'a', issued: '2004-03-01'}, 0).issued).toEqual({'date-parts': [[2004, 3, 1]]})
    expect(normalizeReference({id: 'a', issued: '1996/2004'}, 0).issued).toEqual({'date-parts': [[1996], [2004]]})
    // Seasons become months 13-16, which citeproc-js prints as seasons, ranges included.
    expect(normalizeReference({id: 'a', issued: [{year: 1963, season: 3}]}, 0).issued).toEqual({'date-parts': [[1963, 15]]})
    expect(normalizeReference({id: 'a', issued: [{year: 1964, season: 1}, {year: 1965, season: 4}]}, 0).issued).toEqual({'date-parts': [[1964, 13], [1965, 16]]})
  })

  it('reads names as strings or mappings, unescapes Markdown in ids, and renders Markdown in titles', () => {
    const item = normalizeReference({id: 'timmory\\_\\_justice', author: ['brtw', {family: 'Doe', given: ['John', 'Q.']}], title: '*Italic* and 1931--2004'}, 0)
    expect(item.id).toBe('timmory__justice')
    expect(item.author).toEqual([{literal: 'brtw'}, {family: 'Doe', given: 'John Q.'}])
    expect(item.title).toBe('<i>Italic</i> and 1931\u20132004')
  })

  it('reads variable names in any case, as Pandoc does (`url` is `URL`)', () => {
    const item = normalizeReference({id: 'a', url: 'https://example.org', Doi: '10.1/x', Title: 'T', ISBN: '123'}, 0)
    expect(item).toMatchObject({URL: 'https://example.org', DOI: '10.1/x', title: 'T', ISBN: '123'})
    expect(item).not.toHaveProperty('url')
  })

  it("reads `--` in page and other number ranges as an en dash, as Pandoc's Markdown does", () => {
    expect(normalizeReference({id: 'a', page: '163--193', volume: '1--2', URL: 'https://x.org/a--b'}, 0)).toMatchObject({page: '163\u2013193', volume: '1\u20132', URL: 'https://x.org/a--b'})
  })

  it('refuses a reference without an id', () => {
    expect(() => normalizeReference({title: 'x'}, 2)).toThrow('reference 3 has no `id`')
  })
})

describe('smart punctuation (Pandoc `smart`)', () => {
  it('turns dashes and ellipses into their characters', () => {
    expect(smart('pp. 93--101 --- see ...')).toBe('pp. 93\u2013101 \u2014 see \u2026')
    expect(markdownToCiteproc('plain')).toBe('plain')
  })
})

describe('tidyPunctuation (punctuation citeproc-js leaves)', () => {
  it('drops spaces before commas and full stops in text, not in markup, and keeps French spaces before colons', () => {
    expect(tidyPunctuation('(Faraday , forthcoming)')).toBe('(Faraday, forthcoming)')
    expect(tidyPunctuation('Work A, .')).toBe('Work A,.')
    expect(tidyPunctuation('« Justice est faite : soyons justes »')).toBe('« Justice est faite : soyons justes »')
    expect(tidyPunctuation('<a title="a , b">x</a> .')).toBe('<a title="a , b">x</a>.')
    // Three full stops typed in a title are an ellipsis, with its space, as Pandoc prints it.
    expect(tidyPunctuation('Forgotten tongues ... of the Ancients')).toBe('Forgotten tongues ... of the Ancients')
  })

  it('drops a comma or full stop moved into the quotes after a title ending in . ? or !, as Pandoc does', () => {
    expect(tidyPunctuation('“Is it inhibition or activation?,” Pharmacol Ther')).toBe('“Is it inhibition or activation?” Pharmacol Ther')
    expect(tidyPunctuation('“How the pupil shapes vision at the earliest stage.,” Annual')).toBe('“How the pupil shapes vision at the earliest stage.” Annual')
    expect(tidyPunctuation('“<i>Works!</i>.”')).toBe('“<i>Works!</i>”')
    expect(tidyPunctuation('« Vraiment ?, »')).toBe('« Vraiment ?, »')
    // Other punctuation, and quotes that do not follow . ? !, stay.
    expect(tidyPunctuation('“Ketamine,” Neuron')).toBe('“Ketamine,” Neuron')
    expect(tidyPunctuation('“Why?;” then')).toBe('“Why?;” then')
  })
})

import {describe, expect, it} from 'vitest'
import {parseLocator, locatorTerms} from '../../src/cite/locator.js'

const terms = locatorTerms({
  page: {long: ['page', 'pages'], short: ['p.', 'pp.']},
  chapter: {long: ['chapter', 'chapters'], short: ['chap.', 'chaps.']},
  section: {long: ['section', 'sections'], short: ['sec.', 'secs.'], symbol: ['§', '§§']},
  volume: {long: ['volume', 'volumes'], short: ['vol.', 'vols.']}
})

describe('parseLocator (Pandoc rules)', () => {
  const cases: Array<[string, {locator?: string; label?: string; suffix: string}]> = [
    [', p. 33', {label: 'page', locator: '33', suffix: ''}],
    [', pp. 33-35', {label: 'page', locator: '33-35', suffix: ''}],
    [' p. 33', {label: 'page', locator: '33', suffix: ''}],
    [', 33', {label: 'page', locator: '33', suffix: ''}],
    [', 33, 35', {label: 'page', locator: '33, 35', suffix: ''}],
    [', chap. 2', {label: 'chapter', locator: '2', suffix: ''}],
    [', § 4', {label: 'section', locator: '4', suffix: ''}],
    [', vol. iv', {label: 'volume', locator: 'iv', suffix: ''}],
    [', p. 33 and passim', {label: 'page', locator: '33', suffix: ' and passim'}],
    [', 33, and elsewhere', {label: 'page', locator: '33', suffix: ', and elsewhere'}],
    [', {ii, A, D-Z}', {label: 'page', locator: 'ii, A, D-Z', suffix: ''}],
    ['{chap. iv} text', {label: 'chapter', locator: 'iv', suffix: ' text'}],
    ['{}, 99 years', {suffix: ', 99 years'}],
    [', 34(1)(a)', {label: 'page', locator: '34(1)(a)', suffix: ''}],
    [', 1.2.3', {label: 'page', locator: '1.2.3', suffix: ''}],
    [', and more', {suffix: ', and more'}],
    ['foo', {suffix: ', foo'}],
    [', page 7', {label: 'page', locator: '7', suffix: ''}],
    // Emphasis around the value (Pandoc reads the locator from inlines).
    [' p. **32**', {label: 'page', locator: '32', suffix: ''}],
    [', *33* and more', {label: 'page', locator: '33', suffix: ' and more'}],
    [', *passim*', {suffix: ', *passim*'}],
    [', party 3', {suffix: ', party 3'}],
    ['', {suffix: ''}]
  ]
  for (const [input, expected] of cases) {
    it(JSON.stringify(input), () => {
      const result = parseLocator(input, terms)
      expect({...result, locator: result.locator, label: result.label}).toEqual({locator: undefined, label: undefined, ...expected})
    })
  }
})

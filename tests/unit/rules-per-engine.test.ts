/**
 * handout's citeproc rules (src/cite/rules/) act only for engines built with
 * handout's `sys`: another citeproc-js engine in the same process (a user's,
 * another library's) prints what citeproc-js prints.
 */
import CSL from 'citeproc'
import {expect, it} from 'vitest'
import {applyEngineRules, installRules, withRules} from '../../src/cite/rules/index.js'
import {createLocaleResolver} from '../../src/load/style.js'

const STYLE = `<?xml version="1.0" encoding="utf-8"?>
<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0">
  <info><id>t</id><title>t</title><updated>2020-01-01T00:00:00+00:00</updated></info>
  <citation><layout><text variable="title"/></layout></citation>
  <bibliography><layout>
    <group delimiter=". ">
      <names variable="author"><name initialize-with=". "/></names>
      <text variable="title" text-case="title"/>
    </group>
  </layout></bibliography>
</style>`
const ITEM = {id: 'a', type: 'book', author: [{family: 'Li', given: 'J.-P.'}], title: 'a walk beyond the river, Nᵒ 5'}
const retrieveLocale = createLocaleResolver(process.cwd())

function entry(ruled: boolean): string {
  const sys = {retrieveLocale: (lang: string) => retrieveLocale(lang), retrieveItem: () => ITEM}
  const engine = new CSL.Engine(ruled ? withRules(sys) : sys, STYLE)
  if (ruled) applyEngineRules(engine)
  engine.updateItems(['a'])
  return (engine.makeBibliography() as [unknown, string[]])[1][0]!.trim()
}

it('follows Pandoc for handout’s engines only, in one process', () => {
  installRules()
  const plain = entry(false)
  expect(entry(true)).toBe('<div class="csl-entry">J.-P. Li. A Walk Beyond the River, Nᵒ 5</div>')
  // Built after handout's, and before: the same, citeproc-js's own.
  expect(plain).toBe(entry(false))
  expect(plain).toBe('<div class="csl-entry">J.-P. Li. A Walk beyond the River, N<sup>o</sup> 5</div>')
})

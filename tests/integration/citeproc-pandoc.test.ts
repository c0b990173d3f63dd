/**
 * handout's HTML from citeproc-js keeps what Pandoc keeps: superscript
 * characters stay characters (the French `nᵒ` is not rewritten as `n<sup>o</sup>`),
 * and title case keeps only the stop words Pandoc keeps.
 */
import {copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {tmpdir} from 'node:os'
import {expect, it} from 'vitest'
import {build} from '../../src/build/index.js'

/** The HTML handout builds from one manuscript. */
async function render(markdown: string): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'handout-pandoc-'))
  try {
    writeFileSync(join(dir, 'doc.md'), markdown)
    copyFileSync('tests/fixtures/refs.bib', join(dir, 'refs.bib'))
    const [result] = await build([join(dir, 'doc.md')], {outDir: dir, cache: false, root: dir})
    return readFileSync(result!.html!, 'utf8')
  } finally {
    rmSync(dir, {recursive: true, force: true})
  }
}

it('keeps superscript characters as Pandoc does', async () => {
  const html = await render(
    '---\nlang: fr-FR\ncsl: chicago-author-date\nreferences:\n- id: bazin\n  type: article-journal\n  author: [{family: Bazin, given: André}]\n  title: La cybernétique, m² et Nᵒ 5™\n  container-title: Cahiers du cinéma\n  issue: 36\n  issued: 1954\n---\n\n[@bazin]\n'
  )
  const entry = /<div class="csl-entry"[\s\S]*?<\/div>/.exec(html)![0]
  expect(entry).toContain('m² et Nᵒ 5™')
  expect(entry).toContain('nᵒ 36')
  expect(entry).not.toContain('<sup>')
})

it("title-cases as Pandoc does: only the specification's stop words and name particles stay lower case", async () => {
  const html = await render(
    '---\ncsl: chicago-fullnote-bibliography\nreferences:\n- id: c\n  type: chapter\n  author: [{family: Faraday, given: Carry}]\n  title: Protean photography\n  container-title: Seven trips beyond the asteroid belt with William de Montibus\n  publisher: Launch Press\n  issued: 2020\n---\n\nText.[^1]\n\n[^1]: See @c.\n'
  )
  expect(html).toContain('Seven Trips Beyond the Asteroid Belt with William de Montibus')
})

it('joins one author\'s years with the cite-group delimiter (CSL 1.0.2), not the layout\'s, as Pandoc does', async () => {
  const refs = ['a', 'b', 'c'].map((id, i) => `- id: ${id}\n  type: book\n  author: [{family: ${i < 2 ? 'Doe' : 'Roe'}, given: J.}]\n  title: T${id}\n  issued: ${2005 + i}\n`).join('')
  const html = await render(`---\ncsl: chicago-author-date\nsuppress-bibliography: true\nreferences:\n${refs}---\n\nOne [@a; @b; @c]. Two @a [-@b, p. 30; see also @c].\n`)
  const cites = [...html.matchAll(/<span class="citation"[^>]*>(.*?)<\/span>/g)].map((m) => m[1]!.replace(/<[^>]+>/g, ''))
  expect(cites).toEqual(['(Doe 2005, 2006; Roe 2007)', 'Doe (2005; 2006, 30; see also Roe 2007)'])
})

it('drops the closing period of a note citation in a footnote sentence, also inside quotes', async () => {
  const html = await render(
    "---\ncsl: chicago-annotated-bibliography\nsuppress-bibliography: true\nreferences:\n- id: w\n  type: webpage\n  author: [{literal: OCLC}]\n  title: WorldCat\n  URL: 'https://www.worldcat.org/'\n---\n\nSome text.[^1]\n\n[^1]: Comment, supported by citation [@w].\n"
  )
  const cites = [...html.matchAll(/<span class="citation"[^>]*>(.*?)<\/span>/g)].map((m) => m[1]!.replace(/<[^>]+>/g, ''))
  expect(cites).toEqual(['(OCLC, “WorldCat”)'])
})

it('sorts a cluster in runs split at prefixes, as Pandoc does (expected texts from pandoc 2.17)', async () => {
  const clusters: Array<[string, string]> = [
    ['[see @zarate2006, pp. 33-35; @li2010]', '(Li et al., 2010; see Zarate et al., 2006, pp. 33–35)'],
    ['[@zarate2006; @li2010; see @berman2000]', '(Li et al., 2010; Zarate et al., 2006; see Berman et al., 2000)'],
    ['[see @zarate2006; @li2010; @berman2000]', '(Berman et al., 2000; Li et al., 2010; see Zarate et al., 2006)'],
    ['[@zarate2006; @li2010, and more; @berman2000]', '(Berman et al., 2000; Li et al., 2010, and more; Zarate et al., 2006)']
  ]
  const html = await render(`---\nbibliography: refs.bib\ncsl: apa\nsuppress-bibliography: true\n---\n\n${clusters.map(([c]) => c).join('\n\n')}\n`)
  const cites = [...html.matchAll(/<span class="citation"[^>]*>(.*?)<\/span>/g)].map((m) => m[1]!.replace(/<[^>]+>/g, ''))
  expect(cites).toEqual(clusters.map(([, expected]) => expected))
})

it('groups the cites of one author where the style collapses by year but does not sort citations, as Pandoc does', async () => {
  const refs = [['a', 'Doe', 2005], ['b', 'Doe', 2006], ['c', 'Roe', 2007]].map(([id, family, year]) => `- {id: ${id}, type: book, author: [{family: ${family}, given: J.}], title: T${id}, issued: ${year}}\n`).join('')
  const html = await render(`---\ncsl: chicago-author-date\nsuppress-bibliography: true\nreferences:\n${refs}---\n\nOne [@a; @c; @b].\n`)
  const cites = [...html.matchAll(/<span class="citation"[^>]*>(.*?)<\/span>/g)].map((m) => m[1]!.replace(/<[^>]+>/g, ''))
  expect(cites).toEqual(['(Doe 2005, 2006; Roe 2007)'])
})

it("links a cite's reference, not the prefix and suffix around it, as Pandoc does (link-citations)", async () => {
  const refs = ['a', 'b'].map((id, i) => `- {id: ${id}, type: book, author: [{family: ${i ? 'Roe' : 'Doe'}, given: J.}], title: T${id}, issued: 2000}\n`).join('')
  const html = await render(`---\ncsl: apa\nlink-citations: true\nsuppress-bibliography: true\nreferences:\n${refs}---\n\n[vgl. @a, 3; außerdem @b, S. 6 f.] and @b [p. 4, emphasis added].\n`)
  // pandoc 2.17 --citeproc gives the same.
  expect(html).toContain('(vgl. <a href="#ref-a" role="doc-biblioref">Doe, 2000, p. 3</a>; außerdem <a href="#ref-b" role="doc-biblioref">Roe, 2000</a>, S. 6 f.)')
  expect(html).toContain('Roe (<a href="#ref-b" role="doc-biblioref">2000, p. 4</a>, emphasis added)')
})

/** The bibliography entries' text handout prints with a style of its own, for the front matter's references. */
async function entriesWith(style: string, references: string): Promise<string[]> {
  const dir = mkdtempSync(join(tmpdir(), 'handout-style-'))
  try {
    writeFileSync(join(dir, 's.csl'), style)
    writeFileSync(join(dir, 'doc.md'), `---\ncsl: s.csl\nnocite: '@*'\nreferences:\n${references}---\n`)
    const [result] = await build([join(dir, 'doc.md')], {outDir: dir, cache: false, root: dir})
    return [...readFileSync(result!.html!, 'utf8').matchAll(/<div class="csl-entry"[^>]*>(.*?)<\/div>/g)].map((m) => m[1]!)
  } finally {
    rmSync(dir, {recursive: true, force: true})
  }
}

const styleWith = (macros: string, layout: string): string => `<?xml version="1.0" encoding="utf-8"?>
<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0">
  <info><id>t</id><title>t</title><updated>2020-01-01T00:00:00+00:00</updated></info>
  ${macros}
  <citation><layout><text variable="title"/></layout></citation>
  <bibliography><layout>${layout}</layout></bibliography>
</style>`

it('tests a variable a substitute printed as empty for the rest of the entry, as Pandoc does', async () => {
  const style = styleWith(
    '',
    `<group delimiter=". ">
      <choose><if variable="editor"><text value="editor before"/></if></choose>
      <names variable="author"><substitute><names variable="editor"/><text variable="title"/></substitute></names>
      <choose><if variable="editor"><text value="edited"/></if><else><text value="not edited"/></else></choose>
      <choose><if variable="title"><text variable="title"/></if><else><text value="no title"/></else></choose>
    </group>`
  )
  const entries = await entriesWith(
    style,
    '- {id: ed, type: book, editor: [{family: Doe, given: Jane}], title: Edited}\n- {id: alone, type: book, title: Alone}\n- {id: au, type: book, author: [{family: Roe, given: Ann}], editor: [{family: Poe, given: Ed}], title: Both}\n'
  )
  // pandoc 2.17 (`pandoc --citeproc -t plain`) prints these three lines.
  expect(entries).toEqual(['editor before. Jane Doe. not edited. Edited', 'Alone. not edited. no title', 'editor before. Ann Roe. edited. Both'])
})

it("suppresses a group whose variables are empty although a child group printed a term, but not when a macro did (CSL 1.0.2, Pandoc; citeproc-js kept IEEE's '[Online].')", async () => {
  const style = styleWith(
    '<macro name="no-date"><choose><if variable="issued" match="none"><text term="no date"/></if></choose></macro>',
    `<text variable="title" suffix="."/>
    <group delimiter=". " suffix=".">
      <group delimiter=": "><text term="accessed"/><date variable="accessed" form="text"/></group>
      <group prefix="[" suffix="]"><text term="online"/></group>
    </group>
    <group delimiter=" " prefix="(" suffix=")">
      <date variable="issued"><date-part name="year"/></date>
      <text macro="no-date"/>
    </group>
    <group delimiter=" " prefix="{" suffix="}">
      <date variable="issued"><date-part name="year"/></date>
      <group><text term="no date"/></group>
    </group>`
  )
  const entries = await entriesWith(style, "- {id: a, type: webpage, title: Page, URL: 'http://x'}\n- {id: b, type: webpage, title: Visited, accessed: 2020-05-01}\n")
  // pandoc 2.17 (`pandoc --citeproc -t plain`) prints these two lines.
  expect(entries).toEqual(['Page.(no date)', 'Visited.accessed: May 1, 2020. [online].(no date)'])
})

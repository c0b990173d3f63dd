/**
 * The public API as an installed user imports it: the package's own name,
 * resolved through package.json's `exports` to the built `dist/index.js`
 * (`npm run build` first; `npm test` does). What it exports, and that each
 * export works on its own.
 */
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {tmpdir} from 'node:os'
import {afterAll, describe, expect, it} from 'vitest'
// @ts-expect-error -- the package ships JavaScript only (no .d.ts yet); its types are src/index.ts's, asserted below.
import * as built from 'handout'

const handout = built as typeof import('../../src/index.js')

const dir = mkdtempSync(join(tmpdir(), 'handout-api-'))
afterAll(() => rmSync(dir, {recursive: true, force: true}))

const MANUSCRIPT = `---
title: API
references:
- {id: doe2020, type: book, author: [{family: Doe, given: Jane}], title: A book, issued: 2020, publisher: P}
---

As @doe2020 shows [@doe2020, p. 3].
`

describe('the package entry', () => {
  it('exports createProcessor, build and HandoutError, and nothing by accident', () => {
    expect(Object.keys(handout).sort()).toEqual(['HandoutError', 'build', 'createProcessor'])
    expect(typeof handout.createProcessor).toBe('function')
    expect(typeof handout.build).toBe('function')
    expect(new handout.HandoutError('x', {ruleId: 'r'})).toBeInstanceOf(Error)
  })

  it('createProcessor() turns Markdown with citations into HTML with Pandoc’s classes', async () => {
    const file = await handout.createProcessor({root: dir}).process({value: MANUSCRIPT, path: join(dir, 'doc.md')})
    const html = String(file)
    expect(html).toContain('As <span class="citation" data-cites="doe2020">Doe (2020)</span> shows <span class="citation" data-cites="doe2020">(Doe 2020, 3)</span>.')
    expect(html).toMatch(/<div class="csl-entry" id="ref-doe2020" role="listitem">Doe, Jane\. 2020\. <i>A Book<\/i>\. P\.<\/div>/)
    expect(file.messages).toEqual([])
  })

  it('build() writes the HTML and reports each document, with a clear message for a bad one', async () => {
    writeFileSync(join(dir, 'good.md'), MANUSCRIPT)
    writeFileSync(join(dir, 'bad.md'), '---\ncsl: no-such-style\n---\n\nText.\n')
    const results = await handout.build([join(dir, 'good.md'), join(dir, 'bad.md')], {outDir: join(dir, 'out'), formats: ['html'], cache: false, root: dir})
    const [good, bad] = results
    expect(good!.ok).toBe(true)
    expect(readFileSync(good!.html!, 'utf8')).toContain('id="ref-doe2020"')
    expect(bad!.ok).toBe(false)
    const [message] = bad!.file.messages
    expect(message).toMatchObject({ruleId: 'unknown-style', fatal: true, line: 2, column: 6})
  })
})

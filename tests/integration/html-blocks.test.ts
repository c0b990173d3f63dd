import {mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {tmpdir} from 'node:os'
import {expect, it} from 'vitest'
import {build} from '../../src/build/index.js'

it('places a citation read inside an HTML block at its line and column in the manuscript', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'handout-html-'))
  try {
    const input = join(dir, 'doc.md')
    writeFileSync(input, 'Para.\n\n<table><tr><td>[@nosuch]</td></tr>\n<tr><td>x\n[@other]</td></tr></table>\n')
    const [result] = await build([input], {outDir: join(dir, 'out'), formats: ['html'], root: dir})
    const places = result!.file.messages.filter((m) => m.ruleId === 'unknown-key').map((m) => `${m.line}:${m.column} ${m.reason}`)
    expect(places).toEqual(['3:17 Unknown citation key `nosuch`', '5:2 Unknown citation key `other`'])
  } finally {
    rmSync(dir, {recursive: true, force: true})
  }
})

import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {tmpdir} from 'node:os'
import {describe, expect, it} from 'vitest'
import {FromError, readFrom} from '../../src/config/from.js'
import {build} from '../../src/build/index.js'
import {parseArgs, UsageError} from '../../src/cli/parse-args.js'

describe('--from', () => {
  it("reads Pandoc's format names and extension toggles", () => {
    expect(readFrom(undefined)).toMatchObject({smart: true, citations: true, tex_math_dollars: true, pandoc: true})
    expect(readFrom('markdown-smart-citations')).toMatchObject({smart: false, citations: false, pandoc: true})
    expect(readFrom('gfm')).toMatchObject({smart: false, citations: false, gfm: true, autolink_bare_uris: true, pandoc: false})
    expect(readFrom('commonmark+tex_math_dollars')).toMatchObject({tex_math_dollars: true, gfm: false, pandoc: false})
    expect(() => readFrom('markdwn')).toThrow(FromError)
    expect(() => readFrom('gfm+emoji')).toThrow(/Unknown extension `emoji`.*smart, citations/)
    expect(() => parseArgs(['build', 'a.md', '--from', 'latex'])).toThrow(UsageError)
    expect(parseArgs(['build', 'a.md', '--from', 'gfm-citations'])).toMatchObject({from: 'gfm-citations'})
  })

  it('builds a README with @handles as GFM does, without a warning', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'handout-from-'))
    try {
      const input = join(dir, 'README.md')
      writeFileSync(input, '# Tool\n\nThanks to @octocat, see https://example.org and "quotes" -- as typed, $5 and $6.\n\n| a | b |\n|---|---|\n| 1 | 2 |\n')
      const [gfm] = await build([input], {outDir: join(dir, 'gfm'), from: 'gfm', root: dir})
      expect(gfm!.file.messages.map((m) => m.reason)).toEqual([])
      const html = readFileSync(join(dir, 'gfm', 'README.html'), 'utf8')
      expect(html).toContain('Thanks to @octocat')
      expect(html).toContain('<a href="https://example.org">https://example.org</a>')
      expect(html).toContain('"quotes" -- as typed')
      expect(html).toContain('<table>')
      const [markdown] = await build([input], {outDir: join(dir, 'md'), root: dir})
      expect(markdown!.file.messages.map((m) => m.ruleId)).toContain('unknown-key')
      expect(readFileSync(join(dir, 'md', 'README.html'), 'utf8')).toContain('“quotes” – as typed')
    } finally {
      rmSync(dir, {recursive: true, force: true})
    }
  })
})

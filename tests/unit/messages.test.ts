/**
 * The message catalogue (src/messages.ts) lists every rule the code uses, and
 * the README explains each one at the anchor `--json` links to.
 */
import {readdirSync, readFileSync} from 'node:fs'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {VFile} from 'vfile'
import {MESSAGES, ruleUrl} from '../../src/messages.js'
import {jsonReport} from '../../src/cli/report.js'
import type {BuildResult} from '../../src/build/index.js'

function sources(dir: string): string[] {
  return readdirSync(dir, {withFileTypes: true}).flatMap((entry) =>
    entry.isDirectory() ? sources(join(dir, entry.name)) : entry.name.endsWith('.ts') ? [join(dir, entry.name)] : []
  )
}

/** Rule ids as the code writes them: `ruleId: 'x'`, and the rule argument of files.ts's `refuse` and bibliography.ts's `warn`. */
function rulesInCode(): Set<string> {
  const found = new Set<string>()
  for (const path of sources('src')) {
    const text = readFileSync(path, 'utf8')
    for (const match of text.matchAll(/ruleId: '([a-z-]+)'/g)) found.add(match[1]!)
    for (const match of text.matchAll(/\b(?:refuse|warn)\(\s*(?:`[^`]*`|'[^']*'),\s*'([a-z-]+)'/g)) found.add(match[1]!)
    // A rule on a line of its own, as the second argument of a call spread over lines.
    if (/\b(?:refuse|warn)\($/m.test(text)) for (const match of text.matchAll(/^\s+'([a-z]+-[a-z-]+)',$/gm)) found.add(match[1]!)
  }
  return found
}

describe('the message catalogue', () => {
  const catalogued = new Set(Object.keys(MESSAGES))
  const readme = readFileSync('README.md', 'utf8')
  const anchors = new Set([...readme.matchAll(/<a id="rule-([a-z-]+)"><\/a>/g)].map((m) => m[1]!))

  it('has every rule the code gives', () => {
    const inCode = rulesInCode()
    expect([...inCode].filter((id) => !catalogued.has(id))).toEqual([])
    // And the other way: no rule is catalogued that the code never gives.
    const code = sources('src').filter((path) => !path.endsWith('messages.ts')).map((path) => readFileSync(path, 'utf8')).join('\n')
    expect([...catalogued].filter((id) => !code.includes(`'${id}'`))).toEqual([])
    // The scan sees the rules it should (it is not vacuous).
    expect(inCode.size).toBeGreaterThan(50)
  })

  it('is explained in the README, rule for rule', () => {
    expect([...catalogued].filter((id) => !anchors.has(id))).toEqual([])
    expect([...anchors].filter((id) => !catalogued.has(id))).toEqual([])
  })

  it('gives --json a link to the rule and what was probably meant', () => {
    const file = new VFile({path: 'doc.md'})
    const message = file.message('Unknown citation key `krystal2091`, did you mean `krystal2019`?', {place: {line: 3, column: 5}, ruleId: 'unknown-key', source: 'handout'})
    message.expected = ['krystal2019']
    const result = {input: 'doc.md', file, ok: true, cached: false, outputs: [], milliseconds: 1} as unknown as BuildResult
    const [reported] = (JSON.parse(jsonReport([result], 0.1)) as {documents: Array<{messages: Array<Record<string, unknown>>}>}).documents[0]!.messages
    expect(reported).toMatchObject({file: 'doc.md', line: 3, column: 5, ruleId: 'unknown-key', expected: ['krystal2019']})
    expect(reported!.url).toBe(ruleUrl('unknown-key'))
    expect(String(reported!.url)).toMatch(/^file:\/\/.*README\.md#rule-unknown-key$/)
  })
})

describe('did you mean', () => {
  it('counts a swap of two neighbouring characters as one edit, so the transposed key comes first', async () => {
    const {closest, editDistance} = await import('../../src/errors.js')
    expect(editDistance('krystal2091', 'krystal2019')).toBe(1)
    expect(editDistance('krystal2091', 'krystal2013')).toBe(2)
    expect(editDistance('kitten', 'sitting')).toBe(3)
    expect(editDistance('', 'abc')).toBe(3)
    expect(closest('krystal2091', ['krystal2013', 'krystal2019', 'li2010'])).toEqual(['krystal2019', 'krystal2013'])
  })
})

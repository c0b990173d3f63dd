/**
 * Golden fixtures: tests/fixtures/<case>/input.md -> output.html + messages.txt.
 * `UPDATE=1 npx vitest run tests/fixtures.test.ts` rewrites them; review the diff.
 */
import {existsSync, readdirSync, readFileSync, writeFileSync, rmSync, mkdtempSync} from 'node:fs'
import {join} from 'node:path'
import {homedir, tmpdir} from 'node:os'
import {describe, expect, it} from 'vitest'
import {build} from '../src/build/index.js'
import {formatMessage} from '../src/cli/report.js'
import {VERSION} from '../src/version.js'

const root = join(import.meta.dirname, 'fixtures')
const update = 'UPDATE' in process.env
const cases = readdirSync(root, {withFileTypes: true}).filter((d) => d.isDirectory()).map((d) => d.name).sort()

describe('fixtures', () => {
  for (const name of cases) {
    it(name, async () => {
      const out = mkdtempSync(join(tmpdir(), 'handout-fixture-'))
      const input = join('tests', 'fixtures', name, 'input.md')
      const [result] = await build([input], {outDir: out})
      // Mask machine-specific paths so goldens hold on any clone.
      const messages = result!.file.messages
        .map((m) => formatMessage(m, input))
        .join('\n')
        .replaceAll(process.cwd(), '<project>')
        .replaceAll(homedir(), '<home>') + '\n'
      const htmlPath = join(out, 'input.html')
      // The stylesheet and handout's version are not what a fixture is about: a release changes neither golden.
      const html = existsSync(htmlPath)
        ? readFileSync(htmlPath, 'utf8')
            .replace(/<style>[\s\S]*?<\/style>/g, '<style>…</style>')
            .replaceAll(`content="handout ${VERSION}"`, 'content="handout <version>"')
        : ''
      rmSync(out, {recursive: true, force: true})
      const expectedHtml = join(root, name, 'output.html')
      const expectedMessages = join(root, name, 'messages.txt')
      if (update) {
        if (html) writeFileSync(expectedHtml, html)
        else rmSync(expectedHtml, {force: true})
        writeFileSync(expectedMessages, messages)
      }
      expect(messages).toBe(readFileSync(expectedMessages, 'utf8'))
      if (html || existsSync(expectedHtml)) expect(html).toBe(readFileSync(expectedHtml, 'utf8'))
      // No output for failed documents.
      expect(Boolean(html)).toBe(result!.ok)
    })
  }
})

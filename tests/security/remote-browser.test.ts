/**
 * Every byte the print page sees comes through handout (sealed-page.ts), so a
 * browser that shares no filesystem with handout prints the same: here a
 * Chromium in a mount namespace of its own (`unshare`) where the project
 * folder and handout's install are empty folders. And several such browsers:
 * a batch is spread over them, and when one is lost its documents are printed
 * by the others.
 */
import {spawn, spawnSync, type ChildProcess} from 'node:child_process'
import {cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join, resolve} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {getDocument} from 'pdfjs-dist/legacy/build/pdf.mjs'
import {findBrowser} from '../../src/paginate/browser.js'

const cli = resolve('dist/cli.js')
const executable = findBrowser()?.executablePath
/** Can this machine make a mount namespace (root, or unprivileged user namespaces)? */
const unshare = spawnSync('unshare', ['--mount', '--propagation', 'private', 'true']).status === 0
const why = !executable ? 'no browser' : !unshare ? '`unshare --mount` is not permitted here (run the test as root, or where user namespaces are allowed)' : ''

let base: string
let project: string
const browsers: ChildProcess[] = []

/**
 * A Chromium in a mount namespace where `hidden` folders are empty tmpfs
 * mounts; resolves with its DevTools WebSocket address.
 */
async function isolatedBrowser(hidden: string[]): Promise<{endpoint: string; child: ChildProcess}> {
  const profile = mkdtempSync('/dev/shm/handout-remote-')
  const script = [
    ...hidden.map((dir) => `mount -t tmpfs tmpfs '${dir}'`),
    // The proof: inside, the project's files do not exist.
    ...hidden.map((dir) => `test -z "$(ls -A '${dir}')" || exit 90`),
    `exec '${executable}' --headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage --no-first-run --remote-debugging-port=0 --user-data-dir='${profile}' about:blank`
  ].join(' && ')
  const child = spawn('unshare', ['--mount', '--propagation', 'private', 'sh', '-c', script], {stdio: ['ignore', 'ignore', 'pipe'], env: {...process.env, TMPDIR: profile}})
  browsers.push(child)
  const endpoint = await new Promise<string>((done, fail) => {
    let output = ''
    child.stderr!.on('data', (chunk: Buffer) => {
      output += chunk.toString()
      const match = /DevTools listening on (ws:\/\/\S+)/.exec(output)
      if (match) done(match[1]!)
    })
    child.on('exit', (code) => fail(new Error(`the isolated browser exited (${code}): ${output.slice(-500)}`)))
  })
  return {endpoint, child}
}

function run(args: string[]) {
  const result = spawnSync(process.execPath, [cli, ...args], {cwd: project, encoding: 'utf8', timeout: 120_000})
  return {code: result.status, stdout: result.stdout, stderr: result.stderr}
}

async function load(path: string): Promise<{text: string; images: number}> {
  const pdf = await getDocument({data: new Uint8Array(readFileSync(path)), isEvalSupported: false}).promise
  let text = ''
  let images = 0
  const {OPS} = await import('pdfjs-dist/legacy/build/pdf.mjs')
  for (let n = 1; n <= pdf.numPages; n++) {
    const page = await pdf.getPage(n)
    text += (await page.getTextContent()).items.map((i) => ('str' in i ? i.str : '')).join('') + '\n'
    images += (await page.getOperatorList()).fnArray.filter((op) => op === OPS.paintImageXObject).length
  }
  return {text: text.replace(/\u00ad/g, ''), images}
}

beforeAll(() => {
  base = mkdtempSync(join(tmpdir(), 'handout-remote-'))
  project = join(base, 'project')
  cpSync(resolve('manuscripts'), join(project, 'manuscripts'), {recursive: true})
  // A local image, which only handout can hand to the browser.
  const png = Buffer.from(
    '89504e470d0a1a0a0000000d49484452000000100000001008020000009091683600000017494441547801636460f8cfc0c0c4c0f01f0f6064a0ab0300e6bd0ff1b3b4d9f00000000049454e44ae426082',
    'hex'
  )
  writeFileSync(join(project, 'manuscripts/figure.png'), png)
  writeFileSync(join(project, 'manuscripts/with-image.md'), '---\ntitle: With an image\n---\n\nA figure:\n\n![A red square](figure.png)\n\nText after.\n')
})

afterAll(async () => {
  await Promise.all(browsers.map((child) => (child.exitCode === null && child.signalCode === null ? new Promise((done) => child.once('exit', done).kill('SIGKILL')) : undefined)))
  rmSync(base, {recursive: true, force: true})
  for (const name of readdirSync('/dev/shm').filter((n) => n.startsWith('handout-remote-'))) rmSync(join('/dev/shm', name), {recursive: true, force: true, maxRetries: 5})
})

describe.skipIf(Boolean(why))(`a browser that shares no filesystem with handout${why ? ` (skipped: ${why})` : ''}`, () => {
  it('prints the sample and a local image through --browser-endpoint, as a local browser does', async () => {
    const {endpoint} = await isolatedBrowser([base, resolve('.')])
    const remote = run(['build', 'manuscripts/ketamine-paradigm-shift.md', 'manuscripts/with-image.md', '-o', 'remote', '--browser-endpoint', endpoint])
    expect(remote.stderr).toBe('')
    expect(remote.code).toBe(0)
    const local = run(['build', 'manuscripts/ketamine-paradigm-shift.md', 'manuscripts/with-image.md', '-o', 'local'])
    expect(local.code).toBe(0)
    for (const name of ['ketamine-paradigm-shift', 'with-image']) {
      const a = await load(join(project, 'remote', `${name}.pdf`))
      const b = await load(join(project, 'local', `${name}.pdf`))
      expect(a.text, name).toBe(b.text)
      expect(a.images, name).toBe(b.images)
    }
    expect((await load(join(project, 'remote/with-image.pdf'))).images).toBe(1)
    // Fonts came through too: the sample is set in Source Serif 4, not a fallback.
    expect(readFileSync(join(project, 'remote/ketamine-paradigm-shift.pdf')).toString('latin1')).toContain('SourceSerif4')
  }, 120_000)

  it('spreads a batch over several browsers, and moves a lost browser\'s documents to the others', async () => {
    for (let i = 0; i < 16; i++) writeFileSync(join(project, `manuscripts/batch-${String(i).padStart(2, '0')}.md`), `---\ntitle: Batch ${i}\n---\n\n# Part ${i}\n\nText ${i}.\n`)
    const [a, b] = await Promise.all([isolatedBrowser([base]), isolatedBrowser([base])])
    const {default: puppeteer} = await import('puppeteer')
    const opened = [0, 0]
    const watchers = await Promise.all([a, b].map((browser, i) => puppeteer.connect({browserWSEndpoint: browser.endpoint}).then((connected) => {
      connected.on('targetcreated', (target) => target.type() === 'page' && opened[i]!++)
      return connected
    })))
    const child = spawn(process.execPath, [cli, 'build', ...Array.from({length: 16}, (_, i) => `manuscripts/batch-${String(i).padStart(2, '0')}.md`), '-o', 'spread', '--jobs', '1', '--browser-endpoint', a.endpoint, '--browser-endpoint', b.endpoint], {cwd: project})
    let stderr = ''
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk))
    const done = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
    // Lose one browser in the middle of the batch.
    while (!existsSync(join(project, 'spread/batch-03.pdf'))) await new Promise((wait) => setTimeout(wait, 25))
    // (unshare and sh exec'd the browser: the child is its main process.)
    a.child.kill('SIGKILL')
    expect(await done, stderr).toBe(0)
    for (let i = 0; i < 16; i++) expect(existsSync(join(project, `spread/batch-${String(i).padStart(2, '0')}.pdf`)), `batch-${i}`).toBe(true)
    expect(opened[0]).toBeGreaterThan(0)
    expect(opened[1]).toBeGreaterThan(0)
    await Promise.allSettled(watchers.map((w) => w.disconnect()))
  }, 120_000)
})

/**
 * Large, broken and interrupted runs, as a user meets them, from a project
 * folder of its own: content that does not fit on a page, a failed PDF, named
 * stylesheets outside the repository, broken CSL styles, signals, killed runs,
 * concurrent builds, and the small bad inputs (each with its place).
 */
import {spawn, spawnSync, type ChildProcess} from 'node:child_process'
import {cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join, resolve} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {getDocument} from 'pdfjs-dist/legacy/build/pdf.mjs'
import {findBrowser} from '../../src/paginate/browser.js'

const cli = resolve('dist/cli.js')
const hasBrowser = Boolean(findBrowser())
let project: string

function run(args: string[], cwd = project, env: NodeJS.ProcessEnv = {}) {
  const result = spawnSync(process.execPath, [cli, ...args], {cwd, encoding: 'utf8', env: {...process.env, ...env}, timeout: 120_000})
  return {code: result.status, stdout: result.stdout, stderr: result.stderr}
}

function write(path: string, text: string): void {
  mkdirSync(join(project, path, '..'), {recursive: true})
  writeFileSync(join(project, path), text)
}

async function pdfText(path: string): Promise<string> {
  const pdf = await getDocument({data: new Uint8Array(readFileSync(path)), isEvalSupported: false}).promise
  let text = ''
  for (let n = 1; n <= pdf.numPages; n++) text += (await (await pdf.getPage(n)).getTextContent()).items.map((i) => ('str' in i ? i.str : '')).join(' ') + '\n'
  // Soft hyphens from print hyphenation.
  return text.replace(/\u00ad/g, '')
}

/** A long manuscript: `paragraphs` paragraphs, each with two citations. */
function long(paragraphs: number): string {
  const bib = Array.from({length: 50}, (_, i) => `@article{k${i}, author = {Author${i}, A.}, title = {Title ${i}}, journal = {J}, year = {${1990 + i}}}`).join('\n')
  write('long/refs.bib', bib)
  const body = Array.from({length: paragraphs}, (_, i) => `Paragraph ${i} with words and more words [@k${i % 50}, p. ${i}; @k${(i * 7) % 50}] and @k${(i * 3) % 50} said.`).join('\n\n')
  return `---\ntitle: Long\nbibliography: refs.bib\n---\n\n${body}\n`
}

function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((done) => child.on('exit', (code) => done(code)))
}

/** The launcher's worker process, once it has started (polled: start-up time depends on the machine's load). */
async function workerOf(child: ChildProcess): Promise<number> {
  for (let i = 0; i < 600; i++) {
    const pid = Number(spawnSync('pgrep', ['-P', String(child.pid)], {encoding: 'utf8'}).stdout.trim().split('\n')[0])
    if (pid > 0) return pid
    await new Promise((wait) => setTimeout(wait, 50))
  }
  return 0
}

/** Is the process gone (a zombie counts as gone: it runs no more)? */
function gone(pid: number): boolean {
  try {
    return /\bZ\b/.test(readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.slice(0, 2) ?? 'Z')
  } catch {
    return true
  }
}

beforeAll(() => {
  project = mkdtempSync(join(tmpdir(), 'handout-reliability-'))
})
afterAll(() => rmSync(project, {recursive: true, force: true}))

describe.runIf(hasBrowser)('print', () => {
  it('breaks a block that may not break when it is taller than a page, instead of losing it (D4)', async () => {
    write('tall.md', '---\ntitle: Tall\n---\n\n<div style="height:400mm;break-inside:avoid">\n\nFirst block text.\n\n</div>\n\n<div style="height:400mm;break-inside:avoid">\n\nSecond block text.\n\n</div>\n')
    const {code, stderr} = run(['build', 'tall.md', '-o', 'out-tall'])
    expect(code).toBe(0)
    const text = (await pdfText(join(project, 'out-tall/tall.pdf'))).replace(/\s+/g, '')
    expect(text).toContain('Firstblocktext.')
    expect(text).toContain('Secondblocktext.')
    expect(stderr).toContain('tall.md:5:1  warning  Taller than a page, so split across pages')
    expect(stderr).toContain('tall.md:11:1  warning  Taller than a page, so split across pages')
  }, 180_000)

  it('leaves the earlier HTML and PDF as they were when the PDF fails (D5)', () => {
    write('loop.md', '---\ntitle: Loop\n---\n\nFirst version.\n')
    expect(run(['build', 'loop.md', '-o', 'out-loop']).code).toBe(0)
    const html = readFileSync(join(project, 'out-loop/loop.html'))
    const pdf = readFileSync(join(project, 'out-loop/loop.pdf'))
    write('loop.md', '---\ntitle: Loop\nscripts: true\n---\n\nSecond version.\n\n<script>while (true) {}</script>\n')
    const failed = run(['build', 'loop.md', '-o', 'out-loop', '--timeout', '3'])
    expect(failed.code).toBe(1)
    expect(failed.stderr).toContain('PDF timed out')
    expect(readFileSync(join(project, 'out-loop/loop.html')).equals(html)).toBe(true)
    expect(readFileSync(join(project, 'out-loop/loop.pdf')).equals(pdf)).toBe(true)
    expect(readdirSync(join(project, 'out-loop')).filter((f) => f.endsWith('.tmp'))).toEqual([])
  }, 180_000)

  it('reports a script error of the page when scripts run, and that scripts did not run when they may not', () => {
    write('throws.md', '---\ntitle: Throws\nscripts: true\n---\n\nText.\n\n<script>setTimeout(() => { throw new Error("boom in the page") })</script>\n')
    write('quiet.md', '---\ntitle: Quiet\n---\n\nText.\n\n<script>throw new Error("never runs")</script>\n')
    const {code, stderr} = run(['build', 'throws.md', 'quiet.md', '-o', 'out-scripts', '--format', 'pdf'])
    expect(code).toBe(0)
    expect(stderr).toContain('throws.md  warning  Script error in the print page: boom in the page  print-script-error')
    expect(stderr).toContain('quiet.md:7:1  warning  Scripts are not run in print: 1 script or event handler')
  }, 180_000)
})

describe('named stylesheets and packets outside the repository (D6)', () => {
  it('finds `compact` and `handout` in handout\'s own styles from any folder', () => {
    write('d6/plain.md', '---\ntitle: Compact\nstylesheet: compact\n---\n\nText.\n')
    const {code, stderr} = run(['build', 'd6/plain.md', '-o', 'out-d6', '--format', 'html'])
    expect(stderr).toBe('')
    expect(code).toBe(0)
    expect(readFileSync(join(project, 'out-d6/plain.html'), 'utf8')).toContain('font-size')
  })

  it('binds the sample packet from another folder with --root', () => {
    const repository = join(project, 'repository')
    for (const dir of ['manuscripts', 'packets']) cpSync(resolve(dir), join(repository, dir), {recursive: true})
    const elsewhere = mkdtempSync(join(tmpdir(), 'handout-elsewhere-'))
    const refused = run(['packet', join(repository, 'packets/ketamine-reading-packet.yml'), '-o', 'out', '--format', 'html'], elsewhere)
    expect(refused.code).toBe(1)
    expect(refused.stderr).toContain('--root')
    const {code, stderr} = run(['packet', join(repository, 'packets/ketamine-reading-packet.yml'), '-o', 'out', '--format', 'html', '--root', repository], elsewhere)
    expect(stderr).toBe('')
    expect(code).toBe(0)
    expect(existsSync(join(elsewhere, 'out/ketamine-reading-packet.html'))).toBe(true)
    rmSync(elsewhere, {recursive: true, force: true})
  })

  it('points the packet HTML at its cover with a relative URL (D10)', () => {
    write('d10/a.md', '---\ntitle: A\n---\n\nText.\n')
    writeFileSync(join(project, 'd10/cover.png'), Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex'))
    write('d10/p.yml', 'title: X\ncover: cover.png\narticles: [a.md]\n')
    expect(run(['packet', 'd10/p.yml', '-o', 'out-d10', '--format', 'html']).code).toBe(0)
    expect(readFileSync(join(project, 'out-d10/p.html'), 'utf8')).toContain('src="../d10/cover.png"')
  })
})

describe('images the manuscript names', () => {
  it('are linked from the HTML relative to its folder; a missing one is a warning at its place', () => {
    write('img/doc.md', '# Images\n\n![A figure](fig.png)\n\n<img src="sub/missing.png" alt="x">\n')
    writeFileSync(join(project, 'img/fig.png'), Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex'))
    const {code, stderr} = run(['build', 'img/doc.md', '-o', 'out-img', '--format', 'html'])
    expect(code).toBe(0)
    expect(readFileSync(join(project, 'out-img/doc.html'), 'utf8')).toContain('<img src="../img/fig.png" alt="A figure">')
    expect(readFileSync(join(project, 'out-img/doc.html'), 'utf8')).toContain('<img src="sub/missing.png" alt="x">')
    expect(stderr).toContain('img/doc.md:5:6  warning  File not found: `sub/missing.png` (img/sub/missing.png, relative to the manuscript)  resource-missing')
  })
})

describe('CSL styles that cannot be used (D7)', () => {
  const cases: Array<[string, string, RegExp]> = [
    ['malformed', '<?xml version="1.0"?>\n<style xmlns="http://purl.org/net/xbiblio/csl" version="1.0">\n<citation><layout><text variable="title"/></layout>\n</style>\n', /malformed\.csl:4:1 {2}error {2}Not a well-formed CSL style: Expected closing tag 'citation'/],
    ['page', '<!DOCTYPE html>\n<html><body>Not a style</body></html>\n', /page\.csl {2}error {2}Not a CSL style: the file holds <html>, not <style>/],
    ['text', 'just some text\n', /text\.csl:1:1 {2}error {2}Not a well-formed CSL style/],
    ['nolayout', '<style xmlns="http://purl.org/net/xbiblio/csl" version="1.0"><bibliography><layout><text variable="title"/></layout></bibliography></style>\n', /nolayout\.csl {2}error {2}CSL style `nolayout` has no <citation> with a <layout>/],
    ['nomacro', '<style xmlns="http://purl.org/net/xbiblio/csl" version="1.0">\n<citation><layout><text macro="nosuch"/></layout></citation></style>\n', /nomacro\.csl:2:25 {2}error {2}CSL style `nomacro` uses the macro `nosuch`, which it does not define/]
  ]
  it('is an error at its place in the style, with what to do, and no stack trace', () => {
    for (const [name, xml, message] of cases) {
      write(`d7/${name}.csl`, xml)
      write(`d7/${name}.md`, `---\ncsl: ${name}.csl\nreferences:\n- {id: a, title: T, type: book}\n---\n\nText [@a].\n`)
      const {code, stderr} = run(['build', `d7/${name}.md`, '-o', 'out-d7', '--format', 'html'])
      expect(code, name).toBe(1)
      expect(stderr, name).toMatch(message)
      expect(stderr, name).not.toMatch(/Internal error|\n\s+at /)
    }
  })

  it('reads a dependent style through its parent', () => {
    write('d7/dependent.md', '---\ncsl: 2d-materials\nreferences:\n- {id: a, title: T, type: book, author: [{family: Doe, given: J}], issued: 2020}\n---\n\nText [@a].\n')
    const {code} = run(['build', 'd7/dependent.md', '-o', 'out-d7', '--format', 'html'])
    // The parent (institute-of-physics-numeric) numbers citations.
    // Both are in tests/csl (HANDOUT_CSL_DIR, set by vitest.config.ts).
    expect(code).toBe(0)
    expect(readFileSync(join(project, 'out-d7/dependent.html'), 'utf8')).toMatch(/<span class="citation" data-cites="a">\[1\]/)
  })
})

describe('signals, killed runs and files that never end (D8, D9)', () => {
  it('stops a long build within about a second of SIGTERM, and of Ctrl-C', async () => {
    write('long/long.md', long(4000))
    for (const signal of ['SIGTERM', 'SIGINT'] as const) {
      const child = spawn(process.execPath, [cli, 'build', 'long/long.md', '-o', 'out-long', '--format', 'html', '--force'], {cwd: project})
      const done = exited(child)
      // Once the worker runs (the launcher then forwards signals), and well into the build.
      expect(await workerOf(child)).toBeGreaterThan(0)
      await new Promise((wait) => setTimeout(wait, 1500))
      const sent = performance.now()
      child.kill(signal)
      const code = await done
      // The whole build takes several seconds; stopping comes well before.
      expect(performance.now() - sent, signal).toBeLessThan(3000)
      expect(code, signal).toBe(signal === 'SIGTERM' ? 143 : 130)
    }
    expect(readdirSync(join(project, 'long')).filter((f) => f.endsWith('.tmp'))).toEqual([])
  }, 180_000)

  it.runIf(process.platform === 'linux')('ends the worker when its launcher is killed', async () => {
    const child = spawn(process.execPath, [cli, 'build', 'long/long.md', '-o', 'out-long', '--format', 'html', '--force'], {cwd: project})
    const worker = await workerOf(child)
    expect(worker).toBeGreaterThan(0)
    child.kill('SIGKILL')
    await exited(child)
    for (let i = 0; i < 40 && !gone(worker); i++) await new Promise((wait) => setTimeout(wait, 50))
    expect(gone(worker)).toBe(true)
  }, 120_000)

  it.runIf(hasBrowser)('cleans up after a killed worker: no temporary outputs, no browser profile, finished documents cached', async () => {
    const tmp = join(project, 'tmp-kill')
    mkdirSync(tmp)
    for (let i = 0; i < 40; i++) write(`kill/doc${String(i).padStart(2, '0')}.md`, `---\ntitle: Document ${i}\n---\n\n# Part ${i}\n\nText of document ${i}.\n`)
    const child = spawn(process.execPath, [cli, 'build', 'kill', '-o', 'out-kill', '--jobs', '1'], {cwd: project, env: {...process.env, TMPDIR: tmp}})
    while (!existsSync(join(project, 'out-kill/doc03.pdf'))) await new Promise((wait) => setTimeout(wait, 50))
    // Past the first save of the cache (once a second).
    await new Promise((wait) => setTimeout(wait, 1200))
    const worker = Number(spawnSync('pgrep', ['-P', String(child.pid)], {encoding: 'utf8'}).stdout.trim().split('\n')[0])
    process.kill(worker, 'SIGKILL')
    await exited(child)
    const again = run(['build', 'kill', '-o', 'out-kill', '--jobs', '1'], project, {TMPDIR: tmp})
    expect(again.code).toBe(0)
    const cached = Number(/(\d+) cached/.exec(again.stdout + again.stderr)?.[1])
    expect(cached).toBeGreaterThan(0)
    expect(readdirSync(join(project, 'out-kill')).filter((f) => f.endsWith('.tmp'))).toEqual([])
    expect(readdirSync(tmp).filter((f) => f.startsWith('handout-chromium-'))).toEqual([])
  }, 240_000)

  it('keeps both builds\' cache records when two run into one folder at once', async () => {
    for (const side of ['left', 'right']) for (let i = 0; i < 6; i++) write(`both/${side}/d${i}.md`, `# ${side} ${i}\n\nText.\n`)
    const builds = ['left', 'right'].map((side) => exited(spawn(process.execPath, [cli, 'build', `both/${side}`, '-o', 'out-both', '--format', 'html'], {cwd: project})))
    expect(await Promise.all(builds)).toEqual([0, 0])
    const entries = Object.keys(JSON.parse(readFileSync(join(project, 'out-both/.handout-cache.json'), 'utf8')).entries)
    expect(entries.length).toBe(12)
    expect(run(['build', 'both', '-o', 'out-both', '--format', 'html']).stdout).toMatch(/0 built, 12 cached/)
  }, 180_000)

  it('refuses a manuscript that is a device, a FIFO or too large, without waiting or reading it', () => {
    symlinkSync('/dev/zero', join(project, 'zero.md'))
    spawnSync('mkfifo', [join(project, 'fifo.md')])
    writeFileSync(join(project, 'big.md'), 'x'.repeat(2 * 1024 * 1024))
    const {code, stderr} = run(['build', 'zero.md', 'fifo.md', 'big.md', '-o', 'out-dev', '--format', 'html', '--max-input-size', '1'])
    expect(code).toBe(1)
    expect(stderr).toMatch(/zero\.md {2}error {2}Manuscript .* is outside the project folder .*\(it leads to \/dev\/zero\)/)
    expect(stderr).toMatch(/fifo\.md {2}error {2}Manuscript fifo\.md is not a regular file/)
    expect(stderr).toMatch(/big\.md {2}error {2}Manuscript big\.md is 2\.0 MB, above the limit of 1\.0 MB/)
    // With /dev inside the root, /dev/zero is still no file to read.
    expect(run(['build', 'zero.md', '-o', 'out-dev', '--format', 'html', '--root', '/']).stderr).toMatch(/zero\.md {2}error {2}Manuscript zero\.md is not a regular file/)
  })
})

describe('small bad inputs, each at its place', () => {
  it('a bibliography that is a number is looked for, and missed, at its front-matter line', () => {
    write('minor/number.md', '---\nbibliography: 7\n---\n\nText.\n')
    expect(run(['build', 'minor/number.md', '-o', 'out-minor', '--format', 'html']).stderr).toContain('minor/number.md:2:15  error  Bibliography not found: minor/7')
  })

  it('says a --bibliography path is relative to the working folder', () => {
    write('minor/plain.md', 'Text.\n')
    expect(run(['build', 'minor/plain.md', '-b', 'nowhere.bib', '-o', 'out-minor', '--format', 'html']).stderr).toContain('Bibliography (--bibliography, relative to the working folder) not found: nowhere.bib')
  })

  const bibliographies: Array<[string, string, string, string]> = [
    ['names both lines of a key given twice in one file', 'twice.bib', '@book{a, title = {One}, year = 2000}\n\n@book{a, title = {Two}, year = 2001}\n', 'minor/twice.bib:3:1  warning  Duplicate citation key `a` at minor/twice.bib:3; the entry at minor/twice.bib:1 is used'],
    ['warns of an undefined @string macro at its place', 'macro.bib', '@string{jbio = {Journal of Biology}}\n@article{a, title = {T}, journal = jbiol, year = 2000}\n', 'minor/macro.bib:2:36  warning  Undefined BibTeX string `jbiol`: its name is printed in its place, as Pandoc does'],
    ['refuses a file that is not RIS as a RIS file', 'garbage.ris', 'This is not\na RIS file at all.\n', 'minor/garbage.ris:1:1  error  Not a RIS file'],
    ['reports an unclosed BibTeX entry where it starts, and reads the others', 'open.bib', '@book{a, title = {Fine}, year = 2000}\n\n@article{broken,\n  title = {Never closed,\n  year = 2001\n}\n', 'minor/open.bib:3:1  warning  BibTeX entry `broken` cannot be read: the entry never closes']
  ]
  for (const [title, name, text, expected] of bibliographies) {
    it(title, () => {
      write(`minor/${name}`, text)
      write(`minor/${name}.md`, `---\nbibliography: ${name}\n---\n\n[@a]\n`)
      expect(run(['build', `minor/${name}.md`, '-o', 'out-minor', '--format', 'html']).stderr).toContain(expected)
    })
  }
})

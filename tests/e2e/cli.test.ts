/**
 * The built `handout` command (dist/cli.js, made by `npm run build:code`):
 * exit codes, messages, outputs, and that failures lose nothing.
 */
import {spawnSync} from 'node:child_process'
import {cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join, resolve} from 'node:path'
import {beforeAll, describe, expect, it} from 'vitest'

const cli = resolve('dist/cli.js')

function run(args: string[], cwd: string) {
  const result = spawnSync(process.execPath, [cli, ...args], {cwd, encoding: 'utf8'})
  return {code: result.status, stdout: result.stdout, stderr: result.stderr}
}

let work: string
beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'handout-cli-'))
  cpSync(resolve('manuscripts'), join(work, 'manuscripts'), {recursive: true})
  cpSync(resolve('styles'), join(work, 'styles'), {recursive: true})
})

describe('handout CLI', () => {
  it('builds the sample with every citation resolved', () => {
    const {code, stdout, stderr} = run(['build', 'manuscripts/ketamine-paradigm-shift.md'], work)
    expect(stderr).toBe('')
    expect(code).toBe(0)
    expect(stdout).toContain('out/ketamine-paradigm-shift.html')
    const html = readFileSync(join(work, 'out/ketamine-paradigm-shift.html'), 'utf8')
    expect(html).toContain('<html lang="en-US">')
    expect(html).toContain('<div id="refs" class="references csl-bib-body hanging-indent"')
    expect(html).toMatch(/<div class="csl-entry" id="ref-krystal2019"/)
    expect(html).not.toMatch(/<strong>[^<]*\?<\/strong>/)
    expect((html.match(/class="citation"/g) ?? []).length).toBeGreaterThanOrEqual(12)
    expect(html).toContain('A summary of')
  })

  it('prints the CSL-JSON of a bibliography with `handout refs`, and refuses a Latin-1 file with the fix', () => {
    writeFileSync(join(work, 'refs-cmd.bib'), '@article{k, author = {{\\AA}sberg, Peng-fei}, title = {A {DNA} Study}, journal = {Pharmacology \\& Therapeutics}, year = 2019, number = {1-3}}\n')
    const ok = run(['refs', 'refs-cmd.bib'], work)
    expect(ok.code).toBe(0)
    expect(JSON.parse(ok.stdout)).toEqual([
      {id: 'k', type: 'article-journal', author: [{family: 'Åsberg', given: 'Peng-fei'}], issued: {'date-parts': [[2019]]}, issue: '1-3', title: 'A DNA study', 'container-title': 'Pharmacology & Therapeutics'}
    ])
    writeFileSync(join(work, 'latin1.bib'), Buffer.from([...Buffer.from('@book{a,\n  title = {Abschlu'), 0xdf, ...Buffer.from('}}\n')]))
    const bad = run(['refs', 'latin1.bib'], work)
    expect(bad.code).toBe(1)
    expect(bad.stderr).toContain('latin1.bib:2:19  error  Bibliography is not UTF-8: byte 0xDF at line 2')
    expect(bad.stderr).toContain('iconv -f latin1 -t utf-8')
    expect(bad.stderr).not.toMatch(/\n\s+at /)
  })

  it('gives byte-identical HTML for identical input', () => {
    run(['build', 'manuscripts/ketamine-paradigm-shift.md', '-o', 'a'], work)
    run(['build', 'manuscripts/ketamine-paradigm-shift.md', '-o', 'b'], work)
    expect(readFileSync(join(work, 'a/ketamine-paradigm-shift.html'))).toEqual(readFileSync(join(work, 'b/ketamine-paradigm-shift.html')))
  })

  it('warns on an unknown key with file:line:column and a suggestion; --strict fails and writes nothing', () => {
    writeFileSync(join(work, 'manuscripts/typo.md'), '---\nbibliography: references.bib\n---\n\nSee [@krystal2091].\n')
    const loose = run(['build', 'manuscripts/typo.md', '-o', 'loose'], work)
    expect(loose.code).toBe(0)
    expect(loose.stderr).toContain('manuscripts/typo.md:5:6  warning  Unknown citation key `krystal2091`, did you mean `krystal2019`, `krystal2013`?')
    const strict = run(['build', 'manuscripts/typo.md', '--strict', '-o', 'strict'], work)
    expect(strict.code).toBe(1)
    expect(existsSync(join(work, 'strict/typo.html'))).toBe(false)
  })

  it('keeps earlier outputs and builds the good documents when one fails', () => {
    const out = join(work, 'mixed')
    writeFileSync(join(work, 'manuscripts/broken.md'), '---\ntitle: [oops\n---\n\nText.\n')
    writeFileSync(join(work, 'manuscripts/typo.md'), '---\nbibliography: references.bib\n---\n\nSee [@krystal2019].\n')
    run(['build', 'manuscripts/typo.md', '-o', 'mixed'], work)
    const before = readFileSync(join(out, 'typo.html'))
    // typo.md now breaks: its old output must survive untouched.
    writeFileSync(join(work, 'manuscripts/typo.md'), '---\nbibliography: missing.bib\n---\n\nSee [@krystal2019].\n')
    const {code, stderr} = run(['build', 'manuscripts/broken.md', 'manuscripts/typo.md', 'manuscripts/ketamine-paradigm-shift.md', '-o', 'mixed'], work)
    expect(code).toBe(1)
    expect(stderr).toMatch(/manuscripts\/broken\.md:2:\d+ {2}error {2}Malformed YAML front matter/)
    // At the front-matter line that names it.
    expect(stderr).toContain('manuscripts/typo.md:2:15  error  Bibliography not found: manuscripts/missing.bib  file-missing')
    expect(stderr).not.toMatch(/\n\s+at /)
    expect(stderr).toMatch(/1 built, 0 cached, 2 failed \(\d+\.\d s\)/)
    expect(readFileSync(join(out, 'typo.html'))).toEqual(before)
    expect(existsSync(join(out, 'ketamine-paradigm-shift.html'))).toBe(true)
    expect(readdirSync(out).filter((f) => f.endsWith('.tmp'))).toEqual([])
  })

  it('fails clearly on binary, empty and missing inputs', () => {
    writeFileSync(join(work, 'bin.md'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 1, 2]))
    writeFileSync(join(work, 'empty.md'), '')
    const {code, stderr} = run(['build', 'bin.md', 'empty.md', 'nope.md'], work)
    expect(code).toBe(1)
    expect(stderr).toContain('bin.md  error  Binary file, not Markdown text')
    expect(stderr).toContain('empty.md  error  File is empty')
    expect(stderr).toContain('nope.md  error  No such file')
  })

  it('answers usage errors with exit code 2', () => {
    expect(run(['build', '--nope'], work).code).toBe(2)
    expect(run(['frobnicate'], work).code).toBe(2)
    expect(run(['--help'], work).stdout).toContain('handout build')
    expect(run(['--version'], work).stdout).toMatch(/^handout \d+\.\d+\.\d+/)
  })

  it('lists styles with their places, and takes --csl and --bibliography', () => {
    const styles = run(['styles', 'chicago-a'], work)
    expect(styles.code).toBe(0)
    // The tests' own styles stand in for the system's (HANDOUT_CSL_DIR, set by vitest.config.ts).
    expect(styles.stdout).toContain('CSL styles of HANDOUT_CSL_DIR')
    expect(styles.stdout).toMatch(/chicago-annotated-bibliography\s+\S+\/tests\/csl\/styles\/chicago-annotated-bibliography\.csl/)
    // Without it, Debian's folder is searched (present or not).
    const debian = spawnSync(process.execPath, [cli, 'styles', 'chicago-a'], {cwd: work, encoding: 'utf8', env: {...process.env, HANDOUT_CSL_DIR: ''}})
    expect(debian.stdout).toContain('system CSL styles (Debian citation-style-language-styles) (/usr/share/citation-style-language/styles)')
    // The default style: handout's own copy, found before the system's.
    expect(styles.stdout).toMatch(/chicago-author-date\s+\S+\/styles\/csl\/chicago-author-date\.csl/)
    writeFileSync(join(work, 'plain.md'), 'Claim [@li2010].\n')
    const built = run(['build', 'plain.md', '--csl', 'ieee', '-b', 'manuscripts/references.bib', '-o', 'flags'], work)
    expect(built.code).toBe(0)
    expect(readFileSync(join(work, 'flags/plain.html'), 'utf8')).toContain('>[1]</span>')
  })
})

describe('one build, many documents', () => {
  it('gives each document the same HTML as building it alone (engines are reused, state is not)', () => {
    const names = ['ketamine-paradigm-shift', 'second', 'third']
    writeFileSync(join(work, 'manuscripts/second.md'), '---\nbibliography: references.bib\ncsl: ieee\n---\n\n[@zanos2016; @li2010] then [@krystal2019].\n')
    writeFileSync(join(work, 'manuscripts/third.md'), '---\nbibliography: references.bib\nnocite: "@dattani2022"\n---\n\n@li2010 and [@berman2000].\n')
    const inputs = names.map((n) => `manuscripts/${n}.md`)
    // HTML only: the PDF is the same printer either way, and four browser starts outran the timeout on a slow machine.
    expect(run(['build', ...inputs, '-f', 'html', '-o', 'together'], work).code).toBe(0)
    for (const [i, name] of names.entries()) {
      expect(run(['build', inputs[i]!, '-f', 'html', '-o', `alone-${i}`], work).code).toBe(0)
      expect(readFileSync(join(work, `together/${name}.html`), 'utf8')).toBe(readFileSync(join(work, `alone-${i}/${name}.html`), 'utf8'))
    }
  })
})

describe('start-up snapshot (dist/handout.blob)', () => {
  const plain = (args: string[], env: NodeJS.ProcessEnv = {}) => {
    const result = spawnSync(process.execPath, [cli, ...args], {cwd: work, encoding: 'utf8', env: {...process.env, ...env}})
    // Timings differ from run to run.
    const mask = (text: string): string => text.replace(/\(\d+ ms\)|\(\d+\.\d s\)/g, '(time)')
    return {code: result.status, stdout: mask(result.stdout), stderr: mask(result.stderr)}
  }

  it('is what `handout` starts from, and `handout doctor` says so', () => {
    expect(existsSync(resolve('dist/snapshot.json')), 'npm run build:code makes the snapshot').toBe(true)
    expect(plain(['doctor']).stdout).toContain('ok   start-up snapshot: in use')
    expect(plain(['doctor'], {HANDOUT_SNAPSHOT: '0'}).stdout).toContain('note start-up snapshot: not used, HANDOUT_SNAPSHOT=0')
    // Node flags would not match the snapshot's: handout then runs without it.
    const flagged = plain(['doctor'], {NODE_OPTIONS: '--max-old-space-size=2048'})
    expect(flagged.code).toBe(0)
    expect(flagged.stdout).toContain('not used, Node options were given (NODE_OPTIONS=--max-old-space-size=2048)')
  })

  it("is not used from a copy in another folder (its paths are the install's), and the copy still works", () => {
    const copy = mkdtempSync(join(tmpdir(), 'handout-moved-'))
    cpSync(resolve('dist'), join(copy, 'dist'), {recursive: true})
    cpSync(resolve('package.json'), join(copy, 'package.json'))
    cpSync(resolve('styles'), join(copy, 'styles'), {recursive: true})
    symlinkSync(resolve('node_modules'), join(copy, 'node_modules'))
    const moved = (args: string[]) => spawnSync(process.execPath, [join(copy, 'dist/cli.js'), ...args], {cwd: work, encoding: 'utf8'})
    expect(moved(['doctor']).stdout).toContain(`not used, it was made for ${resolve('dist/cli.js')}`)
    const built = moved(['build', 'manuscripts/ketamine-paradigm-shift.md', '--format', 'html', '-o', 'moved'])
    expect(built.status).toBe(0)
    expect(readFileSync(join(work, 'moved/ketamine-paradigm-shift.html'), 'utf8')).toContain('id="ref-krystal2019"')
    rmSync(copy, {recursive: true, force: true})
  })

  it('gives the same outputs, messages and exit codes as a run without it', () => {
    writeFileSync(join(work, 'manuscripts/typo2.md'), '---\nbibliography: references.bib\nlink-citations: true\n---\n\nSee [@krystal2091] and @li2010.\n')
    const cases: Array<[string, string[]]> = [
      ['sample', ['build', 'manuscripts/ketamine-paradigm-shift.md', 'manuscripts/typo2.md', '--format', 'html']],
      ['strict', ['build', 'manuscripts/typo2.md', '--strict', '--format', 'html']],
      ['version', ['--version']],
      ['help', ['--help']],
      ['usage', ['build', '--format', 'docx']]
    ]
    for (const [name, args] of cases) {
      const warm = plain([...args, '-o', `snap-${name}`])
      const cold = plain([...args, '-o', `cold-${name}`], {HANDOUT_SNAPSHOT: '0'})
      expect(warm.code, name).toBe(cold.code)
      expect(warm.stdout.replaceAll(`snap-${name}`, 'OUT'), name).toBe(cold.stdout.replaceAll(`cold-${name}`, 'OUT'))
      expect(warm.stderr.replaceAll(`snap-${name}`, 'OUT'), name).toBe(cold.stderr.replaceAll(`cold-${name}`, 'OUT'))
    }
    expect(plain(['--version']).stdout).toMatch(/^handout \d/)
    for (const file of ['ketamine-paradigm-shift.html', 'typo2.html']) {
      expect(readFileSync(join(work, 'snap-sample', file), 'utf8')).toBe(readFileSync(join(work, 'cold-sample', file), 'utf8'))
    }
    expect(readFileSync(join(work, 'snap-sample/typo2.html'), 'utf8')).toContain('href="#ref-li2010"')
  })
})

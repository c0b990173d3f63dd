// npm run conformance: render Pandoc's own citeproc tests (../shared/conformance/pandoc-citeproc),
// its Markdown reader tests (../shared/conformance/pandoc-markdown) and real BibTeX/BibLaTeX files
// in six styles (../shared/conformance/real-bibliographies) with handout and score them with each
// suite's own script. Each suite is skipped cleanly when absent. Then the real manuscripts kept in
// this repository (conformance/manuscripts, scripts/manuscripts.mjs), built by handout and pandoc.
import {existsSync, mkdirSync, readdirSync, readFileSync, rmSync, copyFileSync} from 'node:fs'
import {join, resolve} from 'node:path'
import {spawnSync} from 'node:child_process'
import {build} from '../dist/index.js'
import {manuscripts} from './manuscripts.mjs'

const out = resolve('.conformance')
rmSync(out, {recursive: true, force: true})
const statuses = [await citeproc(), await markdown(), bibliographies(), await manuscripts(process.argv.slice(2))]
process.exit(Math.max(...statuses))

/** Build each case's input.md (in its own folder, the suite as project root) to `${dir}/${case}.html`. */
async function buildCases(suite, dir) {
  mkdirSync(dir, {recursive: true})
  const cases = readdirSync(join(suite, 'cases')).sort()
  let failedBuilds = 0
  for (const name of cases) {
    const input = join(suite, 'cases', name, 'input.md')
    const [result] = await build([input], {outDir: join(dir, 'build'), root: suite})
    if (!result.ok) {
      failedBuilds++
      console.log(`${name}: build failed: ${result.file.messages.map((m) => m.reason).join('; ')}`)
      continue
    }
    copyFileSync(join(dir, 'build', 'input.html'), join(dir, `${name}.html`))
  }
  rmSync(join(dir, 'build'), {recursive: true, force: true})
  return {cases, failedBuilds}
}

/** Pandoc's citeproc tests (../shared/conformance/pandoc-citeproc). */
async function citeproc() {
  const suite = resolve(process.env.HANDOUT_CONFORMANCE ?? '../shared/conformance/pandoc-citeproc')
  if (!existsSync(join(suite, 'cases'))) {
    console.log(`conformance: pandoc-citeproc not found at ${suite}; skipped`)
    return 0
  }
  const dir = join(out, 'pandoc-citeproc')
  const {cases, failedBuilds} = await buildCases(suite, dir)
  const args = [join(suite, 'compare.py'), dir, '--json', join(dir, 'report.json'), ...process.argv.slice(2)]
  const run = spawnSync('python3', args, {stdio: 'inherit'})
  console.log(`conformance: pandoc-citeproc, ${cases.length} cases, ${failedBuilds} failed to build; report in .conformance/pandoc-citeproc/report.json`)
  if (existsSync(join(dir, 'report.json'))) newerPandoc(suite, dir, JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')))
  return run.status ?? 1
}

/** Pandoc's Markdown reader tests (../shared/conformance/pandoc-markdown): the figure is compare.py's TOTAL line. */
async function markdown() {
  const suite = resolve(process.env.HANDOUT_MARKDOWN_CONFORMANCE ?? '../shared/conformance/pandoc-markdown')
  if (!existsSync(join(suite, 'cases'))) {
    console.log(`conformance: pandoc-markdown not found at ${suite}; skipped`)
    return 0
  }
  const dir = join(out, 'pandoc-markdown')
  const {cases, failedBuilds} = await buildCases(suite, dir)
  const run = spawnSync('python3', [join(suite, 'compare.py'), dir], {encoding: 'utf8'})
  const lines = run.stdout.trim().split('\n')
  for (const line of lines) if (!line.startsWith('PASS')) console.log(line)
  console.log(`conformance: pandoc-markdown, ${cases.length} cases, ${failedBuilds} failed to build`)
  return 0
}

/** Real bibliographies from TeX Live (../shared/conformance/real-bibliographies): its run.sh builds and scores; the figure is its TOTAL line. */
function bibliographies() {
  const suite = resolve(process.env.HANDOUT_BIB_CONFORMANCE ?? '../shared/conformance/real-bibliographies')
  if (!existsSync(join(suite, 'run.sh'))) {
    console.log(`conformance: real-bibliographies not found at ${suite}; skipped`)
    return 0
  }
  const run = spawnSync('bash', [join(suite, 'run.sh'), process.execPath, resolve('dist/cli.js'), ...process.argv.slice(2)], {encoding: 'utf8'})
  process.stdout.write(run.stdout)
  console.log('conformance: real-bibliographies (pandoc 2.17 is the reference; see its README for where pandoc is wrong)')
  return 0
}

/**
 * The suite records where pandoc 2.17 (its expected output) and current Pandoc
 * (upstream.txt) disagree; following the newer one is allowed. For each such
 * failing case: does every citation and entry that differs from 2.17 stand,
 * word for word, in current Pandoc's output? (Compared as text: quotes, dashes,
 * Markdown and link syntax folded, as upstream's outputs are plain or Markdown.)
 */
function newerPandoc(suite, out, report) {
  const fold = (text) =>
    text
      .normalize('NFC')
      .replace(/^\[note: (.*)\]$/s, '$1')
      .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
      .replace(/<[^>]+>|[*_\\]|\{[^}]*\}/g, '')
      .replace(/[“”„"]/g, '"')
      .replace(/[‘’']/g, "'")
      .replace(/[–—]/g, '-')
      .replace(/\s+/g, ' ')
      .trim()
  const extract = (file) => JSON.parse(spawnSync('python3', [join(suite, 'compare.py'), '--extract', file], {encoding: 'utf8'}).stdout)
  const texts = (data) => [...data.citations.map((c) => c.text), ...data.bibliography]
  const follows = []
  const not = []
  for (const result of report.cases) {
    const dir = join(suite, 'cases', result.case)
    const info = JSON.parse(readFileSync(join(dir, 'case.json'), 'utf8'))
    if (result.pass || !info.upstream_difference || !existsSync(join(out, `${result.case}.html`))) continue
    const upstream = fold(readFileSync(join(dir, 'upstream.txt'), 'utf8').split(/^-+ upstream expected output.*$/m)[1] ?? '')
    const ours = texts(extract(join(out, `${result.case}.html`)))
    const old = texts(extract(join(dir, 'expected.html')))
    const differing = ours.filter((text, i) => fold(text) !== fold(old[i] ?? ''))
    ;(differing.length > 0 && differing.every((text) => upstream.includes(fold(text))) ? follows : not).push(result.case)
  }
  console.log(`newer Pandoc: of the failing cases where pandoc 2.17 and current Pandoc differ (case.json), ${follows.length} match current Pandoc where they differ from 2.17: ${follows.join(', ') || 'none'}`)
  if (not.length) console.log(`  and ${not.length} do not: ${not.join(', ')}`)
}

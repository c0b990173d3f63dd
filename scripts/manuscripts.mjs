// Real manuscripts (conformance/manuscripts/<case>/): each is copied to a
// temporary folder and built there, as its author builds it, by handout
// (`handout build FILE -f html`) and by pandoc (`pandoc --citeproc -f markdown
// -t html5 --mathjax`). Both HTML files are scored with compare.py of the
// Markdown suite (../shared/conformance/pandoc-markdown), which compares any
// two HTML files laid out as its cases are. Without compare.py or pandoc,
// only handout's builds (and their exit codes) are checked.
//
//   node scripts/manuscripts.mjs [-v]     (also run by npm run conformance)
import {cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, copyFileSync} from 'node:fs'
import {join, resolve} from 'node:path'
import {tmpdir} from 'node:os'
import {spawnSync} from 'node:child_process'
import {fileURLToPath} from 'node:url'

const repo = resolve(fileURLToPath(import.meta.url), '..', '..')

/** The manuscript of a case: its one top-level `.md` file. */
export function manuscriptOf(dir) {
  const found = readdirSync(dir).filter((name) => name.endsWith('.md'))
  if (found.length !== 1) throw new Error(`${dir}: expected one .md manuscript, found ${found.length}`)
  return found[0]
}

export async function manuscripts(args = []) {
  const corpus = join(repo, 'conformance', 'manuscripts')
  const cases = readdirSync(corpus, {withFileTypes: true}).filter((d) => d.isDirectory()).map((d) => d.name).sort()
  const work = mkdtempSync(join(tmpdir(), 'handout-manuscripts-'))
  const compare = resolve(process.env.HANDOUT_MARKDOWN_CONFORMANCE ?? join(repo, '..', 'shared', 'conformance', 'pandoc-markdown'), 'compare.py')
  const pandoc = spawnSync('pandoc', ['--version']).status === 0
  let failed = 0
  try {
    for (const name of cases) {
      const dir = join(work, 'cases', name)
      cpSync(join(corpus, name), dir, {recursive: true})
      const input = manuscriptOf(dir)
      const built = spawnSync(process.execPath, [join(repo, 'dist', 'cli.js'), 'build', input, '-f', 'html', '-o', 'handout-out'], {cwd: dir, encoding: 'utf8'})
      const counts = {error: 0, warning: 0, info: 0}
      for (const line of built.stderr.split('\n')) {
        const level = /^\S+:\d+:\d+ {2}(error|warning|info) /.exec(line)?.[1]
        if (level) counts[level]++
      }
      console.log(`${name}: handout exit ${built.status} (${counts.error} errors, ${counts.warning} warnings, ${counts.info} infos)`)
      if (built.status !== 0) {
        failed++
        process.stdout.write(built.stderr)
        continue
      }
      mkdirSync(join(work, 'got'), {recursive: true})
      copyFileSync(join(dir, 'handout-out', input.replace(/\.md$/, '.html')), join(work, 'got', `${name}.html`))
      if (pandoc) {
        const reference = spawnSync('pandoc', ['--citeproc', '-f', 'markdown', '-t', 'html5', '--mathjax', input, '-o', 'expected.html'], {cwd: dir, encoding: 'utf8'})
        if (reference.status !== 0) console.log(`${name}: pandoc exit ${reference.status}: ${reference.stderr.trim()}`)
      }
    }
    if (pandoc && existsSync(compare)) {
      const run = spawnSync('python3', [compare, join(work, 'got'), '--cases', join(work, 'cases'), ...args], {encoding: 'utf8'})
      process.stdout.write(run.stdout)
      console.log(`conformance: manuscripts, ${cases.length} real manuscripts against pandoc, ${failed} failed to build`)
    } else {
      console.log(`conformance: manuscripts, ${cases.length} built, ${failed} failed (${pandoc ? `no ${compare}` : 'no pandoc'}: not scored)`)
    }
  } finally {
    // HANDOUT_KEEP=1 keeps both outputs of every case, to read them.
    if (process.env.HANDOUT_KEEP) console.log(`kept in ${work}`)
    else rmSync(work, {recursive: true, force: true})
  }
  return failed > 0 ? 1 : 0
}

if (process.argv[1] === fileURLToPath(import.meta.url)) process.exit(await manuscripts(process.argv.slice(2)))

// npm run conformance: render Pandoc's own citeproc tests (../shared/conformance/pandoc-citeproc)
// with handout and score them with the suite's compare.py. Skips cleanly when the suite is absent.
import {existsSync, mkdirSync, readdirSync, rmSync, copyFileSync} from 'node:fs'
import {join, resolve} from 'node:path'
import {spawnSync} from 'node:child_process'
import {build} from '../dist/index.js'

const suite = resolve(process.env.HANDOUT_CONFORMANCE ?? '../shared/conformance/pandoc-citeproc')
if (!existsSync(join(suite, 'cases'))) {
  console.log(`conformance: suite not found at ${suite}; skipped`)
  process.exit(0)
}
const out = resolve('.conformance')
rmSync(out, {recursive: true, force: true})
mkdirSync(out, {recursive: true})
const cases = readdirSync(join(suite, 'cases')).sort()
let failedBuilds = 0
for (const name of cases) {
  const input = join(suite, 'cases', name, 'input.md')
  const [result] = await build([input], {outDir: join(out, 'build')})
  if (!result.ok) {
    failedBuilds++
    console.log(`${name}: build failed: ${result.file.messages.map((m) => m.reason).join('; ')}`)
    continue
  }
  copyFileSync(join(out, 'build', 'input.html'), join(out, `${name}.html`))
}
rmSync(join(out, 'build'), {recursive: true, force: true})
const args = [join(suite, 'compare.py'), out, '--json', join(out, 'report.json'), ...process.argv.slice(2)]
const run = spawnSync('python3', args, {stdio: 'inherit'})
console.log(`conformance: ${cases.length} cases, ${failedBuilds} failed to build; report in .conformance/report.json`)
process.exit(run.status ?? 1)

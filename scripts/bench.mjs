// npm run bench: handout vs pandoc --citeproc, measured in the same run (this machine is shared
// and noisy, so only ratios mean anything). Not a test: it prints figures, it does not assert.
//   batch:  `handout build` on 50 generated manuscripts (~1,500 words, 15 citations each)
//           vs 50 sequential `pandoc --citeproc -s` calls on the same files
//   single: one manuscript, handout vs pandoc; `node -e 0` shown as the start-up floor
import {execFileSync, spawnSync} from 'node:child_process'
import {mkdirSync, rmSync, writeFileSync, copyFileSync} from 'node:fs'
import {join, resolve} from 'node:path'

const dir = resolve('.bench')
const count = Number(process.env.BENCH_DOCS ?? 50)
const rounds = Number(process.env.BENCH_ROUNDS ?? 3)
rmSync(dir, {recursive: true, force: true})
mkdirSync(join(dir, 'docs'), {recursive: true})
copyFileSync('manuscripts/references.bib', join(dir, 'docs', 'references.bib'))
const keys = ['krystal2019', 'berman2000', 'zarate2006', 'li2010', 'autry2011', 'duman2012', 'krystal2013', 'zanos2016', 'wilkinson2018', 'murrough2013', 'zanos2018mechanisms', 'abdallah2015', 'abdallah2018', 'dattani2022']
const words = 'ketamine depression glutamate synaptic plasticity receptor circuits treatment response remission dose trial evidence mechanism cortex signalling'.split(' ')

// Deterministic text: a tiny linear congruential generator.
let seed = 42
const random = (n) => ((seed = (seed * 1103515245 + 12345) % 2147483648), seed % n)
function manuscript(i) {
  const parts = [`---\ntitle: Generated handout ${i}\nbibliography: references.bib\ncsl: /usr/share/citation-style-language/styles/apa.csl\n---\n`]
  let cites = 0
  for (let section = 0; section < 6; section++) {
    parts.push(`\n## Section ${section + 1}\n`)
    for (let paragraph = 0; paragraph < 3; paragraph++) {
      const sentence = []
      for (let w = 0; w < 83; w++) sentence.push(words[random(words.length)])
      if (cites < 15) {
        const a = keys[random(keys.length)]
        const b = keys[random(keys.length)]
        sentence.push(cites % 3 === 0 ? `@${a}` : cites % 3 === 1 ? `[@${a}, p. ${1 + random(90)}]` : `[see @${a}; @${b}]`)
        cites++
      }
      parts.push(`\n${sentence.join(' ')}.\n`)
    }
  }
  return parts.join('')
}
const files = []
for (let i = 0; i < count; i++) {
  const path = join(dir, 'docs', `doc${String(i).padStart(2, '0')}.md`)
  writeFileSync(path, manuscript(i))
  files.push(path)
}

function time(fn) {
  const started = process.hrtime.bigint()
  fn()
  return Number(process.hrtime.bigint() - started) / 1e9
}
function best(fn) {
  let min = Infinity
  for (let r = 0; r < rounds; r++) min = Math.min(min, time(fn))
  return min
}
const handout = (inputs, out) => {
  const run = spawnSync(process.execPath, ['dist/cli.js', 'build', ...inputs, '--format', 'html', '-o', out, '-q'], {encoding: 'utf8'})
  if (run.status !== 0) throw new Error(run.stderr)
}
const pandoc = (input, out) => execFileSync('pandoc', [input, '--citeproc', '-s', '-o', out, '--metadata', 'title=x'], {cwd: join(dir, 'docs')})
const hasPandoc = spawnSync('pandoc', ['--version']).status === 0

const node = best(() => execFileSync(process.execPath, ['-e', '0']))
const handoutOne = best(() => handout([files[0]], join(dir, 'out-one')))
const handoutBatch = best(() => handout(files, join(dir, 'out-batch')))
console.log(`documents: ${count} generated manuscripts (~1,500 words, 15 citations each); best of ${rounds} rounds`)
console.log(`node start-up floor (node -e 0):  ${node.toFixed(3)} s`)
console.log(`handout, one document:            ${handoutOne.toFixed(3)} s`)
console.log(`handout, batch of ${count}:             ${handoutBatch.toFixed(3)} s (${((handoutBatch / count) * 1000).toFixed(0)} ms per document)`)
if (hasPandoc) {
  const pandocOne = best(() => pandoc(files[0], join(dir, 'pandoc-one.html')))
  const pandocBatch = best(() => files.forEach((f, i) => pandoc(f, join(dir, `pandoc-${i}.html`))))
  console.log(`pandoc --citeproc, one document:  ${pandocOne.toFixed(3)} s`)
  console.log(`pandoc --citeproc, ${count} calls:      ${pandocBatch.toFixed(3)} s`)
  console.log(`ratio one document (handout/pandoc): ${(handoutOne / pandocOne).toFixed(2)}x  (target <= 1.5x)`)
  console.log(`speed-up batch (pandoc/handout):     ${(pandocBatch / handoutBatch).toFixed(2)}x  (target >= 3x)`)
} else {
  console.log('pandoc not found: install it (apt-get install pandoc) for the comparison')
}

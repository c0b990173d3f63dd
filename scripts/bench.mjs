// npm run bench: handout vs pandoc --citeproc, measured in the same run (this machine is shared
// and noisy, so only ratios mean anything). Not a test: it prints figures, it does not assert.
//   batch:  `handout build --format html` on 50 generated manuscripts (~1,500 words, 15 citations
//           each) vs 50 sequential `pandoc --citeproc -s` calls on the same files
//   single: one manuscript, handout vs pandoc; `node -e 0` shown as the start-up floor
//   batch pdf: 50 handouts Markdown -> PDF vs 50 sequential pagedjs-cli calls on the same HTML,
//           and vs a floor (scripts/bench-floor.mjs: warm browser, two tabs, Paged.js + print)
//   packets: 10, 20, 40 generated articles bound in one packet
//   scale:  a 20,000-entry .bib, 1,000 / 2,000 / 4,000 paragraphs with citations and 50,000
//           unclosed brackets, 200 formulas (KaTeX against pandoc --mathml), each against pandoc
//           on the same input (BENCH_SCALE=0 skips)
//   preview: save to updated page in `handout preview` (median of 10 edits) of the sample
//           handout and of manuscripts/pandoc-features.md vs rebuilding the PDF and opening it
//           (BENCH_PREVIEW=0 skips)
//   pdf:    the sample handout, Markdown -> PDF: `handout build --format pdf` vs
//           `pandoc --citeproc` + `pagedjs-cli` (same browser), with the peak memory of each
//           whole process tree (PSS summed over every process, browser included)
import {execFileSync, spawn, spawnSync} from 'node:child_process'
import {mkdirSync, rmSync, writeFileSync, copyFileSync, readFileSync, readdirSync, existsSync} from 'node:fs'
import {join, resolve} from 'node:path'
import {availableParallelism} from 'node:os'

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
  // --force: every round really builds (the cache would skip unchanged documents).
  const run = spawnSync(process.execPath, ['dist/cli.js', 'build', ...inputs, '--format', 'html', '-o', out, '-q', '--force'], {encoding: 'utf8'})
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

// ---------- Large and hostile inputs (issue: untrusted and large input) ----------
// Each against pandoc on the same input, in this run: a 20,000-entry .bib, manuscripts of
// 1,000 / 2,000 / 4,000 paragraphs with citations (growth should be close to linear), and
// 50,000 unclosed brackets (target: under a second).
if (process.env.BENCH_SCALE !== '0') {
  const scale = join(dir, 'scale')
  mkdirSync(scale, {recursive: true})
  let s = 7
  const pick = (n) => ((s = (s * 1103515245 + 12345) % 2147483648), s % n)
  const family = ['Smith', 'Jones', 'Krystal', 'Duman', 'Abdallah', 'Zarate', 'Li', 'Autry', 'Berman', 'Nguyen', 'Müller', 'Garcia', 'Kim', 'Okafor', 'Rossi', 'Dubois', 'Tanaka', 'Ivanova', 'Hansen', 'Silva']
  const given = ['John H.', 'Anna', 'Chadi G.', 'Ronald S.', 'Maria', 'Wei', 'Lisa M.', 'Peter', 'Sara', 'Omar']
  const entry = (i) => {
    const authors = Array.from({length: 1 + pick(4)}, () => `${family[pick(family.length)]}, ${given[pick(given.length)]}`).join(' and ')
    const title = Array.from({length: 6 + pick(6)}, () => words[pick(words.length)]).join(' ')
    return `@article{key${i},\n  author = {${authors}},\n  title = {${title[0].toUpperCase() + title.slice(1)}},\n  journal = {Journal of ${words[pick(words.length)]}},\n  year = {${1990 + pick(35)}},\n  volume = {${1 + pick(100)}},\n  number = {${1 + pick(12)}},\n  pages = {${100 + pick(100)}--${200 + pick(100)}},\n  doi = {10.1000/j.x.${i}}\n}\n`
  }
  writeFileSync(join(scale, 'big.bib'), Array.from({length: 20000}, (_, i) => entry(i)).join('\n'))
  writeFileSync(join(scale, 'small.bib'), Array.from({length: 200}, (_, i) => entry(i)).join('\n'))
  const apa = '/usr/share/citation-style-language/styles/apa.csl'
  const csl = existsSync(apa) ? `csl: ${apa}\n` : ''
  writeFileSync(join(scale, 'bib20000.md'), `---\ntitle: Big bibliography\nbibliography: big.bib\n${csl}---\n\n${Array.from({length: 10}, (_, i) => `Claim ${i} [@key${i * 1999}].`).join('\n\n')}\n`)
  for (const paragraphs of [1000, 2000, 4000]) {
    const parts = [`---\ntitle: Long\nbibliography: small.bib\n${csl}---\n`]
    for (let p = 0; p < paragraphs; p++) {
      const sentence = Array.from({length: 40}, () => words[pick(words.length)]).join(' ')
      parts.push(`\n${sentence} [@key${pick(200)}, p. ${1 + pick(90)}; @key${pick(200)}] and @key${pick(200)} said.\n`)
    }
    writeFileSync(join(scale, `p${paragraphs}.md`), parts.join(''))
  }
  writeFileSync(join(scale, 'brackets.md'), '---\ntitle: Brackets\n---\n\n' + '['.repeat(50000) + '\n')
  // 200 formulas, inline and display: handout renders them with KaTeX; pandoc --mathml with texmath.
  const formulas = ['\\frac{a_{i}}{b^{2}} + \\sum_{k=1}^{n} x_k', 'e^{i\\pi} + 1 = 0', '\\int_0^\\infty e^{-x^2}\\,dx = \\frac{\\sqrt{\\pi}}{2}', '\\mathbb{E}[X] = \\mu', '\\begin{pmatrix} a & b \\\\ c & d \\end{pmatrix}']
  const math = Array.from({length: 100}, (_, i) => `Inline ${'$'}{${formulas[i % formulas.length]}}_{${i}}${'$'} in text, then\n\n$$${formulas[(i + 2) % formulas.length]} + ${i}$$\n`)
  writeFileSync(join(scale, 'math200.md'), `---\ntitle: Formulas\n---\n\n${math.join('\n')}`)
  const handoutScale = (name) => () => handout([join(scale, `${name}.md`)], join(scale, 'out'))
  // pandoc gets a minute: on 50,000 unclosed brackets it does not finish.
  const limit = 60
  const pandocScale = (name) => () => {
    try {
      const extra = name === 'math200' ? ['--mathml'] : []
      execFileSync('pandoc', [`${name}.md`, '--citeproc', '-s', ...extra, '-o', `out-${name}.html`, '--metadata', 'title=x'], {cwd: scale, timeout: limit * 1000, stdio: 'ignore'})
    } catch {
      throw new Error('did not finish')
    }
  }
  const bestOrInfinity = (fn) => {
    try {
      return best(fn)
    } catch {
      return Infinity
    }
  }
  const rows = ['bib20000', 'p1000', 'p2000', 'p4000', 'brackets', 'math200'].map((name) => ({name, handout: best(handoutScale(name)), pandoc: hasPandoc ? bestOrInfinity(pandocScale(name)) : NaN}))
  const row = (name) => rows.find((r) => r.name === name)
  console.log(`\nscale: large and hostile inputs, handout build --format html vs pandoc --citeproc -s (best of ${rounds})`)
  const labels = {bib20000: '20,000-entry .bib', p1000: '1,000 paragraphs', p2000: '2,000 paragraphs', p4000: '4,000 paragraphs', brackets: '50,000 unclosed brackets', math200: '200 formulas (pandoc --mathml)'}
  for (const r of rows) {
    const theirs = r.pandoc === Infinity ? `not done in ${limit} s` : `${r.pandoc.toFixed(2)} s`
    console.log(`${labels[r.name].padEnd(26)} handout ${r.handout.toFixed(2)} s   pandoc ${theirs}   ratio ${(r.handout / r.pandoc).toFixed(2)}x  (target ${r.name === 'brackets' ? 'handout under 1 s' : '<= 1x'})`)
  }
  console.log(`growth 1,000 -> 4,000 paragraphs: handout x${(row('p4000').handout / row('p1000').handout).toFixed(2)}, pandoc x${(row('p4000').pandoc / row('p1000').pandoc).toFixed(2)} (linear: x4)`)
  // Every entry of the 20,000 converted to CSL-JSON (a document converts only those it cites).
  const cli = resolve('dist/cli.js')
  const refsOurs = best(() => execFileSync(process.execPath, [cli, 'refs', 'big.bib'], {cwd: scale, stdio: 'ignore', maxBuffer: 1 << 30}))
  const refsTheirs = hasPandoc ? bestOrInfinity(() => execFileSync('pandoc', ['-f', 'biblatex', '-t', 'csljson', 'big.bib', '-o', 'big.json'], {cwd: scale, timeout: 300_000, stdio: 'ignore'})) : NaN
  console.log(`${'20,000 entries -> CSL-JSON'.padEnd(26)} handout refs ${refsOurs.toFixed(2)} s   pandoc -t csljson ${refsTheirs.toFixed(2)} s   ratio ${(refsOurs / refsTheirs).toFixed(2)}x  (target <= 1x)`)
}

// ---------- Markdown -> PDF ----------

/**
 * PSS in kB of `pid` and all its descendants (Linux /proc). Only the tree's own
 * processes are read (through each thread's `children` list), so sampling
 * costs little CPU beside the processes it measures.
 */
function treePss(pid) {
  let total = 0
  const stack = [pid]
  while (stack.length) {
    const p = stack.pop()
    try {
      total += Number(/Pss:\s+(\d+)/.exec(readFileSync(`/proc/${p}/smaps_rollup`, 'utf8'))?.[1] ?? 0)
      for (const task of readdirSync(`/proc/${p}/task`)) {
        const children = readFileSync(`/proc/${p}/task/${task}/children`, 'utf8').trim()
        if (children) stack.push(...children.split(' ').map(Number))
      }
    } catch {}
  }
  return total
}

/** Run a command once; with `sample`, read its process tree's memory every 50 ms. */
function once(command, args, options, sample) {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint()
    const child = spawn(command, args, {stdio: ['ignore', 'ignore', 'pipe'], ...options})
    let peak = 0
    let stderr = ''
    child.stderr.on('data', (d) => (stderr += d))
    const timer = sample ? setInterval(() => (peak = Math.max(peak, treePss(child.pid))), 50) : undefined
    child.on('exit', (code) => {
      clearInterval(timer)
      if (code !== 0) return reject(new Error(`${command} ${args.join(' ')}: exit ${code}\n${stderr}`))
      resolve({seconds: Number(process.hrtime.bigint() - started) / 1e9, peakMB: peak / 1024})
    })
  })
}

/**
 * {seconds, peakMB} of a command. Reading PSS (smaps_rollup) of a browser's
 * processes costs enough CPU to slow what it measures (0.5 s of a 1.6 s
 * build), so the time comes from a run without sampling and, when `memory`,
 * the peak from a second, sampled run.
 */
async function measured(command, args, options = {}, memory = true) {
  const {seconds} = await once(command, args, options, false)
  const peakMB = memory ? (await once(command, args, options, true)).peakMB : 0
  return {seconds, peakMB}
}

/** Best time of `rounds` runs of fn(memory); memory is sampled in the first round only. */
async function bestOf(fn) {
  let seconds = Infinity
  let peakMB = 0
  for (let r = 0; r < rounds; r++) {
    const result = await fn(r === 0)
    seconds = Math.min(seconds, result.seconds)
    peakMB = Math.max(peakMB, result.peakMB)
  }
  return {seconds, peakMB}
}

const browser = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].find((p) => existsSync(p)) ?? process.env.HANDOUT_BROWSER
const pagedjs = resolve('node_modules/.bin/pagedjs-cli')
/** One handout, Markdown -> PDF, handout vs pandoc + pagedjs-cli, both with `executable`. */
async function singlePdf(label, executable, handoutBrowser) {
  const sample = resolve('manuscripts/ketamine-paradigm-shift.md')
  const css = resolve('styles/handout.css')
  const env = {...process.env, PUPPETEER_EXECUTABLE_PATH: executable}
  const handoutPdf = await bestOf((memory) => measured(process.execPath, ['dist/cli.js', 'build', sample, '--format', 'pdf', '-o', join(dir, 'pdf-handout'), '-q', '--force', '--browser', handoutBrowser], {}, memory))
  // The two-tool pipeline: pandoc renders citations to standalone HTML, pagedjs-cli prints it.
  const twoTool = await bestOf(async (memory) => {
    const a = await measured('pandoc', [sample, '--citeproc', '-s', '-o', join(dir, 'two-tool.html'), '--css', css, '--self-contained', '--csl', '/usr/share/citation-style-language/styles/apa.csl'], {cwd: resolve('manuscripts')}, memory)
    const b = await measured(pagedjs, [join(dir, 'two-tool.html'), '-o', join(dir, 'two-tool.pdf'), '--browserArgs', '--no-sandbox,--disable-gpu,--disable-dev-shm-usage'], {env}, memory)
    return {seconds: a.seconds + b.seconds, peakMB: Math.max(a.peakMB, b.peakMB)}
  })
  console.log(`\npdf: the sample handout, Markdown -> PDF (${label}: ${executable}; best of ${rounds})`)
  console.log(`handout build --format pdf:             ${handoutPdf.seconds.toFixed(2)} s, peak ${handoutPdf.peakMB.toFixed(0)} MB (process tree)`)
  console.log(`pandoc --citeproc + pagedjs-cli:        ${twoTool.seconds.toFixed(2)} s, peak ${twoTool.peakMB.toFixed(0)} MB`)
  return {handout: handoutPdf.seconds, twoTool: twoTool.seconds}
}

let debianTwoTool
if (!browser || !hasPandoc) {
  console.log('\npdf: skipped (needs pandoc and a browser)')
} else {
  const r = await singlePdf('system browser', browser, browser)
  debianTwoTool = r.twoTool
  console.log(`ratio (handout / two-tool pipeline):    ${(r.handout / r.twoTool).toFixed(2)}x  (target <= 0.8x with Debian's Chromium)`)
}
// The headless-shell build inside the npm package @sparticuz/chromium (optional dependency, Linux x64).
if (hasPandoc && existsSync('node_modules/@sparticuz/chromium') && process.platform === 'linux' && process.arch === 'x64') {
  const shell = await (await import('@sparticuz/chromium')).default.executablePath()
  const r = await singlePdf('headless shell', shell, '@sparticuz/chromium')
  console.log(`ratio (handout / two-tool, both headless shell): ${(r.handout / r.twoTool).toFixed(2)}x`)
  if (debianTwoTool) console.log(`ratio (handout with headless shell / two-tool with the system browser): ${(r.handout / debianTwoTool).toFixed(2)}x  (target <= 0.5x)`)
}

// ---------- Batch Markdown -> PDF (issue: batch builds) ----------
const pdfDocs = Number(process.env.BENCH_PDF_DOCS ?? 50)
if (browser && pdfDocs > 0) {
  const batchFiles = files.slice(0, pdfDocs)
  const out = join(dir, 'pdf-batch')
  rmSync(out, {recursive: true, force: true})
  const batch = await measured(process.execPath, ['dist/cli.js', 'build', ...batchFiles, '--format', 'html,pdf', '-o', out, '-q', '--force', '--browser', browser])
  // Deliberately without --force: the cache's own figure.
  const again = await measured(process.execPath, ['dist/cli.js', 'build', ...batchFiles, '--format', 'html,pdf', '-o', out, '-q', '--browser', browser], {}, false)
  // The same HTML, one pagedjs-cli call each (how people batch today).
  const env = {...process.env, PUPPETEER_EXECUTABLE_PATH: browser}
  let sequential = 0
  let sequentialPeak = 0
  for (const [i, file] of batchFiles.entries()) {
    const html = join(out, file.split('/').pop().replace(/\.md$/, '.html'))
    // Memory of the first call stands for all (each is one browser, one document).
    const one = await measured(pagedjs, [html, '-o', join(dir, 'pagedjs-one.pdf'), '--browserArgs', '--no-sandbox,--disable-gpu,--disable-dev-shm-usage'], {env}, i === 0)
    sequential += one.seconds
    sequentialPeak = Math.max(sequentialPeak, one.peakMB)
  }
  // The floor: one warm browser, two tabs, Paged.js loaded into the same HTML files, printed.
  const htmls = batchFiles.map((file) => join(out, file.split('/').pop().replace(/\.md$/, '.html')))
  const floorOut = join(dir, 'pdf-floor')
  mkdirSync(floorOut, {recursive: true})
  const floor = await measured(process.execPath, ['scripts/bench-floor.mjs', browser, floorOut, ...htmls])
  console.log(`\nbatch pdf: ${pdfDocs} generated handouts, Markdown -> HTML + PDF`)
  console.log(`handout build (one browser, --jobs ${availableParallelism()}): ${batch.seconds.toFixed(1)} s, peak ${batch.peakMB.toFixed(0)} MB (process tree)`)
  console.log(`${pdfDocs} sequential pagedjs-cli calls on the same HTML: ${sequential.toFixed(1)} s, peak ${sequentialPeak.toFixed(0)} MB`)
  console.log(`floor (warm browser, 2 tabs, Paged.js + print of the same HTML): ${floor.seconds.toFixed(1)} s, peak ${floor.peakMB.toFixed(0)} MB`)
  console.log(`speed-up (pagedjs-cli / handout):        ${(sequential / batch.seconds).toFixed(2)}x  (target >= 6x, aim 8x)`)
  console.log(`handout / floor:                         ${(batch.seconds / floor.seconds).toFixed(2)}x  (target <= 1.2x)`)
  console.log(`second, unchanged build:                 ${again.seconds.toFixed(2)} s  (target < 1 s)`)
}

// ---------- Long packets (issue: reading packets) ----------
const packetSizes = (process.env.BENCH_PACKETS ?? '10,20,40').split(',').map(Number).filter(Boolean)
if (browser && packetSizes.length) {
  console.log('\npackets: generated articles bound in one pass (Paged.js over the whole volume)')
  const rows = []
  for (const size of packetSizes) {
    const yml = join(dir, 'docs', `packet-${size}.yml`)
    writeFileSync(yml, `title: Benchmark packet\narticles:\n${files.slice(0, size).map((f) => `  - ${f.split('/').pop()}`).join('\n')}\nreference-lists: both\n`)
    const result = await measured(process.execPath, ['dist/cli.js', 'packet', yml, '-o', join(dir, 'packets'), '-q', '--browser', browser, '--timeout', '900'])
    const info = spawnSync('pdfinfo', [join(dir, 'packets', `packet-${size}.pdf`)], {encoding: 'utf8'}).stdout
    const pages = Number(/Pages:\s+(\d+)/.exec(info)?.[1] ?? 0)
    rows.push({size, pages, ...result})
    console.log(`${String(size).padStart(3)} articles, ${String(pages).padStart(4)} pages: ${result.seconds.toFixed(1)} s (${((result.seconds / pages) * 1000).toFixed(0)} ms per page), peak ${result.peakMB.toFixed(0)} MB`)
  }
  if (rows.length > 1) {
    const [a, b] = [rows[0], rows[rows.length - 1]]
    console.log(`growth ${a.size} -> ${b.size} articles: time x${(b.seconds / a.seconds).toFixed(2)} for pages x${(b.pages / a.pages).toFixed(2)} (linear would be equal)`)
  }
}

// ---------- Preview (issue: the writing loop) ----------
// Save-to-updated-page: `handout preview` of the sample handout, and of manuscripts/pandoc-features.md
// (figures, tables, math; the edit on its third page), open in the test browser at the page
// the edit is on; 10 edits, each timed from the write to the new text on that page (median);
// against what a writer does without it: `handout build --format pdf` again, then open the PDF
// (its first page rendered by pdftoppm, as a viewer would draw it). Goal: under 300 ms.
if (browser && process.env.BENCH_PREVIEW !== '0') {
  const {default: puppeteer} = await import('puppeteer')
  const work = join(dir, 'preview')
  mkdirSync(work, {recursive: true})
  execFileSync('cp', ['-r', 'manuscripts', work])
  const viewer = await puppeteer.launch({executablePath: browser, headless: 'new', args: ['--no-sandbox']})
  const cases = [
    {name: 'ketamine-paradigm-shift', needle: 'It helps people whom standard antidepressants did not'},
    {name: 'pandoc-features', needle: 'A single dose of ketamine acts within hours;'}
  ]
  console.log('\npreview: save to updated page (median of 10 edits), against rebuilding the PDF and opening it')
  for (const {name, needle} of cases) {
    const source = join(work, 'manuscripts', `${name}.md`)
    const original = readFileSync(source, 'utf8')
    const child = spawn(process.execPath, [resolve('dist/cli.js'), 'preview', `manuscripts/${name}.md`], {cwd: work, stdio: ['ignore', 'pipe', 'ignore']})
    const url = await new Promise((done, fail) => {
      let out = ''
      const timer = setTimeout(() => fail(new Error(`preview did not start: ${out}`)), 60_000)
      child.stdout.on('data', (chunk) => {
        out += String(chunk)
        const found = /Preview at (\S+)/.exec(out)?.[1]
        if (found) {
          clearTimeout(timer)
          done(found)
        }
      })
    })
    const page = await viewer.newPage()
    await page.goto(url)
    // The text of the page the reader is on (the one the edit is on).
    const shown = (text) =>
      page.waitForFunction(
        (wanted) => {
          const frame = document.querySelector('#frames iframe:not(.loading)')
          const doc = frame?.contentDocument
          if (!doc) return false
          const top = doc.scrollingElement.scrollTop
          const at = Array.from(doc.querySelectorAll('.pagedjs_page')).find((p) => p.offsetTop + p.offsetHeight > top + 1)
          return (at?.textContent ?? '').replaceAll('\u00ad', '').includes(wanted)
        },
        {timeout: 30_000, polling: 5},
        text
      )
    const start = needle.slice(0, 30)
    await page.waitForFunction((wanted) => (document.querySelector('#frames iframe:not(.loading)')?.contentDocument?.querySelector('.pagedjs_pages')?.textContent ?? '').replaceAll('\u00ad', '').includes(wanted), {timeout: 30_000, polling: 50}, start)
    await page.evaluate((wanted) => {
      const doc = document.querySelector('#frames iframe:not(.loading)').contentDocument
      const at = Array.from(doc.querySelectorAll('.pagedjs_page')).find((p) => p.textContent.replaceAll('\u00ad', '').includes(wanted))
      doc.scrollingElement.scrollTop = at.offsetTop
    }, start)
    await shown(start)
    const edits = []
    for (let i = 1; i <= 10; i++) {
      const marker = `Edited ${i} times.`
      const started = performance.now()
      writeFileSync(source, original.replace(needle, `${marker} ${needle}`))
      await shown(marker)
      edits.push(performance.now() - started)
      await new Promise((done) => setTimeout(done, 200))
    }
    writeFileSync(source, original)
    await page.close()
    child.kill('SIGINT')
    await new Promise((done) => child.on('exit', done))
    const median = [...edits].sort((a, b) => a - b)[Math.floor(edits.length / 2)]
    const rebuild = []
    for (let i = 0; i < 3; i++) {
      const started = performance.now()
      execFileSync(process.execPath, [resolve('dist/cli.js'), 'build', `manuscripts/${name}.md`, '-f', 'pdf', '-o', 'out', '--force', '-q', '--browser', browser], {cwd: work})
      execFileSync('pdftoppm', ['-png', '-r', '70', '-f', '1', '-l', '1', `out/${name}.pdf`, 'out/page'], {cwd: work})
      rebuild.push(performance.now() - started)
    }
    const rebuilt = Math.min(...rebuild)
    console.log(`${name}:`)
    console.log(`  handout preview:                           ${median.toFixed(0)} ms  (goal < 300 ms; all: ${edits.map((e) => e.toFixed(0)).join(' ')})`)
    console.log(`  handout build --format pdf + open the PDF: ${rebuilt.toFixed(0)} ms (best of 3)`)
    console.log(`  ratio (preview / rebuild and reopen):      ${(median / rebuilt).toFixed(2)}x`)
  }
  await viewer.close()
}

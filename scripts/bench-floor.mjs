// The floor of issue 4's batch benchmark: one warm Chromium, two tabs, each
// loading the Paged.js polyfill into the same HTML files and printing them.
// Not handout's code path: a bare measure of what Paged.js + print cost.
//   node scripts/bench-floor.mjs BROWSER OUTDIR file.html...
import {writeFileSync} from 'node:fs'
import {createRequire} from 'node:module'
import {basename, dirname, join} from 'node:path'
import {pathToFileURL} from 'node:url'
import puppeteer from 'puppeteer'

const [browserPath, out, ...files] = process.argv.slice(2)
const require = createRequire(import.meta.url)
// The package's exports map hides dist/; resolve its entry and step over.
const polyfill = join(dirname(require.resolve('pagedjs')), '..', 'dist', 'paged.polyfill.js')
const browser = await puppeteer.launch({
  executablePath: browserPath,
  headless: 'new',
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run', '--disable-background-networking', '--allow-file-access-from-files']
})
const queue = [...files]
async function worker() {
  const page = await browser.newPage()
  // Paged.js waits on animation frames, which a background tab never gets.
  await page.evaluateOnNewDocument(() => {
    window.requestAnimationFrame = (callback) => setTimeout(() => callback(performance.now()), 0)
    window.PagedConfig = {after: () => (window.__pagedDone = true)}
  })
  for (let file = queue.shift(); file; file = queue.shift()) {
    await page.goto(pathToFileURL(file).href)
    await page.addScriptTag({path: polyfill})
    await page.waitForFunction('window.__pagedDone === true', {timeout: 120000, polling: 20})
    writeFileSync(join(out, basename(file, '.html') + '.pdf'), await page.pdf({printBackground: true, preferCSSPageSize: true}))
  }
  await page.close()
}
try {
  await Promise.all([worker(), worker()])
} finally {
  await browser.close()
}

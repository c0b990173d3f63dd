/**
 * `handout preview` in real Chromium (the browser `handout build` finds):
 * the pages show, an edit of the manuscript shows without a reload, an error
 * shows as an overlay over the last good pages and goes when fixed, every
 * open tab follows, a folder has an index, a PDF is made on demand, and
 * Ctrl-C stops the command cleanly.
 */
import {spawn} from 'node:child_process'
import {mkdtempSync, readdirSync, writeFileSync, cpSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join, resolve} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import type {Browser, Page} from 'puppeteer'
import {getDocument} from 'pdfjs-dist/legacy/build/pdf.mjs'
import {findBrowser} from '../../src/paginate/browser.js'
import {startPreview, type Preview} from '../../src/preview/server.js'

const executable = findBrowser()?.executablePath
const cli = resolve('dist/cli.js')

/** The text of the pages the viewer shows (its visible frame). */
const shownText = (page: Page) =>
  page.evaluate(() => {
    const frame = document.querySelector<HTMLIFrameElement>('#frames iframe:not(.loading)')
    // Without the soft hyphens of print's hyphenation.
    return (frame?.contentDocument?.querySelector('.pagedjs_pages')?.textContent ?? '').replaceAll('\u00ad', '')
  })

/** Waits until the viewer shows `text`, with every page of that build laid out. */
const waitForText = (page: Page, text: string) =>
  page.waitForFunction(
    (wanted) => {
      const frame = document.querySelector<HTMLIFrameElement>('#frames iframe:not(.loading)')
      if (!frame || frame.dataset.version !== document.body.dataset.shown) return false
      return (frame.contentDocument?.querySelector('.pagedjs_pages')?.textContent ?? '').replaceAll('\u00ad', '').includes(wanted)
    },
    // Polled by time: a tab in the background gets no animation frames.
    {timeout: 20_000, polling: 100},
    text
  )

/** The pages shown, without what differs between two layouts of the same page (Paged.js's made-up references). */
const shownPages = (page: Page) =>
  page.evaluate(() =>
    document
      .querySelector<HTMLIFrameElement>('#frames iframe:not(.loading)')!
      .contentDocument!.querySelector('.pagedjs_pages')!
      .outerHTML.replace(/ data-(ref|split-from|split-to)="[^"]*"/g, '')
      .replace(/ style="zoom: 1;"/, '')
  )

describe.skipIf(!executable)('handout preview', () => {
  let browser: Browser
  let preview: Preview
  let dir: string
  const manuscript = (title: string, body: string) => `---\ntitle: ${title}\n---\n\n# Start {#sec:start}\n\n${body}\n`

  beforeAll(async () => {
    const {default: puppeteer} = await import('puppeteer')
    // Tabs in the background keep their timers, as a desktop browser's visible windows do.
    browser = await puppeteer.launch({executablePath: executable!, headless: 'new', args: ['--no-sandbox', '--disable-background-timer-throttling', '--disable-renderer-backgrounding', '--disable-backgrounding-occluded-windows']})
    dir = mkdtempSync(join(tmpdir(), 'handout-preview-'))
    cpSync(resolve('manuscripts/references.bib'), join(dir, 'references.bib'))
    writeFileSync(join(dir, 'one.md'), manuscript('One', 'The first version, in @sec:start.'))
    writeFileSync(join(dir, 'two.md'), manuscript('Two', 'The second document.'))
    preview = await startPreview([join(dir, 'one.md'), join(dir, 'two.md')], {root: dir})
  }, 60_000)

  afterAll(async () => {
    await preview?.close()
    await browser?.close()
  })

  it('listens on 127.0.0.1 only, and answers only requests addressed to it', async () => {
    expect(preview.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/)
    const {request} = await import('node:http')
    const status = await new Promise<number>((done, fail) => {
      request(preview.url, {headers: {Host: 'attacker.example'}}, (response) => done(response.statusCode ?? 0)).on('error', fail).end()
    })
    expect(status).toBe(421)
  })

  it('answers no page of another site, so none can frame the viewer or have it print', async () => {
    for (const site of ['cross-site', 'same-site']) {
      for (const path of ['/view/0', '/pdf/0', '/events?doc=0']) {
        const response = await fetch(new URL(path, preview.url), {headers: {'Sec-Fetch-Site': site}})
        expect(response.status, `${site} ${path}`).toBe(403)
      }
    }
    // The viewer itself: its frames, events and files.
    const page = await browser.newPage()
    await page.goto(new URL('/view/1', preview.url).href)
    await waitForText(page, 'The second document.')
    await page.close()
  })

  it('gives a folder an index, and shows a document as its pages', async () => {
    const page = await browser.newPage()
    await page.goto(preview.url)
    const links = await page.$$eval('ul.documents a', (as) => as.map((a) => [a.textContent, a.getAttribute('href')]))
    expect(links).toEqual([['One', '/view/0'], ['Two', '/view/1']])
    await page.goto(new URL('/view/0', preview.url).href)
    await waitForText(page, 'The first version, in Section\u00a01.')
    expect(await page.$eval('#pages', (e) => e.textContent)).toBe('1 page')
    await page.close()
  })

  it('shows an edit in every open tab without reloading the viewer, at the page the reader was on', async () => {
    // Long enough for several pages.
    const filler = Array.from({length: 40}, (_, i) => `Paragraph ${i + 1} of the filler, which runs on for a while so that the pages fill up with text.`).join('\n\n')
    writeFileSync(join(dir, 'one.md'), manuscript('One', `The long version.\n\n${filler}`))
    const tabs = await Promise.all([browser.newPage(), browser.newPage()])
    for (const tab of tabs) {
      await tab.goto(new URL('/view/0', preview.url).href)
      await waitForText(tab, 'The long version')
      await tab.evaluate(() => ((window as unknown as {marker: number}).marker = 42))
    }
    // The first tab's reader is on page 2.
    const onPage = (tab: Page) =>
      tab.evaluate(() => {
        const doc = document.querySelector<HTMLIFrameElement>('#frames iframe:not(.loading)')!.contentDocument!
        const top = doc.scrollingElement!.scrollTop
        return Array.from(doc.querySelectorAll<HTMLElement>('.pagedjs_page')).findIndex((page) => page.offsetTop + page.offsetHeight > top + 1)
      })
    await tabs[0]!.evaluate(() => {
      const doc = document.querySelector<HTMLIFrameElement>('#frames iframe:not(.loading)')!.contentDocument!
      doc.scrollingElement!.scrollTop = doc.querySelectorAll<HTMLElement>('.pagedjs_page')[1]!.offsetTop
    })
    expect(await onPage(tabs[0]!)).toBe(1)
    writeFileSync(join(dir, 'one.md'), manuscript('One', `The edited version.\n\n${filler}`))
    for (const tab of tabs) {
      await waitForText(tab, 'The edited version.')
      // The same viewer: no navigation.
      expect(await tab.evaluate(() => (window as unknown as {marker: number}).marker)).toBe(42)
      expect(await shownText(tab)).not.toContain('The long version')
    }
    expect(await onPage(tabs[0]!)).toBe(1)
    expect(await onPage(tabs[1]!)).toBe(0)
    expect(Number(await tabs[0]!.$eval('#pages', (e) => parseInt(e.textContent ?? '0')))).toBeGreaterThan(1)
    await Promise.all(tabs.map((tab) => tab.close()))
  })

  it('lays out later builds in the frames it keeps, as a new page lays them out, with the fonts they need', async () => {
    writeFileSync(join(dir, 'one.md'), manuscript('One', 'Warm, to begin with.'))
    const page = await browser.newPage()
    await page.goto(new URL('/view/0', preview.url).href)
    await waitForText(page, 'Warm, to begin with.')
    // Each frame the viewer makes is marked: a frame laid out again keeps its mark.
    const mark = () =>
      page.evaluate(() => {
        const frames = Array.from(document.querySelectorAll<HTMLIFrameElement>('#frames iframe'))
        for (const frame of frames) frame.dataset.mark ??= String(Math.random())
        return frames.map((frame) => frame.dataset.mark!)
      })
    const before = new Set(await mark())
    for (const [i, text] of ['Warm one.', 'Warm two.', 'Warm three, with β-arrestin.'].entries()) {
      writeFileSync(join(dir, 'one.md'), manuscript('One', text))
      await waitForText(page, text)
      // The first edit has no second frame yet; from the second on, no new frame is made.
      if (i > 0) for (const m of await mark()) expect(before).toContain(m)
      for (const m of await mark()) before.add(m)
    }
    expect(await page.$$eval('#frames iframe', (frames) => frames.length)).toBe(2)
    // The Greek subset of the text face came in with the Greek letter.
    const greek = await page.evaluate(() => {
      const doc = document.querySelector<HTMLIFrameElement>('#frames iframe:not(.loading)')!.contentDocument!
      const faces: FontFace[] = []
      doc.fonts.forEach((face) => faces.push(face))
      return faces.some((face) => face.status === 'loaded' && face.unicodeRange.includes('U+370'))
    })
    expect(greek).toBe(true)
    // What a frame laid out again shows is what a new page shows.
    const warm = await shownPages(page)
    const fresh = await browser.newPage()
    await fresh.goto(new URL('/view/0', preview.url).href)
    await waitForText(fresh, 'Warm three')
    expect(warm).toBe(await shownPages(fresh))
    await Promise.all([page.close(), fresh.close()])
  })

  it('loads a document that runs scripts of its own anew each time', async () => {
    const own = mkdtempSync(join(tmpdir(), 'handout-preview-scripts-'))
    const write = (text: string) => writeFileSync(join(own, 'scripted.md'), `---\ntitle: Scripted\nscripts: true\n---\n\n${text}\n`)
    write('Scripted, first.')
    const scripted = await startPreview([join(own, 'scripted.md')], {root: own})
    const page = await browser.newPage()
    try {
      await page.goto(scripted.url)
      await waitForText(page, 'Scripted, first.')
      for (const text of ['Scripted, second.', 'Scripted, third.']) {
        write(text)
        await waitForText(page, text)
        const shown = await page.evaluate(() => {
          const frame = document.querySelector<HTMLIFrameElement>('#frames iframe:not(.loading)')!
          const seen = frame.dataset.mark
          frame.dataset.mark = String(Math.random())
          return seen
        })
        // Never a frame shown before.
        expect(shown).toBeUndefined()
      }
    } finally {
      await page.close()
      await scripted.close()
    }
  })

  it('shows an image as it is after it is saved again under the same name', async () => {
    const svg = (width: number) => `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="50"><rect width="${width}" height="50"/></svg>`
    writeFileSync(join(dir, 'box.svg'), svg(100))
    writeFileSync(join(dir, 'one.md'), manuscript('One', 'A box.\n\n![The box](box.svg)'))
    const page = await browser.newPage()
    await page.goto(new URL('/view/0', preview.url).href)
    await waitForText(page, 'A box.')
    const width = () =>
      page.waitForFunction(
        () => {
          const img = document.querySelector<HTMLIFrameElement>('#frames iframe:not(.loading)')?.contentDocument?.querySelector<HTMLImageElement>('.pagedjs_pages img')
          return img?.complete && img.naturalWidth > 0 ? img.naturalWidth : false
        },
        {timeout: 20_000, polling: 100}
      )
    expect(await (await width()).jsonValue()).toBe(100)
    // A text edit first: the next build is laid out in the kept frame, which has seen the image.
    writeFileSync(join(dir, 'one.md'), manuscript('One', 'A box, again.\n\n![The box](box.svg)'))
    await waitForText(page, 'A box, again.')
    writeFileSync(join(dir, 'one.md'), manuscript('One', 'A box, once more.\n\n![The box](box.svg)'))
    await waitForText(page, 'A box, once more.')
    writeFileSync(join(dir, 'box.svg'), svg(200))
    await page.waitForFunction(
      () => document.querySelector<HTMLIFrameElement>('#frames iframe:not(.loading)')?.contentDocument?.querySelector<HTMLImageElement>('.pagedjs_pages img')?.naturalWidth === 200,
      {timeout: 20_000, polling: 100}
    )
    await page.close()
  })

  it('shows the page the reader is on before the later pages are laid out', async () => {
    const filler = Array.from({length: 60}, (_, i) => `Paragraph ${i + 1} of the filler, which runs on for a while so that the pages fill up with text.`).join('\n\n')
    writeFileSync(join(dir, 'one.md'), manuscript('One', `Long again.\n\n${filler}`))
    const page = await browser.newPage()
    await page.goto(new URL('/view/0', preview.url).href)
    await waitForText(page, 'Long again.')
    // The page count as the new build comes into view.
    await page.evaluate(() => {
      const seen: string[] = ((window as unknown as {seen: string[]}).seen = [])
      new MutationObserver(() => {
        const shown = document.querySelector<HTMLIFrameElement>('#frames iframe:not(.loading)')
        if (shown?.dataset.version !== (window as unknown as {last?: string | undefined}).last) {
          ;(window as unknown as {last?: string | undefined}).last = shown?.dataset.version
          seen.push(document.getElementById('pages')!.textContent!)
        }
      }).observe(document.getElementById('frames')!, {subtree: true, attributes: true, attributeFilter: ['class']})
    })
    writeFileSync(join(dir, 'one.md'), manuscript('One', `Long, edited.\n\n${filler}`))
    await waitForText(page, 'Long, edited.')
    const seen = await page.evaluate(() => (window as unknown as {seen: string[]}).seen)
    expect(seen).toEqual(['1 page…'])
    expect(await page.$eval('#pages', (e) => e.textContent)).toMatch(/^[3-9] pages$/)
    await page.close()
  })

  it('shows an error over the last good pages, with its place and fix, and clears it once fixed', async () => {
    const page = await browser.newPage()
    await page.goto(new URL('/view/1', preview.url).href)
    await waitForText(page, 'The second document.')
    writeFileSync(join(dir, 'two.md'), manuscript('Two', 'Broken:\n\n![A](https://example.org/a.png){#fig:x}\n\n![B](https://example.org/b.png){#fig:x}'))
    await page.waitForSelector('#overlay:not([hidden])', {timeout: 20_000})
    const overlay = await page.$eval('#overlay', (e) => e.textContent ?? '')
    expect(overlay).toContain('Not rebuilt: the last good pages are shown')
    expect(overlay).toMatch(/two\.md:11:1 {2}error {2}Label `fig:x` is given twice \(first at line 9\)/)
    expect(overlay).toContain('rename one of them')
    expect(await shownText(page)).toContain('The second document.')
    writeFileSync(join(dir, 'two.md'), manuscript('Two', 'Fixed now.'))
    await waitForText(page, 'Fixed now.')
    await page.waitForSelector('#overlay[hidden]', {timeout: 20_000})
    await page.close()
  })

  it('makes the PDF on demand', async () => {
    const response = await fetch(new URL('/pdf/0', preview.url))
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('application/pdf')
    expect(Buffer.from(await response.arrayBuffer()).subarray(0, 5).toString()).toBe('%PDF-')
  }, 60_000)

  it('serves no file the document does not name', async () => {
    for (const path of ['/etc/passwd', join(dir, 'references.bib'), '/.handout/../../etc/passwd']) {
      expect((await fetch(new URL(path, preview.url))).status, path).toBe(404)
    }
  })
})

describe.skipIf(!executable)('handout preview of the sample handout', () => {
  it('shows its pages with the toolbar (UPDATE=1 saves the README picture, docs/preview.png)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'handout-preview-sample-'))
    cpSync(resolve('manuscripts'), join(dir, 'manuscripts'), {recursive: true})
    const preview = await startPreview([join(dir, 'manuscripts/pandoc-features.md')], {root: dir})
    const {default: puppeteer} = await import('puppeteer')
    const browser = await puppeteer.launch({executablePath: executable!, headless: 'new', args: ['--no-sandbox']})
    try {
      const page = await browser.newPage()
      await page.setViewport({width: 1000, height: 760})
      await page.goto(preview.url)
      await waitForText(page, 'The course of a single dose')
      expect(await page.$eval('#pages', (e) => e.textContent)).toMatch(/^[2-9] pages$/)
      expect(await page.$eval('#status', (e) => e.textContent)).toBe('no messages')
      if ('UPDATE' in process.env) await page.screenshot({path: resolve('docs/preview.png')})
      // Page for page what the PDF holds: each page's text begins and ends alike (letters
      // compared, as hyphenation and spacing come out differently in a PDF's text), and
      // from page 2 on the running head carries the title, from the title block.
      const shown = await page.evaluate(() =>
        Array.from(document.querySelector<HTMLIFrameElement>('#frames iframe:not(.loading)')!.contentDocument!.querySelectorAll<HTMLElement>('.pagedjs_page')).map((p) => ({
          text: p.querySelector('.pagedjs_page_content')!.textContent!,
          head: getComputedStyle(p).getPropertyValue('--pagedjs-string-first-running-title')
        }))
      )
      const pdf = await getDocument({data: new Uint8Array(await (await fetch(new URL('/pdf/0', preview.url))).arrayBuffer())}).promise
      expect(shown).toHaveLength(pdf.numPages)
      const letters = (text: string) => text.normalize('NFKC').replace(/[^\p{L}\p{N}]/gu, '')
      for (const [i, {text, head}] of shown.entries()) {
        const printed = letters((await (await pdf.getPage(i + 1)).getTextContent()).items.map((item) => ('str' in item ? item.str : '')).join(''))
        const own = letters(text)
        expect(printed, `page ${i + 1}`).toContain(own.slice(0, 40))
        expect(printed, `page ${i + 1}`).toContain(own.slice(-40))
        if (i > 0) expect(head, `page ${i + 1}`).toContain('Ketamine in depression')
        if (i > 0) expect(printed, `page ${i + 1}`).toContain(letters('Ketamine in depression'))
      }
      // The toolbar: a spread opens as a book (page 1 alone on the right, then 2 and 3 side by side), zoom scales the pages.
      await page.click('#spread')
      await page.click('#zoom-in')
      const laid = await page.evaluate(() => {
        const doc = document.querySelector<HTMLIFrameElement>('#frames iframe:not(.loading)')!.contentDocument!
        const pages = Array.from(doc.querySelectorAll<HTMLElement>('.pagedjs_page')).map((p) => ({top: p.offsetTop, left: p.offsetLeft}))
        return {pages, zoom: doc.querySelector<HTMLElement>('.pagedjs_pages')!.style.zoom, label: document.getElementById('spread')!.textContent}
      })
      expect(laid.zoom).toBe('1.25')
      expect(laid.label).toBe('Single')
      const [one, two, three] = laid.pages
      expect(two!.top).toBe(three!.top)
      expect(two!.top).toBeGreaterThan(one!.top)
      expect(one!.left).toBe(three!.left)
      expect(two!.left).toBeLessThan(three!.left)
    } finally {
      await browser.close()
      await preview.close()
    }
  }, 60_000)
})

describe.skipIf(!executable)('handout preview, the command', () => {
  it('gives a packet an index of the bound volume and its articles, in the packet’s order', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'handout-preview-packet-'))
    writeFileSync(join(dir, 'b.md'), '---\ntitle: Bee\n---\n\nThe text of Bee.\n')
    writeFileSync(join(dir, 'a.md'), '---\ntitle: Ay\n---\n\nThe text of Ay.\n')
    writeFileSync(join(dir, 'packet.yml'), 'title: P\narticles: [b.md, a.md]\n')
    const child = spawn(process.execPath, [cli, 'preview', 'packet.yml'], {cwd: dir, stdio: ['ignore', 'pipe', 'pipe']})
    try {
      const url = await listening(child)
      const {default: puppeteer} = await import('puppeteer')
      const browser = await puppeteer.launch({executablePath: executable!, headless: 'new', args: ['--no-sandbox']})
      try {
        const page = await browser.newPage()
        await page.goto(url)
        expect(await page.$$eval('ul.documents a', (as) => as.map((a) => [a.getAttribute('href'), a.textContent]))).toEqual([['/view/0', 'P'], ['/view/1', 'Bee'], ['/view/2', 'Ay']])
        await Promise.all([page.waitForNavigation(), page.click('a[href="/view/2"]')])
        await waitForText(page, 'The text of Ay.')
        expect(await page.$eval('#bar .title', (e) => e.textContent)).toBe('Ay')
        // The bound volume: both articles, and contents with the pages they start on.
        await page.goto(new URL('/view/0', url).href)
        await waitForText(page, 'The text of Ay.')
        expect(await shownText(page)).toContain('The text of Bee.')
        const contents = await page.evaluate(() =>
          Array.from(document.querySelector<HTMLIFrameElement>('#frames iframe:not(.loading)')!.contentDocument!.querySelectorAll('.pagedjs_pages a.toc-link .toc-page')).map((e) => e.textContent)
        )
        expect(contents).toHaveLength(2)
        expect(contents.every((n) => /^\d+$/.test(n ?? ''))).toBe(true)
      } finally {
        await browser.close()
      }
    } finally {
      child.kill('SIGINT')
    }
  }, 40_000)

  it('says so when there is no browser to open it or to print the PDF, and shows the pages all the same', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'handout-preview-nobrowser-'))
    writeFileSync(join(dir, 'doc.md'), '---\ntitle: Doc\n---\n\nText.\n')
    const child = spawn(process.execPath, [cli, 'preview', 'doc.md', '--open', '--browser', join(dir, 'no-such-chromium')], {cwd: dir, stdio: ['ignore', 'pipe', 'pipe']})
    let err = ''
    child.stderr!.on('data', (chunk) => (err += String(chunk)))
    try {
      const url = await listening(child)
      expect((await fetch(new URL('/view/0', url))).status).toBe(200)
      const pdf = await fetch(new URL('/pdf/0', url))
      expect(pdf.status).toBe(503)
      const text = await pdf.text()
      expect(text).toContain('PDF not made: no Chromium or Chrome found')
      expect(text).toContain('handout doctor')
      expect(text).not.toContain('HTML was still written')
      await new Promise((done) => setTimeout(done, 500))
      expect(err).toContain(`no browser found to open the preview (see \`handout doctor\`); open ${url} in yours`)
    } finally {
      child.kill('SIGINT')
    }
  }, 40_000)

  it('says where it listens, and stops on Ctrl-C with exit 0, leaving nothing in its folder', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'handout-preview-cli-'))
    writeFileSync(join(dir, 'doc.md'), '---\ntitle: Doc\n---\n\nText.\n')
    // Its own temp folder: the browser it starts for the PDF keeps its profile there.
    const temp = mkdtempSync(join(tmpdir(), 'handout-preview-tmp-'))
    const child = spawn(process.execPath, [cli, 'preview', 'doc.md'], {cwd: dir, stdio: ['ignore', 'pipe', 'pipe'], env: {...process.env, TMPDIR: temp}})
    const url = await listening(child)
    expect((await fetch(new URL('/view/0', url))).status).toBe(200)
    expect((await fetch(new URL('/pdf/0', url))).headers.get('content-type')).toBe('application/pdf')
    const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)))
    child.kill('SIGINT')
    expect(await exited).toBe(0)
    expect(readdirSync(dir)).toEqual(['doc.md'])
    expect(readdirSync(temp)).toEqual([])
  }, 40_000)
})

/** The URL a `handout preview` process says it listens on. */
function listening(child: ReturnType<typeof spawn>): Promise<string> {
  let out = ''
  return new Promise<string>((done, fail) => {
    const timer = setTimeout(() => fail(new Error(`no URL after 20 s: ${out}`)), 20_000)
    child.stdout!.on('data', (chunk) => {
      out += String(chunk)
      const url = /Preview at (http:\/\/127\.0\.0\.1:\d+\/)/.exec(out)?.[1]
      if (url) {
        clearTimeout(timer)
        done(url)
      }
    })
  })
}

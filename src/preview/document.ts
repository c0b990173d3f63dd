/**
 * One document of a preview: built in memory as `handout build` builds it
 * (the same processor, warm across rebuilds), then made into the print page
 * the PDF is printed from (print-html.ts), set for a browser tab rather than
 * the sealed print tab: handout's own files are asked of the preview server
 * (`/.handout/…`), and a script of handout's (with the page's nonce) runs
 * Paged.js and tells the viewer the page count.
 */
import {randomBytes} from 'node:crypto'
import {basename, extname, join, resolve} from 'node:path'
import {VFile} from 'vfile'
import type {VFileMessage} from 'vfile-message'
import type {Root} from 'hast'
import type {Metadata} from '../types.js'
import type {Resources} from '../render/rehype-resources.js'
import type {createProcessor} from '../processor.js'
import type {Access} from '../load/files.js'
import {makeDocument} from '../build/make.js'
import {dependencies} from '../build/cache-key.js'
import {toPrintHtml} from '../paginate/print-html.js'
import type {FontSpec} from '../paginate/fonts.js'
import {ORIGIN, pageUrl} from '../paginate/origin.js'
import type {PrintJob} from '../paginate/sealed-page.js'

/** A document as last built: its page (the last good one), its messages and the files it read. */
export interface PreviewDocument {
  input: string
  title: string
  /** Path of the page on the server (the HTML's absolute path, as on the print origin). */
  path: string
  /** Counts good builds: the viewer loads a new page when it changes. */
  version: number
  /** The last good build's page and what it may load; undefined until one succeeds. */
  job?: PrintJob | undefined
  /** The last build's messages (a failed build keeps the last good page). */
  messages: VFileMessage[]
  ok: boolean
  /** Files the last build read (watched for changes). */
  dependencies: string[]
  /** A bound packet: its PDF fills in the contents' page numbers. */
  packet?: boolean | undefined
  /** The last good build's tree and meta, for a PDF on demand. */
  printable?: {tree: Root; meta: Metadata; resources?: Resources | undefined} | undefined
}

export interface PreviewContext {
  processor: ReturnType<typeof createProcessor>
  access: Access
  outDir: string
  fonts: FontSpec[]
  scripts?: boolean | undefined
  /** Words hyphenated by earlier builds (print-html.ts). */
  hyphenated: Map<string, Map<string, string>>
}

/**
 * In the page: the viewer's look for the pages (kept out of Paged.js's
 * stylesheets; a spread as a book opens, page 1 alone on the right), fonts,
 * Paged.js (each page laid out is told to the viewer, which shows the build
 * once the reader's page is there), what the document adds after pagination
 * (a packet's contents), then the page count.
 *
 * `handoutRender(url, version)` lays out a later build in this same window:
 * its stylesheets, fonts and content replace the last ones and a new Paged.js
 * previewer runs, with Paged.js already compiled and warm (a third of the
 * time of a new page). What is laid out is the same print page; only
 * documents that run scripts of their own are always loaded anew.
 */
const RUN = (after: string) => `(function () {
  var style = document.createElement('style');
  style.setAttribute('data-pagedjs-ignore', '');
  style.textContent = 'html, body { background: #6b6b6b; margin: 0; } .pagedjs_pages { padding: 16px 0; } ' +
    '.pagedjs_page { background: #fff; margin: 0 auto 16px; box-shadow: 0 1px 6px rgba(0,0,0,.45); } ' +
    'body.spread .pagedjs_pages { display: grid; grid-template-columns: repeat(2, max-content); justify-content: center; column-gap: 16px; width: auto !important; } ' +
    'body.spread .pagedjs_page { margin: 0 0 16px; } body.spread .pagedjs_left_page { grid-column: 1; } body.spread .pagedjs_right_page { grid-column: 2; }';
  document.head.appendChild(style);
  var version = Number(new URLSearchParams(location.search).get('v'));
  var count = 0;
  function tell(message) { message.version = version; parent.postMessage(message, location.origin); }
  window.Paged.registerHandlers(class extends window.Paged.Handler {
    afterPageLayout() { tell({handout: 'page', count: ++count}); }
  });
  async function finish(flow) {
    ${after};
    tell({handout: 'paged', total: flow.total});
  }
  function failed(error) { tell({handout: 'failed', reason: String(error && error.message || error)}); }
  (async function () {
    var config = window.PagedConfig || {};
    if (config.before) await config.before();
    await finish(await window.PagedPolyfill.preview());
  })().catch(failed);
  function copyAttributes(from, to) {
    Array.prototype.slice.call(to.attributes).forEach(function (a) { to.removeAttribute(a.name); });
    Array.prototype.forEach.call(from.attributes, function (a) { to.setAttribute(a.name, a.value); });
  }
  window.handoutRender = function (url, next) {
    version = next;
    count = 0;
    (async function () {
      var response = await fetch(url, {cache: 'no-store'});
      if (!response.ok) throw new Error('the page answered ' + response.status);
      var page = new DOMParser().parseFromString(await response.text(), 'text/html');
      var fonts = page.getElementById('handout-fonts');
      if (fonts) await window.handoutLoadFonts(JSON.parse(fonts.textContent));
      document.querySelectorAll('head style:not([data-pagedjs-ignore]), head link[rel~=stylesheet]').forEach(function (e) { e.remove(); });
      page.head.querySelectorAll('style, link[rel~=stylesheet]').forEach(function (e) { document.head.appendChild(document.adoptNode(e)); });
      copyAttributes(page.documentElement, document.documentElement);
      copyAttributes(page.body, document.body);
      var content = Array.prototype.filter.call(page.body.childNodes, function (n) { return n.nodeName !== 'SCRIPT'; });
      document.body.replaceChildren.apply(document.body, content.map(function (n) { return document.adoptNode(n); }));
      await finish(await new window.Paged.Previewer().preview());
    })().catch(failed);
  };
})();`

/** The page of the print HTML for a browser tab (see the module's comment). */
export function previewHtml(printHtml: string, nonce: string, after = ''): string {
  // The stylesheets stay as they are: Paged.js applies their `@media print` rules and drops
  // `@media screen` ones in a tab as in print (rewritten to `@media all`, string-set lost the running heads).
  return beforeBodyEnd(printHtml.replaceAll(ORIGIN + '/.handout/', '/.handout/'), `<script nonce="${nonce}">${RUN(after)}</script>`)
}

/** `html` with `script` (handout's, with the nonce) just before its last `</body>`. */
function beforeBodyEnd(html: string, script: string): string {
  const at = html.lastIndexOf('</body>')
  return at < 0 ? html + script : html.slice(0, at) + script + html.slice(at)
}

/** Where a document's HTML would be written (its page's path on the server mirrors it). */
export function htmlPathOf(input: string, context: PreviewContext): string {
  return resolve(join(context.outDir, basename(input, extname(input)) + '.html'))
}

/** What a good build adds: the print page for the viewer, its tree for a PDF on demand, and a new version. */
export function withPages(
  doc: PreviewDocument,
  context: PreviewContext,
  page: {htmlPath: string; tree: Root; meta: Metadata; resources?: Resources | undefined; scripts: boolean; after?: string | undefined}
): PreviewDocument {
  const nonce = randomBytes(16).toString('base64')
  // The print page is made from a copy (print-html.ts changes none of the tree), and a PDF copies it again.
  doc.printable = {tree: page.tree, meta: page.meta, resources: page.resources}
  doc.job = {
    url: pageUrl(page.htmlPath),
    html: previewHtml(toPrintHtml(page.tree, {fonts: context.fonts, papersize: page.meta.papersize, nonce, hyphenated: context.hyphenated}), nonce, page.after),
    nonce,
    scripts: page.scripts,
    local: new Set(page.resources?.local.keys() ?? []),
    access: context.access,
    refused: []
  }
  doc.version++
  return doc
}

/** Build (or rebuild) the document at `input`; `previous` keeps its page when this build fails. */
export async function buildPreview(input: string, context: PreviewContext, previous?: PreviewDocument): Promise<PreviewDocument> {
  const file = new VFile({path: input})
  const made = await makeDocument(input, file, {processor: context.processor, access: context.access, outDir: context.outDir})
  const htmlPath = htmlPathOf(input, context)
  const doc: PreviewDocument = {
    input,
    title: file.data.meta?.title ?? basename(input),
    path: new URL(pageUrl(htmlPath)).pathname,
    version: previous?.version ?? 0,
    job: previous?.job,
    printable: previous?.printable,
    messages: file.messages,
    ok: Boolean(made) && !file.messages.some((m) => m.fatal),
    dependencies: dependencies({input, file})
  }
  if (!made || !doc.ok) return doc
  const meta = file.data.meta ?? {}
  return withPages(doc, context, {htmlPath, tree: made.tree, meta, resources: file.data.resources, scripts: Boolean(context.scripts ?? meta.scripts)})
}

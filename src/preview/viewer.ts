/**
 * The preview's own pages: the index of a folder's documents, and the viewer
 * of one: a toolbar (page count, zoom, single or spread, the PDF, the
 * messages) over the paginated page. The viewer listens to the server's
 * events; a new build is loaded into a hidden frame, paginated there, and
 * swapped in at the page the reader was on as soon as that page is laid out
 * (the later pages follow in place), so the pages never flash. `data-shown`
 * on the body names the build whose pages are all laid out. The
 * last build's messages show as an overlay (`file:line:column`, the message,
 * the fix) over the last good pages, and go when the file is fixed.
 */
import {escapeHtml} from '../escape.js'

const STYLE = `
* { box-sizing: border-box; }
html, body { margin: 0; height: 100%; font: 14px/1.4 system-ui, sans-serif; background: #6b6b6b; }
#bar { position: fixed; inset: 0 0 auto 0; height: 40px; display: flex; align-items: center; gap: 12px; padding: 0 12px;
  background: #1f2a36; color: #fff; z-index: 2; }
#bar a, #bar button { color: #fff; background: #34475c; border: 0; border-radius: 3px; padding: 4px 10px; font: inherit; cursor: pointer; text-decoration: none; }
#bar .title { font-weight: 600; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; max-width: 40vw; }
#bar .spacer { flex: 1; }
#status[data-state=error] { background: #a12622; }
#status[data-state=warning] { background: #8a5a00; }
#frames { position: fixed; inset: 40px 0 0 0; }
#frames iframe { position: absolute; inset: 0; width: 100%; height: 100%; border: 0; background: #6b6b6b; }
#frames iframe.loading { visibility: hidden; }
#overlay { position: fixed; right: 16px; bottom: 16px; max-width: min(720px, 90vw); max-height: 50vh; overflow: auto; z-index: 3;
  background: #fff; border-left: 6px solid #a12622; box-shadow: 0 2px 12px rgba(0,0,0,.5); padding: 10px 14px; }
#overlay[hidden] { display: none; }
#overlay.warnings { border-left-color: #c28a00; }
#overlay h2 { font-size: 14px; margin: 0 0 6px; }
#overlay pre { white-space: pre-wrap; margin: 0 0 8px; font: 12.5px/1.4 ui-monospace, monospace; }
#overlay button { float: right; }
ul.documents { background: #fff; max-width: 720px; margin: 60px auto; padding: 16px 32px; list-style: none; }
ul.documents li { margin: 6px 0; }
`

const SCRIPT = `(function () {
var doc = document.body.dataset.doc;
var path = document.body.dataset.path;
var version = -1;
var current = null;
var queued = 0;
var fresh = false;
var zoom = 1;
var spread = false;
var frames = document.getElementById('frames');
var pages = document.getElementById('pages');
var overlay = document.getElementById('overlay');
var status = document.getElementById('status');
// A frame lays out this many builds before it is replaced by a new one.
var RUNS = 40;
function pageOf(frame) {
  var d = frame && frame.contentDocument;
  if (!d) return 0;
  var all = d.querySelectorAll('.pagedjs_page');
  var top = d.scrollingElement ? d.scrollingElement.scrollTop : 0;
  for (var i = 0; i < all.length; i++) if (all[i].offsetTop + all[i].offsetHeight > top + 1) return i;
  return 0;
}
function look(frame) {
  var d = frame.contentDocument;
  if (!d || !d.body) return;
  d.body.classList.toggle('spread', spread);
  var area = d.querySelector('.pagedjs_pages');
  if (area) area.style.zoom = String(zoom);
}
function others() {
  return Array.prototype.filter.call(frames.children, function (f) { return f !== current; });
}
// Build \`next\` is laid out in a hidden frame: the one kept from the last swap, warm,
// when it is idle (and the document runs no scripts of its own), else a new one.
function load(next) {
  var busy = others().filter(function (f) { return f.dataset.busy; });
  if (busy.length) { queued = next; return; }
  queued = 0;
  var spare = others()[0];
  var runs = spare ? Number(spare.dataset.runs) : 0;
  if (spare && !fresh && runs < RUNS && spare.contentWindow && spare.contentWindow.handoutRender) {
    spare.dataset.version = String(next);
    spare.dataset.busy = '1';
    spare.dataset.runs = String(runs + 1);
    spare.contentWindow.handoutRender(path + '?v=' + next, next);
    return;
  }
  others().forEach(function (f) { f.remove(); });
  var frame = document.createElement('iframe');
  frame.className = 'loading';
  frame.title = 'Pages';
  frame.dataset.version = String(next);
  frame.dataset.busy = '1';
  frame.dataset.runs = '1';
  frame.src = path + '?v=' + next;
  frames.appendChild(frame);
}
function swap(frame) {
  var at = pageOf(current);
  look(frame);
  var all = frame.contentDocument.querySelectorAll('.pagedjs_page');
  var target = all[Math.min(at, all.length - 1)];
  if (target) frame.contentDocument.scrollingElement.scrollTop = target.offsetTop;
  frame.classList.remove('loading');
  // The frame shown until now is kept, hidden, for the next build.
  if (current) current.classList.add('loading');
  current = frame;
}
function settled(frame) {
  delete frame.dataset.busy;
  if (queued && queued === version) load(queued);
}
window.addEventListener('message', function (event) {
  if (event.origin !== location.origin || !event.data || !event.data.handout) return;
  var frame = Array.prototype.find.call(frames.children, function (f) { return f.contentWindow === event.source; });
  var data = event.data;
  if (!frame || String(data.version) !== frame.dataset.version) return;
  if (data.handout === 'failed') {
    status.textContent = 'Paged.js failed: ' + data.reason;
    status.dataset.state = 'error';
    // A frame that failed is not laid out again: the next build gets a new one.
    if (frame !== current) frame.remove();
    settled(frame);
    return;
  }
  var newer = frame !== current && (!current || Number(frame.dataset.version) > Number(current.dataset.version));
  // A new build is shown as soon as the page the reader is on is laid out; the rest follow.
  if (data.handout === 'page') {
    if (newer && data.count > pageOf(current)) swap(frame);
    if (frame === current) pages.textContent = data.count + (data.count === 1 ? ' page' : ' pages') + '…';
    return;
  }
  if (data.handout !== 'paged') return;
  if (newer) swap(frame);
  if (frame === current) {
    pages.textContent = data.total + (data.total === 1 ? ' page' : ' pages');
    document.body.dataset.shown = frame.dataset.version;
  }
  settled(frame);
});
function show(state) {
  var messages = state.messages || [];
  var errors = messages.filter(function (m) { return m.severity === 'error'; }).length;
  status.dataset.state = errors ? 'error' : messages.length ? 'warning' : 'ok';
  status.textContent = errors ? errors + ' error' + (errors === 1 ? '' : 's') : messages.length ? messages.length + ' message' + (messages.length === 1 ? '' : 's') : 'no messages';
  overlay.className = errors ? 'errors' : 'warnings';
  overlay.querySelector('h2').textContent = errors ? 'Not rebuilt: the last good pages are shown' : 'Messages';
  var list = overlay.querySelector('div');
  list.textContent = '';
  messages.forEach(function (m) { var pre = document.createElement('pre'); pre.textContent = m.text; list.appendChild(pre); });
  overlay.hidden = messages.length === 0 || (!errors && overlay.dataset.closed === String(state.version));
}
status.addEventListener('click', function () { overlay.hidden = !overlay.hidden; });
overlay.querySelector('button').addEventListener('click', function () { overlay.hidden = true; overlay.dataset.closed = String(version); });
document.getElementById('zoom-in').addEventListener('click', function () { zoom = Math.min(3, zoom * 1.25); if (current) look(current); });
document.getElementById('zoom-out').addEventListener('click', function () { zoom = Math.max(0.25, zoom / 1.25); if (current) look(current); });
document.getElementById('spread').addEventListener('click', function (event) { spread = !spread; event.target.textContent = spread ? 'Single' : 'Spread'; if (current) look(current); });
var events = new EventSource('/events?doc=' + doc);
events.onmessage = function (event) {
  var state = JSON.parse(event.data);
  show(state);
  fresh = Boolean(state.fresh);
  if (state.version > 0 && state.version !== version) {
    version = state.version;
    load(version);
  }
};
})();
`

/** The viewer of document `index`. */
export function viewerPage(index: number, title: string, path: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)} – handout preview</title><style>${STYLE}</style></head>
<body data-doc="${index}" data-path="${escapeHtml(path)}">
<div id="bar"><a href="/" title="All documents">handout</a><span class="title">${escapeHtml(title)}</span><span id="pages">…</span><span class="spacer"></span>
<button id="zoom-out" title="Zoom out">−</button><button id="zoom-in" title="Zoom in">+</button><button id="spread">Spread</button>
<a id="pdf" href="/pdf/${index}" target="_blank">Open PDF</a><button id="status" data-state="ok">…</button></div>
<div id="frames"></div>
<div id="overlay" hidden><button title="Close">×</button><h2></h2><div></div></div>
<script>${SCRIPT}</script></body></html>`
}

/** The index of a folder's documents. */
export function indexPage(documents: Array<{title: string; input: string}>): string {
  const items = documents.map((doc, i) => `<li><a href="/view/${i}">${escapeHtml(doc.title)}</a> <small>${escapeHtml(doc.input)}</small></li>`).join('\n')
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>handout preview</title><style>${STYLE}</style></head>
<body><ul class="documents"><li><strong>${documents.length} document${documents.length === 1 ? '' : 's'}</strong></li>
${items}</ul></body></html>`
}

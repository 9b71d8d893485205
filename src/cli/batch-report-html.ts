/**
 * index.html of a batch run: a static report that opens offline from the output folder (no server,
 * no network): the summary with accuracy and confusions (click one to filter), and the grid of
 * overlays, sortable and filterable. The data sits in a JSON script element; the page builds every
 * element with textContent, so no file name or label can inject markup.
 */
import type { DatasetSummary } from '../dataset/summary';
import { overlayHref } from './batch-files';
import type { BatchIndex } from './batch-index';

const STYLE = `
:root { color-scheme: light dark; --bg: #f7f7f8; --panel: #fff; --text: #1c1d21; --muted: #5f6470;
  --line: #dcdde3; --accent: #2f6fec; --ok: #1a7f37; --bad: #c62828; }
@media (prefers-color-scheme: dark) { :root { --bg: #111318; --panel: #1b1e25; --text: #e8e9ed;
  --muted: #a0a5b1; --line: #2d313b; --accent: #6d9cff; --ok: #4cc26a; --bad: #ff6b6b; } }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, sans-serif; background: var(--bg); color: var(--text); }
header { padding: 16px 20px; border-bottom: 1px solid var(--line); background: var(--panel); }
h1 { font-size: 18px; margin: 0 0 4px; }
.meta { color: var(--muted); }
.summary { display: flex; flex-wrap: wrap; gap: 8px 24px; margin-top: 10px; align-items: baseline; }
.summary b { font-size: 20px; }
.confusions { display: flex; flex-wrap: wrap; gap: 6px; margin-top: 8px; align-items: center; }
button, select, input { font: inherit; color: inherit; background: var(--bg); border: 1px solid var(--line);
  border-radius: 6px; padding: 4px 8px; }
button { cursor: pointer; }
button[aria-pressed="true"] { border-color: var(--accent); outline: 1px solid var(--accent); }
.controls { display: flex; flex-wrap: wrap; gap: 8px; padding: 12px 20px; align-items: center; }
.grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(170px, 1fr)); gap: 12px; padding: 0 20px 24px; }
.tile { background: var(--panel); border: 1px solid var(--line); border-radius: 8px; overflow: hidden; }
.tile a { display: block; aspect-ratio: 1; background: var(--bg); }
.tile img { width: 100%; height: 100%; object-fit: cover; display: block; }
.tile .info { padding: 6px 8px; }
.tile .file { color: var(--muted); font-size: 12px; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.tile .pred { font-weight: 600; }
.ok { color: var(--ok); } .bad { color: var(--bad); }
.tile.wrong { border-color: color-mix(in srgb, var(--bad) 60%, var(--line)); }
.tile .skipped { aspect-ratio: 1; display: flex; flex-direction: column; justify-content: center; gap: 4px;
  padding: 12px; background: color-mix(in srgb, var(--bad) 10%, var(--panel)); color: var(--bad); }
.tile .skipped b { font-size: 15px; }
.count { color: var(--muted); }
`;

const SCRIPT = `
const data = JSON.parse(document.getElementById('data').textContent);
const labels = data.labels;
const name = (i) => (i == null ? '' : (labels[i] || 'class ' + i).split(',')[0]);
const grid = document.getElementById('grid');
const sortSel = document.getElementById('sort');
const filterSel = document.getElementById('filter');
const search = document.getElementById('search');
const count = document.getElementById('count');
let confusion = null;
const top1 = (r) => (r.top.length ? r.top[0] : null);
const correct = (r) => (r.truth == null || !top1(r) ? null : top1(r).index === r.truth);
const prob = (r) => (top1(r) ? top1(r).probability : -1);
const sorters = {
  file: (a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0),
  'prob-desc': (a, b) => prob(b) - prob(a),
  'prob-asc': (a, b) => prob(a) - prob(b),
  predicted: (a, b) => name(top1(a) && top1(a).index).localeCompare(name(top1(b) && top1(b).index)),
  truth: (a, b) => name(a.truth).localeCompare(name(b.truth)),
  'worst-first': (a, b) => (correct(a) === false ? -prob(a) : 1) - (correct(b) === false ? -prob(b) : 1),
};
function tile(r) {
  const el = document.createElement('div');
  el.className = 'tile' + (r.state === 'failed' ? ' failed' : '');
  const info = document.createElement('div');
  info.className = 'info';
  if (r.state === 'ready') {
    const a = document.createElement('a');
    a.href = r.overlay.split('/').map(encodeURIComponent).join('/');
    const img = document.createElement('img');
    img.loading = 'lazy';
    img.alt = r.file;
    img.src = a.href;
    a.append(img);
    el.append(a);
    const pred = document.createElement('div');
    pred.className = 'pred';
    const ok = correct(r);
    pred.textContent = (ok == null ? '' : ok ? '\\u2713 ' : '\\u2717 ') + name(top1(r).index) + ' ' +
      (100 * top1(r).probability).toFixed(1) + '%';
    if (ok != null) pred.classList.add(ok ? 'ok' : 'bad');
    if (ok === false) el.classList.add('wrong');
    info.append(pred);
    if (r.truth != null) {
      const t = document.createElement('div');
      t.textContent = 'true: ' + name(r.truth);
      info.append(t);
    }
  } else {
    // The same square as a photo: a skipped file keeps its place in the grid's rhythm.
    const box = document.createElement('div');
    box.className = 'skipped';
    const title = document.createElement('b');
    title.textContent = 'Skipped';
    const reason = document.createElement('span');
    reason.textContent = r.error;
    box.append(title, reason);
    el.append(box);
    const pred = document.createElement('div');
    pred.className = 'pred bad';
    pred.textContent = 'Not an image';
    info.append(pred);
    if (r.truth != null) {
      const t = document.createElement('div');
      t.textContent = 'true: ' + name(r.truth);
      info.append(t);
    }
  }
  const f = document.createElement('div');
  f.className = 'file';
  f.textContent = r.file;
  f.title = r.file;
  info.append(f);
  el.append(info);
  return el;
}
function render() {
  const q = search.value.trim().toLowerCase();
  const filter = filterSel.value;
  const rows = data.rows.filter((r) => {
    if (filter === 'right' && correct(r) !== true) return false;
    if (filter === 'wrong' && correct(r) !== false) return false;
    if (filter === 'failed' && r.state !== 'failed') return false;
    if (confusion && !(r.truth === confusion.truth && top1(r) && top1(r).index === confusion.predicted)) return false;
    if (q && !(r.file.toLowerCase().includes(q) || name(top1(r) && top1(r).index).toLowerCase().includes(q))) return false;
    return true;
  });
  rows.sort(sorters[sortSel.value]);
  grid.replaceChildren(...rows.map(tile));
  count.textContent = rows.length + ' of ' + data.rows.length + ' images';
}
document.querySelectorAll('[data-truth]').forEach((b) => {
  b.addEventListener('click', () => {
    const pick = { truth: Number(b.dataset.truth), predicted: Number(b.dataset.predicted) };
    const same = confusion && confusion.truth === pick.truth && confusion.predicted === pick.predicted;
    confusion = same ? null : pick;
    document.querySelectorAll('[data-truth]').forEach((o) => o.setAttribute('aria-pressed', String(o === b && !same)));
    render();
  });
});
[sortSel, filterSel].forEach((el) => el.addEventListener('change', render));
search.addEventListener('input', render);
render();
`;

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function short(labels: readonly string[], i: number): string {
  return (labels[i] ?? `class ${i}`).split(',')[0];
}

/** The report for an index (rows sorted by file) and its summary. */
export function reportHtml(index: BatchIndex, summary: DatasetSummary): string {
  const { labels } = index;
  const accuracy = summary.accuracy == null ? 'n/a' : `${(100 * summary.accuracy).toFixed(1)}%`;
  const mode = index.classIndex == null ? 'own top-1' : `class ${short(labels, index.classIndex)}`;
  const confusions = summary.confusions
    .slice(0, 12)
    .map(
      (c) =>
        `<button type="button" aria-pressed="false" data-truth="${c.truth}" data-predicted="${c.predicted}">` +
        `${escapeHtml(short(labels, c.truth))} &rarr; ${escapeHtml(short(labels, c.predicted))} (${c.count})</button>`,
    )
    .join('');
  // Only what the page needs, with '<' escaped so no value can close the script element.
  const data = JSON.stringify({
    labels,
    rows: index.rows.map((r) => ({ ...r, top: r.top.slice(0, 1), overlay: overlayHref(r.file) })),
  }).replace(/</g, '\\u003c');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Grad-CAM batch report: ${escapeHtml(index.model)}</title>
<style>${STYLE}</style>
</head>
<body>
<header>
<h1>Grad-CAM batch report</h1>
<div class="meta">${escapeHtml(index.model)} &middot; ${escapeHtml(index.method)} at ${escapeHtml(index.layer)} &middot; ${escapeHtml(mode)}</div>
<div class="summary" id="summary" data-accuracy="${summary.accuracy ?? ''}">
<span><b>${accuracy}</b> accuracy (${summary.correct} of ${summary.withTruth} with a known class)</span>
<span><b>${summary.ready}</b> explained</span>
<span><b>${summary.failed}</b> skipped</span>
</div>
${confusions ? `<div class="confusions"><span class="meta">Most common confusions (true &rarr; predicted):</span>${confusions}</div>` : ''}
</header>
<div class="controls">
<label>Sort <select id="sort">
<option value="file">file</option><option value="prob-desc">probability, high first</option>
<option value="prob-asc">probability, low first</option><option value="predicted">predicted class</option>
<option value="truth">true class</option><option value="worst-first">worst mistakes first</option>
</select></label>
<label>Show <select id="filter">
<option value="all">all</option><option value="right">right</option><option value="wrong">wrong</option>
<option value="failed">skipped files</option>
</select></label>
<input id="search" type="search" placeholder="file or class" aria-label="Search by file or class">
<span class="count" id="count"></span>
</div>
<main class="grid" id="grid"></main>
<script type="application/json" id="data">${data}</script>
<script>${SCRIPT}</script>
</body>
</html>
`;
}

/**
 * A probe of the dataset view's responsiveness (issue 13): picks a folder of N photos in the production
 * build (headless Chromium, the app's worker), runs it to the end, and prints every main-thread task over
 * 50 ms (PerformanceObserver 'longtask'), and with --trace the Chrome trace's breakdown of each one (what
 * ran inside it: script by function and file, layout, style, paint). Builds nothing: run `npm run build`
 * first.
 *   npx tsx bench/dataset-trace.ts [--images 500] [--port 4374] [--backend wasm] [--dist dist] [--trace]
 *     [--over 50] [--out trace.json] [--threads] [--forward-only]
 * --over N lists the trace's main-thread tasks over N ms (the long-task API's limit is fixed at 50):
 * tasks just under the limit on a quiet machine go over it on a busy one.
 * --threads (with --trace) sums each thread's top-level tasks over the run: wall time and CPU time
 * (the trace's thread time), by thread name (the page, the worker, wasm's pthreads, the browser's
 * decoders and encoders): where a run's CPU goes. --forward-only runs the predictions-only baseline
 * (gradcamDebug.setDatasetForwardOnly), so the two summaries give what maps and thumbnails cost.
 * The folder is e2e/support/dataset-folder.ts's (three classes of flipped, cropped, recoloured sample
 * photos plus one bad file): --images 500 makes 3 x 167 photos + 1 = 502 files.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { makeDatasetFolder } from '../e2e/support/dataset-folder';
import { openStudio, option, runBench } from './dataset-page';

interface TraceEvent {
  name: string;
  ph: string;
  ts: number;
  dur?: number;
  tdur?: number;
  tid: number;
  pid: number;
  args?: { data?: { functionName?: string; url?: string; frame?: string } };
}

/** Work inside a task, summed by name (they do not nest in one another). */
const LEAVES = [
  'RunMicrotasks',
  'Layout',
  'UpdateLayoutTree',
  'Paint',
  'PrePaint',
  'Layerize',
  'Commit',
  'HitTest',
];
/** What the task was (these hold the others). */
const KINDS = ['TimerFire', 'HandlePostMessage', 'FireAnimationFrame', 'EventDispatch', 'ParseHTML'];

/** What ran inside one long task: time by kind (script by function and file), the largest first. */
function breakdown(events: TraceEvent[], task: TraceEvent): string[] {
  const end = task.ts + (task.dur ?? 0);
  const inside = events.filter(
    (e) =>
      e.ph === 'X' &&
      e.tid === task.tid &&
      e.pid === task.pid &&
      e !== task &&
      e.ts >= task.ts &&
      e.ts + (e.dur ?? 0) <= end,
  );
  const totals = new Map<string, number>();
  const add = (key: string, us: number) => totals.set(key, (totals.get(key) ?? 0) + us);
  for (const e of inside) {
    const d = e.args?.data;
    if (e.name === 'FunctionCall' || e.name === 'EvaluateScript' || e.name === 'v8.callFunction')
      add(`script ${d?.functionName || '(anonymous)'} ${(d?.url ?? '').split('/').pop()}`, e.dur ?? 0);
    else if (LEAVES.includes(e.name)) add(e.name, e.dur ?? 0);
    else if (KINDS.includes(e.name)) add(`(${e.name})`, e.dur ?? 0);
  }
  return [...totals]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 8)
    .map(([key, us]) => `${(us / 1000).toFixed(1)} ms ${key}`);
}

/** The trace's names of a thread's top-level task (they do not nest in one another). */
const TOP_LEVEL = ['RunTask', 'ThreadControllerImpl::RunTask', 'ThreadPool_RunTask'];

/** Each thread's top-level tasks summed (wall and CPU ms), threads of one name together, busiest first. */
function threadTotals(events: TraceEvent[]): string[] {
  const names = new Map<string, string>();
  for (const e of events)
    if (e.name === 'thread_name') names.set(`${e.pid}:${e.tid}`, String((e.args as { name?: string })?.name));
  const totals = new Map<string, { wall: number; cpu: number; tasks: number; threads: Set<string> }>();
  for (const e of events) {
    if (e.ph !== 'X' || !TOP_LEVEL.includes(e.name)) continue;
    const id = `${e.pid}:${e.tid}`;
    const name = (names.get(id) ?? `thread ${e.tid}`).replace(/\d+$/, '#');
    const t = totals.get(name) ?? { wall: 0, cpu: 0, tasks: 0, threads: new Set<string>() };
    t.wall += e.dur ?? 0;
    t.cpu += e.tdur ?? 0;
    t.tasks += 1;
    t.threads.add(id);
    totals.set(name, t);
  }
  return [...totals]
    .sort((a, b) => b[1].cpu - a[1].cpu)
    .map(
      ([name, t]) =>
        `${(t.cpu / 1000).toFixed(0).padStart(7)} ms CPU ${(t.wall / 1000).toFixed(0).padStart(7)} ms wall ` +
        `${String(t.tasks).padStart(6)} tasks ${t.threads.size} thread(s) ${name}`,
    );
}

async function main(): Promise<void> {
  const images = Number(option('images', '500'));
  const port = Number(option('port', '4374'));
  const backend = option('backend', 'wasm');
  const dist = option('dist', 'dist');
  const trace = process.argv.includes('--trace');
  const threads = process.argv.includes('--threads');
  const forwardOnly = process.argv.includes('--forward-only');
  const data = makeDatasetFolder(Math.ceil(images / 3));
  const { browser, page, close } = await openStudio({ dist, port, backend });
  const bundle = readdirSync(`${dist}/assets`).find((f) => /^index-.*\.js$/.test(f)) ?? '?';
  try {
    await page.waitForTimeout(1000); // the single view's own work settles
    if (forwardOnly) await page.evaluate(() => window.gradcamDebug.setDatasetForwardOnly(true));
    await page.evaluate(() => {
      const w = window as Window & { longTasks?: { start: number; ms: number }[] };
      w.longTasks = [];
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) w.longTasks!.push({ start: e.startTime, ms: e.duration });
      }).observe({ type: 'longtask', buffered: false });
    });
    if (trace)
      await browser.startTracing(page, {
        categories: [
          'devtools.timeline',
          'disabled-by-default-devtools.timeline',
          'toplevel',
          'v8.execute',
          ...(threads ? ['__metadata', 'disabled-by-default-v8.cpu_profiler'] : []),
        ],
      });
    const t0 = await page.evaluate(() => performance.now());
    await page.getByTestId('dataset-input').setInputFiles(data.dir);
    await page.waitForFunction(() => window.gradcamDebug.dataset().total > 0);
    await page.waitForFunction(
      () => {
        const d = window.gradcamDebug.dataset();
        return d.done === d.total;
      },
      undefined,
      { timeout: 30 * 60_000, polling: 200 },
    );
    await page.waitForTimeout(500); // the last batch's render and thumbnails
    const stats = await page.evaluate(() => window.gradcamDebug.dataset());
    const tasks = await page.evaluate(
      () => (window as Window & { longTasks?: { start: number; ms: number }[] }).longTasks ?? [],
    );
    const buffer = trace ? await browser.stopTracing() : null;
    console.log(`build ${bundle}; load ${readFileSync('/proc/loadavg', 'utf8').trim()}`);
    console.log(
      `${stats.total} files, ${stats.failed} failed, ${stats.imagesPerSecond.toFixed(1)} images/s; ` +
        `tasks over 50 ms: [${tasks.map((t) => t.ms.toFixed(1)).join(', ')}]`,
    );
    for (const t of tasks) console.log(`  at ${((t.start - t0) / 1000).toFixed(2)} s: ${t.ms.toFixed(1)} ms`);
    if (buffer) {
      const out = option('out', '');
      if (out) writeFileSync(out, buffer);
      const events = (JSON.parse(buffer.toString()) as { traceEvents: TraceEvent[] }).traceEvents;
      if (threads) {
        console.log(
          `threads (${forwardOnly ? 'forward-only' : 'full run'}), top-level tasks from the pick on:`,
        );
        for (const line of threadTotals(events)) console.log(`  ${line}`);
      }
      const main = events.find(
        (e) => e.name === 'thread_name' && JSON.stringify(e.args).includes('CrRendererMain'),
      );
      const over = Number(option('over', '50')) * 1000;
      const long = events.filter(
        (e) =>
          e.name === 'RunTask' &&
          e.ph === 'X' &&
          (e.dur ?? 0) > over &&
          (!main || (e.tid === main.tid && e.pid === main.pid)),
      );
      console.log(`trace: ${long.length} main-thread tasks over ${over / 1000} ms`);
      const traceStart = long.length
        ? events.reduce((m, e) => (e.ts > 0 && e.ts < m ? e.ts : m), Infinity)
        : 0;
      for (const task of long) {
        const at = ((task.ts - traceStart) / 1e6).toFixed(2);
        console.log(`  at ${at} s: ${((task.dur ?? 0) / 1000).toFixed(1)} ms`);
        for (const line of breakdown(events, task)) console.log(`    ${line}`);
      }
    }
  } finally {
    await close();
  }
}

runBench(main);

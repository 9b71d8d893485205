/**
 * The dataset view's speed (a short case, not a test): N photos (made from ../shared/images with
 * flips, crops and colour changes, as the e2e does) through the production build in headless
 * Chromium, in the app's worker.
 *   npx tsx bench/dataset.bench.ts [--images 1000] [--backend wasm] [--dist dist] [--tiles 5000]
 *     [--pairs 1] [--port 4391]
 * - Throughput: the run as the page makes it (batched forward pass, maps, boxes, thumbnails) against
 *   the forward-only baseline: the same page, files, decoding, batches and round trips, with
 *   predictions only (gradcamDebug.setDatasetForwardOnly). Also the model's plain batch-of-one
 *   predict() in the worker (gradcamDebug.benchmark 'forward'), for reference. --pairs N runs N
 *   forward-only + full pairs, the order alternating (one run's figure moves by up to 10 % on a
 *   shared 2-core machine): the ratio is the median of the pairs' ratios, each pair's listed.
 * - Memory over the full run: worker tensors, tensor bytes and GPU bytes, the page's JS heap (after a
 *   GC) at 10 %, 50 % and 100 % of the files.
 * - Responsiveness: main-thread long tasks (PerformanceObserver 'longtask', > 50 ms) from the pick to
 *   the end: `handoverMs` is the one that began before the input's change event (the browser making a
 *   File of each picked file, before the page sees any), `longTasksDuringRun` the rest (ms each);
 *   and while a grid of --tiles tiles (the finished ones repeated) scrolls: frame times (rAF).
 * Targets (reported, never asserted): throughput >= 0.9 x forward-only; no long task; tensors and GPU
 * bytes flat, JS heap within +50 MB; scrolling at the display's frame rate.
 */
import type { Page } from '@playwright/test';
import { makeDatasetFolder } from '../e2e/support/dataset-folder';
import { openStudio, option, runBench } from './dataset-page';

interface MemorySample {
  done: number;
  tensors: number | null;
  tensorBytes: number | null;
  gpuBytes: number | null;
  heapMB: number | null;
}

async function sample(page: Page): Promise<MemorySample> {
  return page.evaluate(async () => {
    (window as Window & { gc?: () => void }).gc?.();
    const memory = await window.gradcamDebug.memory();
    const heap = (performance as Performance & { memory?: { usedJSHeapSize: number } }).memory;
    return {
      done: window.gradcamDebug.dataset().done,
      tensors: memory?.numTensors ?? null,
      tensorBytes: memory?.numBytes ?? null,
      gpuBytes: memory?.numBytesInGPU ?? null,
      heapMB: heap ? Math.round((heap.usedJSHeapSize / 2 ** 20) * 10) / 10 : null,
    };
  });
}

type RunFigures = Awaited<ReturnType<typeof runFolder>>;

/** One run over the folder: images/s (the page's own figure), long tasks, memory along the way. */
async function runFolder(page: Page, dir: string, forwardOnly: boolean, samples: MemorySample[] | null) {
  await page.evaluate((on) => window.gradcamDebug.setDatasetForwardOnly(on), forwardOnly);
  await page.evaluate(() => {
    const w = window as Window & {
      longTasks?: { start: number; ms: number }[];
      picked?: number;
      observer?: PerformanceObserver;
    };
    w.longTasks = [];
    w.picked = undefined;
    w.observer?.disconnect();
    w.observer = new PerformanceObserver((list) => {
      for (const entry of list.getEntries())
        w.longTasks!.push({ start: entry.startTime, ms: entry.duration });
    });
    w.observer.observe({ type: 'longtask', buffered: false });
    // When the page gets the files: the input's change event, before the app's own handler.
    const input = document.querySelector('[data-testid=dataset-input]');
    input?.addEventListener('change', () => (w.picked ??= performance.now()), { capture: true, once: true });
  });
  await page.getByTestId('dataset-input').setInputFiles(dir);
  await page.waitForFunction(() => window.gradcamDebug.dataset().total > 0);
  const total = (await page.evaluate(() => window.gradcamDebug.dataset())).total;
  for (const fraction of samples ? [0.1, 0.5] : []) {
    await page.waitForFunction((n) => window.gradcamDebug.dataset().done >= n, Math.ceil(total * fraction), {
      timeout: 30 * 60_000,
      polling: 100,
    });
    samples!.push(await sample(page));
  }
  await page.waitForSelector('[data-testid=dataset-progress][data-status=done]', { timeout: 30 * 60_000 });
  const stats = await page.evaluate(() => window.gradcamDebug.dataset());
  const { tasks, picked } = await page.evaluate(() => {
    const w = window as Window & { longTasks?: { start: number; ms: number }[]; picked?: number };
    return { tasks: w.longTasks ?? [], picked: w.picked ?? Number.POSITIVE_INFINITY };
  });
  if (samples) samples.push(await sample(page));
  // A task that began before the change event is the browser's handover of the picked files (it
  // makes a File for each before the page sees any): before the run, not of it.
  const handover = tasks.filter((t) => t.start < picked);
  const during = tasks.filter((t) => t.start >= picked);
  const longest = (list: { ms: number }[]) =>
    list.length ? Math.round(Math.max(...list.map((t) => t.ms))) : 0;
  return {
    files: stats.total,
    failed: stats.failed,
    imagesPerSecond: Number(stats.imagesPerSecond.toFixed(2)),
    longTasks: tasks.length,
    longestTaskMs: longest(tasks),
    handoverMs: longest(handover),
    longTasksDuringRun: during.map((t) => Math.round(t.ms)),
  };
}

/** Scrolls the grid down and back up at a steady pace; frame intervals and long tasks meanwhile. */
async function scrollGrid(page: Page) {
  return page.evaluate(async () => {
    const grid = document.querySelector<HTMLElement>('.vgrid')!;
    const longTasks: number[] = [];
    const observer = new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) longTasks.push(entry.duration);
    });
    observer.observe({ type: 'longtask', buffered: false });
    // Control: frame intervals with nothing moving (what this machine's compositor gives at all).
    const idle: number[] = [];
    await new Promise<void>((resolve) => {
      let last = performance.now();
      const tick = (now: number) => {
        idle.push(now - last);
        last = now;
        if (idle.length < 120) requestAnimationFrame(tick);
        else resolve();
      };
      requestAnimationFrame(tick);
    });
    const frames: number[] = [];
    const pxPerFrame = 80;
    const max = grid.scrollHeight - grid.clientHeight;
    await new Promise<void>((resolve) => {
      let last = performance.now();
      let direction = 1;
      let count = 0;
      const step = (now: number) => {
        frames.push(now - last);
        last = now;
        grid.scrollTop += direction * pxPerFrame;
        if (grid.scrollTop >= max) direction = -1;
        // A jump across the whole grid every 100 frames (the scrollbar dragged).
        if (++count % 100 === 0) grid.scrollTop = direction > 0 ? max / 2 : 0;
        if (count < 600) requestAnimationFrame(step);
        else resolve();
      };
      requestAnimationFrame(step);
    });
    observer.disconnect();
    const sorted = frames.slice(1).sort((a, b) => a - b);
    const at = (q: number) => Math.round(sorted[Math.floor(q * (sorted.length - 1))] * 10) / 10;
    const idleSorted = idle.slice(1).sort((a, b) => a - b);
    return {
      idleMedianFrameMs: Math.round(idleSorted[idleSorted.length >> 1] * 10) / 10,
      frames: sorted.length,
      medianFrameMs: at(0.5),
      p95FrameMs: at(0.95),
      maxFrameMs: at(1),
      framesOver50ms: sorted.filter((f) => f > 50).length,
      longTasks: longTasks.length,
      longestTaskMs: longTasks.length ? Math.round(Math.max(...longTasks)) : 0,
      tilesInDom: document.querySelectorAll('[data-testid=dataset-tile]').length,
      scrollHeightPx: grid.scrollHeight,
    };
  });
}

async function main(): Promise<void> {
  const images = Number(option('images', '1000'));
  const backend = option('backend', 'wasm');
  const dist = option('dist', 'dist');
  const gridTiles = Number(option('tiles', '5000'));
  const port = Number(option('port', '4391'));
  const data = makeDatasetFolder(Math.ceil(images / 3));
  const { page, close } = await openStudio({
    dist,
    port,
    backend,
    args: ['--enable-precise-memory-info', '--js-flags=--expose-gc'],
  });
  try {
    const predict = await page.evaluate(() =>
      window.gradcamDebug.benchmark({ runs: 20, warmup: 3, cases: ['forward'], soakRuns: 0 }),
    );
    const predictMs = predict.cases.find((c) => c.case === 'forward')!.medianMs;
    const pairs: { full: RunFigures; forwardOnly: RunFigures }[] = [];
    let samples: MemorySample[] = [];
    for (let i = 0; i < Number(option('pairs', '1')); i++) {
      // Memory is sampled over the first full run only.
      const full = async () => {
        const memory = i === 0 ? [await sample(page)] : null;
        const figures = await runFolder(page, data.dir, false, memory);
        if (memory) samples = memory;
        return figures;
      };
      if (i % 2 === 0) {
        const forwardOnly = await runFolder(page, data.dir, true, null);
        pairs.push({ forwardOnly, full: await full() });
      } else {
        const f = await full();
        pairs.push({ full: f, forwardOnly: await runFolder(page, data.dir, true, null) });
      }
    }
    const ratios = pairs.map((q) => q.full.imagesPerSecond / q.forwardOnly.imagesPerSecond);
    const median = ratios.slice().sort((a, b) => a - b)[(ratios.length - 1) >> 1];
    const { full, forwardOnly } = pairs[ratios.indexOf(median)];
    const total = await page.evaluate((n) => window.gradcamDebug.repeatDatasetTiles(n), 1);
    const repeated = await page.evaluate(
      (n) => window.gradcamDebug.repeatDatasetTiles(n),
      Math.ceil(gridTiles / total),
    );
    await page.waitForTimeout(500);
    const scroll = { tiles: repeated, ...(await scrollGrid(page)) };
    const report = {
      backend,
      files: full.files,
      failed: full.failed,
      imagesPerSecond: full.imagesPerSecond,
      forwardOnlyImagesPerSecond: forwardOnly.imagesPerSecond,
      ratio: Number(median.toFixed(3)),
      pairs: pairs.map((q, i) => ({
        imagesPerSecond: q.full.imagesPerSecond,
        forwardOnlyImagesPerSecond: q.forwardOnly.imagesPerSecond,
        ratio: Number(ratios[i].toFixed(3)),
        handoverMs: q.full.handoverMs,
        longTasksDuringRun: q.full.longTasksDuringRun,
      })),
      predictBatchOfOneMs: Number(predictMs.toFixed(2)),
      ratioToPredictBatchOfOne: Number((full.imagesPerSecond / (1000 / predictMs)).toFixed(3)),
      longTasks: full.longTasks,
      longestTaskMs: full.longestTaskMs,
      handoverMs: full.handoverMs,
      longTasksDuringRun: full.longTasksDuringRun,
      forwardOnlyLongTasks: forwardOnly.longTasks,
      memory: samples,
      heapGrowthMB:
        samples[0].heapMB != null && samples.at(-1)!.heapMB != null
          ? Number((samples.at(-1)!.heapMB! - samples[0].heapMB).toFixed(1))
          : null,
      scroll,
    };
    console.log(JSON.stringify(report, null, 2));
  } finally {
    await close();
  }
}

runBench(main);

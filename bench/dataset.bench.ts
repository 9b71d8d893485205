/**
 * The dataset view's speed (a short case, not a test): N photos through the production build in
 * headless Chromium, in the app's worker. Reports throughput against the forward-only throughput of
 * the same backend and model, the page's long tasks (PerformanceObserver 'longtask': any main-thread
 * task over 50 ms), and memory: worker tensors before/after, the page's JS heap growth.
 *   npx tsx bench/dataset.bench.ts [--images 500] [--backend wasm] [--dist dist]
 * Targets (reported, never asserted): throughput >= 0.9 x forward-only; no long task; tensors flat,
 * JS heap within +50 MB.
 */
import { existsSync } from 'node:fs';
import { chromium } from '@playwright/test';
import { makeDatasetFolder } from '../e2e/support/dataset-folder';
import { CHROMIUM_ARGS } from '../playwright.config';
import { serveStatic } from '../scripts/serve-static';

const PORT = 4391;

function option(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}

async function main(): Promise<void> {
  const images = Number(option('images', '500'));
  const backend = option('backend', 'wasm');
  const dist = option('dist', 'dist');
  if (!existsSync(`${dist}/index.html`)) throw new Error(`no ${dist}/: run \`npx vite build\` first`);
  const data = makeDatasetFolder(Math.ceil(images / 3));
  const server = await serveStatic({ dir: dist, base: '/', port: PORT });
  const browser = await chromium.launch({
    executablePath: existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined,
    args: [...CHROMIUM_ARGS, '--enable-precise-memory-info'],
  });
  try {
    const page = await browser.newPage();
    await page.goto(`http://127.0.0.1:${PORT}/?backend=${backend}&sample=chelsea`);
    await page.waitForSelector('[data-testid=overlay-canvas][data-state=ready]', { timeout: 120_000 });
    // Forward-only throughput of the same model and backend, in the same worker.
    const forward = await page.evaluate(() =>
      window.gradcamDebug.benchmark({ runs: 20, warmup: 3, cases: ['forward'], soakRuns: 0 }),
    );
    const forwardMs = forward.cases.find((c) => c.case === 'forward')!.medianMs;
    const before = await page.evaluate(async () => ({
      tensors: (await window.gradcamDebug.memory())?.numTensors ?? null,
      heap:
        (performance as Performance & { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize ?? null,
    }));
    await page.evaluate(() => {
      const w = window as Window & { longTasks?: number[] };
      w.longTasks = [];
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) w.longTasks!.push(entry.duration);
      }).observe({ type: 'longtask', buffered: false });
    });
    const start = Date.now();
    await page.getByTestId('dataset-input').setInputFiles(data.dir);
    await page.waitForSelector('[data-testid=dataset-progress][data-status=done]', { timeout: 30 * 60_000 });
    const wallS = (Date.now() - start) / 1000;
    const after = await page.evaluate(async () => {
      // Let the page settle, then collect garbage where the browser allows it.
      await new Promise((r) => setTimeout(r, 500));
      return {
        stats: window.gradcamDebug.dataset(),
        tensors: (await window.gradcamDebug.memory())?.numTensors ?? null,
        heap:
          (performance as Performance & { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize ??
          null,
        longTasks: (window as Window & { longTasks?: number[] }).longTasks ?? [],
      };
    });
    const forwardPerSecond = 1000 / forwardMs;
    const report = {
      backend,
      files: after.stats.total,
      failed: after.stats.failed,
      imagesPerSecond: Number(after.stats.imagesPerSecond.toFixed(2)),
      wallSeconds: Number(wallS.toFixed(1)),
      forwardMs: Number(forwardMs.toFixed(2)),
      forwardPerSecond: Number(forwardPerSecond.toFixed(2)),
      ratio: Number((after.stats.imagesPerSecond / forwardPerSecond).toFixed(3)),
      longTasks: after.longTasks.length,
      longestTaskMs: after.longTasks.length ? Math.round(Math.max(...after.longTasks)) : 0,
      tensorsBefore: before.tensors,
      tensorsAfter: after.tensors,
      heapGrowthMB:
        before.heap != null && after.heap != null
          ? Number(((after.heap - before.heap) / 2 ** 20).toFixed(1))
          : null,
    };
    console.log(JSON.stringify(report, null, 2));
  } finally {
    await browser.close();
    server.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});

/**
 * Browser benchmarks: the production build in headless Chromium, on wasm, webgl and webgpu, with the
 * maths running in the app's own worker (window.gradcamDebug.benchmark runs src/gradcam/benchmark.ts
 * there). Page loads give the cold-start and model-load figures. Needs `npm run build` first.
 */
import { existsSync } from 'node:fs';
import { chromium, type Page } from '@playwright/test';
import { CHROMIUM_ARGS } from '../playwright.config';
import { serveStatic } from '../scripts/serve-static';
import { BENCHMARK_CASES, summarize } from '../src/gradcam/benchmark';
import { CATALOGUE, DEFAULT_MODEL_ID } from '../src/gradcam/catalogue';
import type { BenchOptions } from './options';
import { type BenchResult, type SoakReport, soakReport } from './report';

const PORT = 4175;
const BACKENDS = ['wasm', 'webgl', 'webgpu'];
/**
 * On a software GPU (CI, this machine) Ablation-CAM and Score-CAM take minutes per run: they are left
 * out on webgl/webgpu unless --cases names them. Real GPUs run them in well under a second.
 */
const SLOW_ON_SOFTWARE_GPU = ['method:ablationcam', 'method:scorecam'];

/** Cases for one backend and model: the soak runs on the default model only (it is the slow part). */
function casesFor(options: BenchOptions, backend: string, modelId: string): string[] | undefined {
  let cases = options.cases;
  if (!cases && backend !== 'wasm' && backend !== 'cpu') {
    cases = BENCHMARK_CASES.filter((name) => !SLOW_ON_SOFTWARE_GPU.includes(name));
  }
  if (modelId !== DEFAULT_MODEL_ID && !options.cases?.includes('soak')) {
    cases = (cases ?? BENCHMARK_CASES).filter((name) => name !== 'soak');
  }
  return cases;
}

/** Page loads are slow on a software GPU: the cold-start and load cases reload this many times at most. */
const PAGE_LOAD_RUNS = 3;
const READY_TIMEOUT_MS = 180_000;

async function waitForHeatmap(page: Page): Promise<number> {
  await page.waitForSelector('[data-testid=overlay-canvas][data-state=ready]', { timeout: READY_TIMEOUT_MS });
  // Milliseconds since the navigation started, as the page's clock sees it.
  return page.evaluate(() => performance.now());
}

export async function runBrowserBenchmarks(
  options: BenchOptions,
  log: (line: string) => void,
): Promise<{ browser: string; results: BenchResult[]; soak: SoakReport[] }> {
  if (!existsSync(`${options.dist}/index.html`))
    throw new Error(`no ${options.dist}/: run \`npm run build\` first`);
  const server = await serveStatic({ dir: options.dist, base: '/', port: PORT });
  const browser = await chromium.launch({
    executablePath: existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined,
    args: CHROMIUM_ARGS,
  });
  const results: BenchResult[] = [];
  const soak: SoakReport[] = [];
  const models = CATALOGUE.filter(
    (entry) => entry.delivery === 'bundled' && (!options.models || options.models.includes(entry.id)),
  );
  try {
    for (const backend of options.backends ?? BACKENDS) {
      for (const entry of models) {
        const tag = {
          env: 'browser' as const,
          backend,
          model: entry.id,
          browser: `Chromium ${browser.version()}`,
        };
        const context = await browser.newContext();
        const page = await context.newPage();
        try {
          const url = `http://127.0.0.1:${PORT}/?backend=${backend}&model=${entry.id}&sample=chelsea`;
          // First visit: nothing cached; then reloads with the model cached (service worker, IndexedDB).
          const loads: number[] = [];
          const starts: number[] = [];
          for (let visit = 0; visit <= PAGE_LOAD_RUNS; visit++) {
            await page.goto(url);
            const readyMs = await waitForHeatmap(page);
            const info = await page.evaluate(() => window.gradcamDebug.model());
            if (info?.backend !== backend)
              throw new Error(`asked for ${backend}, the app runs ${info?.backend}`);
            if (visit === 0) {
              results.push({
                ...tag,
                case: 'load-cold',
                ...summarize([info.loadMs]),
                note: 'first visit, from the server',
              });
            } else {
              loads.push(info.loadMs);
              starts.push(readyMs);
            }
          }
          results.push({ ...tag, case: 'load-cached', ...summarize(loads), note: 'reload, model cached' });
          results.push({
            ...tag,
            case: 'cold-start',
            ...summarize(starts),
            note: 'navigation to first heatmap, model cached',
          });
          const run = await page.evaluate((spec) => window.gradcamDebug.benchmark(spec), {
            runs: options.runs,
            warmup: options.warmup,
            cases: casesFor(options, backend, entry.id),
            scorecamRuns: 3,
            scorecamMaxChannels: backend === 'wasm' ? undefined : 32,
            soakRuns: options.soakRuns,
          });
          for (const timing of run.cases) {
            results.push({ ...tag, ...timing, case: timing.case as BenchResult['case'] });
            log(`browser/${backend}/${entry.id} ${timing.case}: ${timing.medianMs.toFixed(1)} ms`);
          }
          if (run.soak) soak.push(soakReport(tag, run.soak));
        } catch (error) {
          log(
            `browser/${backend}/${entry.id}: failed: ${error instanceof Error ? error.message : String(error)}`,
          );
        } finally {
          await context.close();
        }
      }
    }
    return { browser: `Chromium ${browser.version()}`, results, soak };
  } finally {
    await browser.close();
    server.close();
  }
}

/**
 * Browser benchmarks: the production build in headless Chromium, on wasm, webgl and webgpu, with the
 * maths running in the app's own worker (window.gradcamDebug.benchmark runs src/gradcam/benchmark.ts
 * there). Page loads give the cold-start and model-load figures. Needs `npm run build` first.
 */
import { existsSync } from 'node:fs';
import { type Browser, chromium, type Page } from '@playwright/test';
import { CHROMIUM_ARGS } from '../playwright.config';
import { serveStatic } from '../scripts/serve-static';
import { BENCHMARK_CASES, summarize } from '../src/gradcam/benchmark';
import { CATALOGUE, DEFAULT_MODEL_ID } from '../src/gradcam/catalogue';
import type { BenchOptions } from './options';
import { type BenchResult, loadAverage, type SoakReport, soakReport } from './report';

const PORT = 4175;
const BACKENDS = ['wasm', 'webgl', 'webgpu'];
/**
 * On a software GPU (CI, this machine) Ablation-CAM and Score-CAM take minutes per run: they are left
 * out on webgl/webgpu unless --cases names them. Real GPUs run them in well under a second.
 */
const SLOW_ON_SOFTWARE_GPU = ['method:ablationcam', 'method:scorecam'];
/**
 * Models whose forward pass takes seconds (WebGL) to a minute (WebGPU) on a software GPU: there they
 * run these cases only, once each after one warm-up, unless --cases names others.
 */
const HEAVY_ON_SOFTWARE_GPU: Record<string, Record<string, string[]>> = {
  resnet50_imagenet: {
    webgl: ['forward', 'new-image', 'class-switch', 'mid-layer'],
    webgpu: ['forward', 'new-image', 'class-switch'],
  },
};
/** Timed runs per case on webgl/webgpu (SwiftShader here: seconds per forward pass). */
const SOFTWARE_GPU_RUNS = 3;
const onGpu = (backend: string) => backend !== 'wasm' && backend !== 'cpu';
/** One page's cases may not run longer than this (then the page is left and the bench goes on). */
const PAGE_TIMEOUT_MS = 8 * 60_000;

/** Cases for one backend, variant and model: the soak runs on the default model only (it is the slow part). */
function casesFor(
  options: BenchOptions,
  backend: string,
  modelId: string,
  variant: Variant,
): string[] | undefined {
  let cases = options.cases;
  if (!cases && onGpu(backend)) {
    cases =
      HEAVY_ON_SOFTWARE_GPU[modelId]?.[backend] ??
      BENCHMARK_CASES.filter((name) => !SLOW_ON_SOFTWARE_GPU.includes(name));
  }
  // The soak checks memory, not speed: once per backend (with the service worker, as users run).
  if (
    (modelId !== DEFAULT_MODEL_ID || variant.serviceWorkers === 'block') &&
    !options.cases?.includes('soak')
  ) {
    cases = (cases ?? BENCHMARK_CASES).filter((name) => name !== 'soak');
  }
  return cases;
}

/**
 * How a backend is measured: wasm twice, single-threaded (no service worker, so the page is never
 * cross-origin isolated: a first visit, a private window, a browser without COEP credentialless)
 * and with every core (the service worker's COOP/COEP isolate every page load after the first);
 * the GPU backends once, as a returning visitor gets them.
 */
interface Variant {
  serviceWorkers: 'allow' | 'block';
}
const variantsFor = (backend: string): Variant[] =>
  backend === 'wasm'
    ? [{ serviceWorkers: 'block' }, { serviceWorkers: 'allow' }]
    : [{ serviceWorkers: 'allow' }];

const READY_TIMEOUT_MS = 600_000;

async function waitForHeatmap(page: Page): Promise<number> {
  await page.waitForSelector('[data-testid=overlay-canvas][data-state=ready]', { timeout: READY_TIMEOUT_MS });
  // Milliseconds since the navigation started, as the page's clock sees it.
  return page.evaluate(() => performance.now());
}

/** One backend, variant and model: page loads (cold, cached, cold start), then every case in the worker. */
async function benchOne(
  browser: Browser,
  backend: string,
  variant: Variant,
  modelId: string,
  options: BenchOptions,
  log: (line: string) => void,
  soak: SoakReport[],
): Promise<BenchResult[]> {
  const results: BenchResult[] = [];
  const context = await browser.newContext({ serviceWorkers: variant.serviceWorkers });
  const page = await context.newPage();
  const where = `browser/${backend}${variant.serviceWorkers === 'block' ? ' (no service worker)' : ''}/${modelId}`;
  try {
    const url = `http://127.0.0.1:${PORT}/?backend=${backend}&model=${modelId}&sample=chelsea`;
    // First visit: nothing cached; then reloads with the model cached (service worker, IndexedDB),
    // which the service worker (when allowed) also makes cross-origin isolated.
    let coldMs = 0;
    const loads: number[] = [];
    const starts: number[] = [];
    for (let visit = 0; visit <= options.pageLoads; visit++) {
      await page.goto(url);
      const readyMs = await waitForHeatmap(page);
      const info = await page.evaluate(() => window.gradcamDebug.model());
      if (info?.backend !== backend) throw new Error(`asked for ${backend}, the app runs ${info?.backend}`);
      if (visit === 0) {
        coldMs = info.loadMs;
        if (variant.serviceWorkers === 'allow') {
          await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
        }
      } else {
        loads.push(info.loadMs);
        starts.push(readyMs);
      }
    }
    if (variant.serviceWorkers === 'allow' && !(await page.evaluate(() => crossOriginIsolated))) {
      // The service worker was slower than the page's wait on the first visit: the next load is isolated.
      await page.reload();
      await waitForHeatmap(page);
    }
    const state = await page.evaluate(() => ({
      isolated: crossOriginIsolated,
      threads: (window.gradcamDebug.last() as { threads?: number } | null)?.threads ?? 1,
    }));
    const tag = {
      env: 'browser' as const,
      backend,
      threads: state.threads,
      isolated: state.isolated,
      model: modelId,
      browser: `Chromium ${browser.version()}`,
    };
    results.push({ ...tag, case: 'load-cold', ...summarize([coldMs]), note: 'first visit, from the server' });
    if (loads.length) {
      results.push({ ...tag, case: 'load-cached', ...summarize(loads), note: 'reload, model cached' });
      results.push({
        ...tag,
        case: 'cold-start',
        ...summarize(starts),
        note: 'navigation to first heatmap, model cached',
      });
    }
    const heavy = onGpu(backend) && modelId in HEAVY_ON_SOFTWARE_GPU && !options.cases;
    // A software GPU's figures only show that the path works: a few runs are enough there.
    const cap = heavy ? 1 : onGpu(backend) ? SOFTWARE_GPU_RUNS : Number.POSITIVE_INFINITY;
    const benchmark = page.evaluate((spec) => window.gradcamDebug.benchmark(spec), {
      runs: Math.min(cap, options.runs),
      warmup: onGpu(backend) ? Math.min(1, options.warmup) : options.warmup,
      cases: casesFor(options, backend, modelId, variant),
      scorecamRuns: 3,
      scorecamMaxChannels: options.scorecamChannels ?? (backend === 'wasm' ? undefined : 32),
      soakRuns: options.soakRuns,
    });
    const run = await Promise.race([
      benchmark,
      new Promise<never>((_, reject) =>
        setTimeout(
          () => reject(new Error(`cases still running after ${PAGE_TIMEOUT_MS / 60_000} min`)),
          PAGE_TIMEOUT_MS,
        ),
      ),
    ]);
    for (const timing of run.cases) {
      results.push({ ...tag, ...timing, case: timing.case as BenchResult['case'], load1: loadAverage()[0] });
      log(
        `${where} (${state.threads} threads) ${timing.case}: ${timing.medianMs.toFixed(1)} ms (load ${loadAverage()[0]})`,
      );
    }
    if (run.soak) soak.push(soakReport(tag, run.soak));
  } catch (error) {
    log(`${where}: failed: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    await context.close();
  }
  return results;
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
      for (const variant of variantsFor(backend)) {
        for (const entry of models) {
          results.push(...(await benchOne(browser, backend, variant, entry.id, options, log, soak)));
        }
      }
    }
    return { browser: `Chromium ${browser.version()}`, results, soak };
  } finally {
    await browser.close();
    // Open keep-alive sockets from the page would hold the process after the run.
    server.closeAllConnections();
    server.close();
  }
}

/**
 * The hosted demo: dist/ served by a plain static server (no COOP/COEP, no rewrites) under a
 * sub-path, the way GitHub Pages or a bucket serves it. Each test records every request of its
 * browser context (pages, the model worker and the service worker) and fails if one leaves for
 * another host.
 */

import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import type { BrowserContext, Request } from '@playwright/test';
import { serveStatic } from '../scripts/serve-static';
import {
  type DebugMap,
  expect,
  FIRST_MAP_TIMEOUT,
  maxDiff,
  ROOT,
  SAMPLES_DIR,
  StudioPage,
  test,
} from './support/studio';

const BASE_PATH = '/gradcam-demo/';
const DIST = resolve(ROOT, 'dist');
const EGYPTIAN_CAT = 285;
const ESPRESSO = 967;
const DEFAULT_MODEL = 'mobilenet_v1_0.25_224';
const OTHER_MODEL = 'darknet_tiny';

interface Site {
  server: Server;
  origin: string;
  base: string;
  closed: boolean;
  /** Every path the server was asked for, in order. */
  served: string[];
}

/** A static server on a free port: each Site is its own origin (own service worker and caches). */
async function startSite(): Promise<Site> {
  const server = await serveStatic({ dir: DIST, base: BASE_PATH, port: 0 });
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  const served: string[] = [];
  server.on('request', (request: { url?: string }) => served.push(request.url ?? ''));
  return { server, origin, base: `${origin}${BASE_PATH}`, closed: false, served };
}

/** Takes the site off the network for real: refuses new connections and drops kept-alive ones. */
async function stopSite(site: Site): Promise<void> {
  if (site.closed) return;
  site.closed = true;
  await new Promise<void>((done) => {
    site.server.close(() => done());
    site.server.closeAllConnections();
  });
}

/** The entries that occur more than once. */
function repeated(items: string[]): string[] {
  return [...new Set(items.filter((item, i) => items.indexOf(item) !== i))];
}

/** Every request a context makes, the model worker's and the service worker's included. */
function recordRequests(context: BrowserContext): Request[] {
  const requests: Request[] = [];
  context.on('request', (request) => requests.push(request));
  return requests;
}

/** Network requests (not data:/blob:) that went anywhere but the site's own origin. */
function foreign(requests: Request[], site: Site): string[] {
  return requests
    .map((request) => request.url())
    .filter((url) => /^(https?|wss?):/.test(url) && new URL(url).origin !== site.origin);
}

let site: Site;
let offlineSite: Site;

test.beforeAll(async () => {
  [site, offlineSite] = await Promise.all([startSite(), startSite()]);
});

test.afterAll(async () => {
  await Promise.all([site, offlineSite].filter(Boolean).map(stopSite));
});

test.describe('hosted build under a sub-path', () => {
  test('first paint does not wait for tfjs or the model', async ({ browser }) => {
    // No service worker here: its fetches would bypass page.route.
    const context = await browser.newContext({ serviceWorkers: 'block' });
    const requests = recordRequests(context);
    const studio = new StudioPage(await context.newPage());
    const { page } = studio;

    const holds: Record<'worker' | 'model', () => void> = { worker: () => {}, model: () => {} };
    const held = (name: keyof typeof holds) =>
      new Promise<void>((release) => {
        holds[name] = release;
      });
    const workerHeld = held('worker');
    const modelHeld = held('model');
    const asked = { worker: false, model: false };
    await page.route(/\/assets\/gradcam\.worker-[^/]+\.js$/, async (route) => {
      asked.worker = true;
      await workerHeld;
      await route.continue();
    });
    await page.route(`**${BASE_PATH}models/${DEFAULT_MODEL}/model.json`, async (route) => {
      asked.model = true;
      await modelHeld;
      await route.continue();
    });

    await page.goto(`${site.base}?backend=wasm`);
    // The shell is up while the worker script (tfjs) has not even arrived.
    await expect(page.getByRole('heading', { level: 1 })).toContainText('Grad-CAM Studio');
    await expect(page.getByTestId('model-select')).toBeVisible();
    await expect(studio.sample('chelsea')).toBeVisible();
    await expect(page.getByTestId('image-input')).toBeAttached();
    await expect(studio.status).toContainText('Starting the model engine');
    await expect
      .poll(() => page.evaluate(() => performance.getEntriesByName('first-contentful-paint').length), {
        message: 'the page painted before tfjs arrived',
        timeout: 10_000,
      })
      .toBe(1);
    await expect(studio.status).toContainText('Starting the model engine');
    expect(asked.worker, 'the worker script was asked for and is held').toBe(true);

    // tfjs is running; the model download shows a progress bar.
    holds.worker();
    await expect(page.getByRole('progressbar', { name: 'Model download' })).toBeVisible({
      timeout: FIRST_MAP_TIMEOUT,
    });
    await expect(studio.canvas).not.toHaveAttribute('data-state', 'ready');
    expect(asked.model, 'model.json was asked for and is held').toBe(true);

    holds.model();
    await expect(page.getByRole('progressbar', { name: 'Model download' })).toBeHidden({
      timeout: FIRST_MAP_TIMEOUT,
    });
    await studio.sample('chelsea').click();
    expect((await studio.waitReady({ classIndex: EGYPTIAN_CAT })).backend).toBe('wasm');

    expect(studio.errors).toEqual([]);
    expect(foreign(requests, site)).toEqual([]);
    await context.close();
  });

  test('explains a sample; a share link restores the same view and map in a fresh browser', async ({
    browser,
  }) => {
    const context = await browser.newContext();
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    const requests = recordRequests(context);
    const studio = new StudioPage(await context.newPage());

    await studio.page.goto(`${site.base}?backend=wasm`);
    await expect(studio.page.getByRole('heading', { level: 1 })).toContainText('Grad-CAM Studio');
    await studio.sample('chelsea').click();
    const first = await studio.waitReady({ classIndex: EGYPTIAN_CAT });
    expect(first.backend).toBe('wasm');
    expect(first.layer).toBe('conv_pw_13_relu');
    expect((await studio.topClasses())[0]).toBe(EGYPTIAN_CAT);
    await expect(studio.classOption(EGYPTIAN_CAT)).toContainText('Egyptian cat');

    // A view worth restoring: another class, colormap and opacity.
    const other = (await studio.topClasses())[1];
    await studio.classOption(other).click();
    await studio.page.getByTestId('colormap').selectOption('inferno');
    await studio.page.getByTestId('opacity').fill('0.7');
    const shown = await studio.waitReady({ classIndex: other });

    await studio.page.getByTestId('share-link').click();
    await expect(studio.notice).toContainText('Link copied');
    const link = await studio.page.evaluate(() => navigator.clipboard.readText());
    expect(link).toBe(studio.page.url());
    expect(link.startsWith(site.base), `${link} is under ${site.base}`).toBe(true);

    // Whoever receives the link: another browser profile, no service worker, no cache.
    const recipient = await browser.newContext();
    const recipientRequests = recordRequests(recipient);
    const restored = new StudioPage(await recipient.newPage());
    await restored.page.goto(link);
    const again: DebugMap = await restored.waitReady({ classIndex: other });
    expect(again.classIndex).toBe(shown.classIndex);
    expect(again.layer).toBe(shown.layer);
    expect(again.method).toBe(shown.method);
    expect(again.backend).toBe(shown.backend);
    expect(maxDiff(shown.map, again.map)).toBeLessThan(1e-5);
    await expect(restored.sample('chelsea')).toHaveAttribute('aria-pressed', 'true');
    await expect(restored.page.getByTestId('colormap')).toHaveValue('inferno');
    await expect(restored.page.getByTestId('opacity')).toHaveValue('0.7');
    expect(await restored.canvasFingerprint()).toBe(await studio.canvasFingerprint());

    expect([...studio.errors, ...restored.errors]).toEqual([]);
    // The recording sees the worker's fetches too (model weights, wasm binary).
    const urls = requests.map((request) => request.url());
    expect(urls.some((url) => url.endsWith('.wasm'))).toBe(true);
    expect(urls.some((url) => url.includes(`models/${DEFAULT_MODEL}/group1-shard1of1`))).toBe(true);
    expect(foreign(requests, site)).toEqual([]);
    expect(foreign(recipientRequests, site)).toEqual([]);
    await recipient.close();
    await context.close();
  });

  test('after a first visit the app works offline: a sample and an uploaded file', async ({ browser }) => {
    const context = await browser.newContext();
    const requests = recordRequests(context);
    const studio = new StudioPage(await context.newPage());
    const { page } = studio;
    // First visit, on a link to another bundled model: the model worker downloads it into the model
    // cache. The service worker installs (precaching the shell: page, scripts, wasm, sample photos)
    // and takes control; once a model has loaded it fetches the default model into the same cache.
    await page.goto(`${offlineSite.base}?backend=wasm&model=${OTHER_MODEL}`);
    await expect(page.getByRole('heading', { level: 1 })).toContainText('Grad-CAM Studio');
    const scope = await page.evaluate(() =>
      Promise.race([
        navigator.serviceWorker.ready.then((registration) => registration.scope),
        new Promise<string>((_, reject) =>
          setTimeout(() => reject(new Error('no service worker became ready within 30 s')), 30_000),
        ),
      ]),
    );
    expect(scope).toBe(offlineSite.base);
    const controlled = () => page.evaluate(() => navigator.serviceWorker.controller !== null);
    await expect
      .poll(controlled, { timeout: 10_000 })
      .toBe(true)
      .catch(async () => {
        await page.reload();
        await expect.poll(controlled).toBe(true);
      });
    const cached = () =>
      page.evaluate(async () => {
        const found: string[] = [];
        for (const key of await caches.keys()) {
          const cache = await caches.open(key);
          for (const request of await cache.keys()) found.push(new URL(request.url).pathname);
        }
        return found;
      });
    for (const path of [
      BASE_PATH,
      `${BASE_PATH}models/${DEFAULT_MODEL}/model.json`,
      `${BASE_PATH}models/${DEFAULT_MODEL}/group1-shard1of1`,
      `${BASE_PATH}samples/chelsea.png`,
      `${BASE_PATH}samples/coffee.png`,
      `${BASE_PATH}models/${OTHER_MODEL}/model.json`,
      `${BASE_PATH}models/${OTHER_MODEL}/group31-shard1of1`,
    ]) {
      await expect.poll(cached).toContain(path);
    }
    // Model files are downloaded once (by the model worker, or the service worker for the unused
    // default model) and kept once: one cache, no second copy in IndexedDB.
    const isModelFile = (path: string) => path.includes('/models/') && !path.endsWith('/index.json');
    expect(offlineSite.served.filter(isModelFile).length).toBeGreaterThan(0);
    expect(repeated(offlineSite.served.filter(isModelFile)), 'model files downloaded twice').toEqual([]);
    expect(repeated((await cached()).filter(isModelFile)), 'model files cached twice').toEqual([]);
    expect(await page.evaluate(() => indexedDB.databases().then((dbs) => dbs.map((db) => db.name)))).toEqual(
      [],
    );
    expect(
      (await cached()).some((path) => /\/assets\/tfjs-backend-wasm-simd-[^/]+\.wasm$/.test(path)),
      'the wasm binary is cached',
    ).toBe(true);
    // Back to the default model, online: the link (and so the reload below) names it.
    await page.getByTestId('model-select').selectOption(DEFAULT_MODEL);
    await studio.sample('chelsea').click();
    await studio.waitReady({ classIndex: EGYPTIAN_CAT, layer: 'conv_pw_13_relu' });
    expect(repeated(offlineSite.served.filter(isModelFile)), 'the default model came from the cache').toEqual(
      [],
    );

    // The network goes away for real: the server is gone and the browser is offline.
    await stopSite(offlineSite);
    await context.setOffline(true);
    const before = requests.length;

    await page.reload();
    await expect(page.getByRole('heading', { level: 1 })).toContainText('Grad-CAM Studio');
    await studio.sample('chelsea').click();
    const sample = await studio.waitReady({ classIndex: EGYPTIAN_CAT });
    expect(sample.backend).toBe('wasm');
    expect((await studio.topClasses())[0]).toBe(EGYPTIAN_CAT);

    await page.getByTestId('image-input').setInputFiles(resolve(SAMPLES_DIR, 'coffee.png'));
    await expect(page.locator('.current-image')).toContainText('coffee.png');
    const upload = await studio.waitReady();
    expect(upload.classIndex).toBe(ESPRESSO);
    expect((await studio.topClasses())[0]).toBe(ESPRESSO);
    expect(maxDiff(sample.map, upload.map)).toBeGreaterThan(0.05);

    // The model first used before the service worker was in control runs offline too.
    await page.getByTestId('model-select').selectOption(OTHER_MODEL);
    const other = await studio.waitReady({ layer: 'leaky_re_lu_15' });
    expect([other.height, other.width]).toEqual([14, 14]);
    expect(other.backend).toBe('wasm');

    // Everything the page and the model worker asked for after the reload came from the service
    // worker's caches (the service worker's own network-first try for the page failed).
    const fromPage = requests
      .slice(before)
      .filter((request) => /^https?:/.test(request.url()) && !request.serviceWorker());
    expect(fromPage.length).toBeGreaterThan(0);
    for (const request of fromPage) {
      const response = await request.response();
      expect(response?.fromServiceWorker(), `${request.url()} from the service worker`).toBe(true);
    }
    expect(studio.errors).toEqual([]);
    expect(foreign(requests, offlineSite)).toEqual([]);
    await context.close();
  });
});

/**
 * WebAssembly threads on a plain static host (no COOP/COEP headers): without a service worker the
 * page runs one thread; with it, the service worker's one reload makes the page cross-origin
 * isolated (it adds COOP + COEP credentialless), and the wasm backend then runs one thread per core
 * and computes the same map. Models still load from a catalogue host and from another origin.
 */

import { readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import type { Page } from '@playwright/test';
import { serveStatic } from '../scripts/serve-static';
import { pearsonCorrelation } from '../src/gradcam/metrics/rank-correlation';
import { expect, ROOT, StudioPage, test } from './support/studio';

const BASE_PATH = '/gradcam-demo/';
const EGYPTIAN_CAT = 285;
const MOBILENET_DIR = resolve(ROOT, 'public/models/mobilenet_v1_0.25_224');
const REMOTE_HOST = 'https://storage.googleapis.com';
const REMOTE_MODEL = 'mobilenet_v1_0.50_224';

let site: Server;
let modelHost: Server;
const origin = (server: Server) => `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

test.beforeAll(async () => {
  [site, modelHost] = await Promise.all([
    serveStatic({ dir: resolve(ROOT, 'dist'), base: BASE_PATH, port: 0 }),
    serveStatic({ dir: resolve(ROOT, 'public/models'), base: '/', port: 0, cors: true }),
  ]);
});

test.afterAll(async () => {
  for (const server of [site, modelHost]) {
    await new Promise<void>((done) => {
      server.close(() => done());
      server.closeAllConnections();
    });
  }
});

/** crossOriginIsolated, read across the service worker's reload (false while the page navigates). */
const isolated = (page: Page) => page.evaluate(() => window.crossOriginIsolated).catch(() => false);

test('one thread without isolation; after the service worker reload, every core and the same map', async ({
  browser,
}) => {
  const link = `${origin(site)}${BASE_PATH}?backend=wasm&sample=chelsea`;

  // No service worker (a private mode, a browser without it): one thread, and it works.
  const plain = await browser.newContext({ serviceWorkers: 'block' });
  const single = new StudioPage(await plain.newPage());
  await single.page.goto(link);
  const one = await single.waitReady({ classIndex: EGYPTIAN_CAT });
  expect(one.backend).toBe('wasm');
  expect(one.isolated).toBe(false);
  expect(one.threads).toBe(1);
  await expect(single.page.getByTestId('status-threads')).toHaveText('1 thread');
  expect(single.errors).toEqual([]);
  await plain.close();

  // A first visit: the service worker installs, takes control and reloads the page once.
  const context = await browser.newContext();
  const studio = new StudioPage(await context.newPage());
  const { page } = studio;
  await page.goto(link);
  await expect.poll(() => isolated(page), { timeout: 60_000 }).toBe(true);
  const many = await studio.waitReady({ classIndex: EGYPTIAN_CAT });
  const cores = await page.evaluate(() => navigator.hardwareConcurrency);
  expect(many.isolated).toBe(true);
  expect(many.backend).toBe('wasm');
  expect(many.threads).toBe(Math.min(cores, 8));
  expect(many.threads).toBeGreaterThan(1);
  await expect(page.getByTestId('status-threads')).toHaveText(`${many.threads} threads`);
  expect(pearsonCorrelation(one.map, many.map)).toBeGreaterThan(0.9999);

  // A catalogue model from its remote host (served here by the test, with the host's CORS header).
  await context.route(`${REMOTE_HOST}/**`, (route) => {
    const file = new URL(route.request().url()).pathname.split('/').pop()!;
    return route.fulfill({
      body: readFileSync(resolve(MOBILENET_DIR, file)),
      contentType: file.endsWith('.json') ? 'application/json' : 'application/octet-stream',
      headers: { 'access-control-allow-origin': '*' },
    });
  });
  await page.getByTestId('model-select').selectOption(REMOTE_MODEL);
  const remote = await studio.waitReady({ layer: 'conv_pw_13_relu' });
  expect(remote.threads).toBe(many.threads);
  await expect.poll(() => new URL(page.url()).searchParams.get('model')).toBe(REMOTE_MODEL);

  // A model by URL from another origin of this machine (after the host confirmation).
  await page.getByText('Your own model').click();
  await page.getByTestId('model-url').fill(`${origin(modelHost)}/mobilenet_v1_0.25_224/model.json`);
  await page.getByRole('button', { name: 'Load', exact: true }).click();
  await page.getByTestId('model-host-confirm').click();
  await expect(page.getByTestId('model-select')).toHaveValue('custom');
  const own = await studio.waitReady({ classIndex: EGYPTIAN_CAT });
  expect(own.isolated).toBe(true);
  expect(own.threads).toBe(many.threads);
  expect(pearsonCorrelation(one.map, own.map)).toBeGreaterThan(0.9999);

  expect(studio.errors).toEqual([]);
  await context.close();
});

/**
 * ResNet50 in the page (issue 11): from its files through "Your own model" with the Caffe preset
 * (changing the preprocessing re-runs only the analysis; chelsea.png is an Egyptian cat), and from
 * the catalogue: its size in the picker, not precached, downloaded on first use with progress,
 * cached, and a download cancelled quietly. wasm backend throughout.
 */
import { readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Route } from '@playwright/test';
import { bridgeCalls, cachedPaths, debugModel, pickModel } from './support/own-model-page';
import { expect, maxDiff, ROOT, test } from './support/studio';

const EGYPTIAN_CAT = 285;
const RESNET_DIR = resolve(ROOT, 'public/models/resnet50_imagenet');
const SHARDS = readdirSync(RESNET_DIR).filter((name) => name.endsWith('.bin')).length;

test('ResNet50 from its files: the Caffe preset re-runs only the analysis; from the catalogue: not precached, downloaded with progress, cached', async ({
  studio,
}) => {
  await studio.open({ backend: 'wasm', sample: 'chelsea' });
  await studio.waitReady({ classIndex: EGYPTIAN_CAT });
  // The catalogue offers it too, with its download size (the weight files on disk, in MB).
  const megabytes = Math.round(
    readdirSync(RESNET_DIR)
      .filter((name) => name.endsWith('.bin'))
      .reduce((sum, name) => sum + statSync(join(RESNET_DIR, name)).size, 0) / 1e6,
  );
  await expect(
    studio.page.locator('[data-testid="model-select"] option[value="resnet50_imagenet"]'),
  ).toHaveText(`ResNet50 (${megabytes} MB)`);
  await studio.page.getByText('Your own model').click();
  const files = readdirSync(RESNET_DIR)
    .filter((name) => name === 'model.json' || name.endsWith('.bin'))
    .map((name) => join(RESNET_DIR, name));
  const own = await pickModel(studio, { dir: RESNET_DIR, files });
  expect(own).toMatchObject({ inputSize: [224, 224], channels: 3, task: 'multiclass', numClasses: 1000 });
  expect(own.preprocess).toBe('minus-one-one'); // nothing says otherwise: the page's default
  expect(own.layers).toContain('activation_48');

  const calls = await bridgeCalls(studio);
  await studio.page.getByTestId('preprocess-select').selectOption('caffe');
  // model() reads the analysis: 'caffe' once the photo was analysed again; then its map.
  await expect.poll(async () => (await debugModel(studio))?.preprocess).toBe('caffe');
  await studio.waitReady({ classIndex: EGYPTIAN_CAT });
  const after = await bridgeCalls(studio);
  expect(after.loadModel ?? 0).toBe(calls.loadModel ?? 0);
  expect(after.setImage).toBe((calls.setImage ?? 0) + 1);
  await expect(studio.classOption(EGYPTIAN_CAT)).toContainText('Egyptian cat');
  await expect(studio.page.getByTestId('model-info')).toContainText(/Caffe/);
  const map = (await studio.last())!;
  expect([map.height, map.width]).toEqual([7, 7]);

  // The catalogue's ResNet50 is not precached: neither the service worker's lists nor any cache
  // name it, though the service worker is installed (its shell cached).
  const { page } = studio;
  const sw = await (await page.request.get('sw.js')).text();
  expect(sw).toContain('mobilenet_v1_0.25_224/model.json');
  expect(sw).not.toContain('resnet50');
  await page.evaluate(() => navigator.serviceWorker.ready);
  await expect.poll(() => cachedPaths(studio)).toContain(new URL('./', page.url()).pathname);
  expect((await cachedPaths(studio)).filter((path) => path.includes('resnet50'))).toEqual([]);
  // On first use it downloads with progress: hold its weight files, then let them through.
  const held: Route[] = [];
  let shardRequests = 0;
  await page.context().route(/resnet50_imagenet\/group1-shard/, (route) => {
    shardRequests += 1;
    if (held.length < SHARDS) held.push(route);
    else void route.continue();
  });
  await page.getByTestId('model-select').selectOption('resnet50_imagenet');
  const bar = page.getByRole('progressbar', { name: 'Model download' });
  await expect(bar).toBeVisible();
  await expect.poll(() => held.length).toBe(SHARDS);
  for (const route of held.slice(0, 6)) await route.continue();
  await expect.poll(async () => Number(await bar.getAttribute('value'))).toBeGreaterThan(0);
  expect(Number(await bar.getAttribute('value'))).toBeLessThan(1);
  await expect(page.locator('.progress-row')).toContainText(/^\d+%$/);
  for (const route of held.slice(6)) await route.continue();
  // The catalogue's ResNet50 (Caffe by its entry) gives the same explanation as the files with the preset.
  await expect.poll(async () => (await debugModel(studio))?.id).toBe('resnet50_imagenet');
  const catalogue = await studio.waitReady({ classIndex: EGYPTIAN_CAT, layer: 'activation_48' });
  expect(await debugModel(studio)).toMatchObject({ preprocess: 'caffe', from: 'network' });
  expect(maxDiff(catalogue.map, map.map)).toBeLessThan(1e-4);
  // Cached: every file of it is in the model cache, and the next use reads them from there.
  const resnetFiles = readdirSync(RESNET_DIR).filter(
    (name) => name === 'model.json' || name.endsWith('.bin'),
  );
  const inCache = (await cachedPaths(studio, 'gradcam-models')).filter((path) => path.includes('resnet50'));
  expect(inCache.map((path) => path.split('/').pop()).sort()).toEqual(resnetFiles.sort());
  await page.getByTestId('model-select').selectOption('mobilenet_v1_0.25_224');
  await studio.waitReady({ classIndex: EGYPTIAN_CAT, layer: 'conv_pw_13_relu' });
  await page.getByTestId('model-select').selectOption('resnet50_imagenet');
  await studio.waitReady({ classIndex: EGYPTIAN_CAT, layer: 'activation_48' });
  expect(await debugModel(studio)).toMatchObject({ id: 'resnet50_imagenet', from: 'cache' });
  expect(shardRequests).toBe(SHARDS);
  // Its cost, read from its layers: 3.9 G multiply-adds an image (MobileNet v1 0.25: 41 M).
  expect((await debugModel(studio))?.multiplyAdds).toBeGreaterThan(3.8e9);
  await expect(page.getByTestId('model-info')).toContainText('3.9 G multiply-adds an image');
  // So heavy a model keeps every wasm thread in the video modes (src/worker/wasm-threads.ts); a light
  // one picked there restarts the engine on a thread fewer, leaving the page a core.
  const [all, fewer] = await page.evaluate(() => {
    const cores = crossOriginIsolated ? Math.min(navigator.hardwareConcurrency, 8) : 1;
    return [cores, crossOriginIsolated ? Math.max(1, Math.min(navigator.hardwareConcurrency - 1, 8)) : 1];
  });
  const threadsText = (n: number) => `${n} thread${n === 1 ? '' : 's'}`;
  await expect(page.getByTestId('status-threads')).toHaveText(threadsText(all));
  await page.getByTestId('mode-camera').check();
  await page.getByTestId('model-select').selectOption('mobilenet_v1_0.25_224');
  await expect.poll(async () => (await debugModel(studio))?.id).toBe('mobilenet_v1_0.25_224');
  await expect(page.getByTestId('status-threads')).toHaveText(threadsText(fewer));
  await page.getByTestId('model-select').selectOption('resnet50_imagenet');
  await expect
    .poll(async () => (await debugModel(studio))?.id, { timeout: 60_000 })
    .toBe('resnet50_imagenet');
  await expect(page.getByTestId('status-threads')).toHaveText(threadsText(all), { timeout: 60_000 });
  expect(studio.errors).toEqual([]);
});

test('picking another model while ResNet50 downloads cancels the download quietly', async ({ studio }) => {
  await studio.open({ backend: 'wasm', sample: 'chelsea' });
  await studio.waitReady({ classIndex: EGYPTIAN_CAT });
  // Hold ResNet50's weight files: its load is still downloading when the user changes their mind.
  let held = 0;
  await studio.page.context().route(/resnet50_imagenet\/group1-shard/, () => {
    held += 1; // never answered
  });
  await studio.page.getByTestId('model-select').selectOption('resnet50_imagenet');
  await expect.poll(() => held).toBeGreaterThan(0);
  await studio.page.getByTestId('model-select').selectOption('darknet_tiny');
  await expect.poll(async () => (await debugModel(studio))?.id).toBe('darknet_tiny');
  await studio.waitReady();
  // Tiny Darknet ends in plain logits: the class list says its probabilities are their softmax.
  await expect(studio.page.getByTestId('task-note')).toContainText('logits (no softmax)');
  await expect(studio.error).toBeHidden();
  expect(studio.errors).toEqual([]);
});

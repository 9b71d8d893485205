/** Models and long methods in the built app: catalogue switch, the user's own model files, Score-CAM progress and cancel. */
import { readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect, ROOT, test } from './support/studio';

const MOBILENET_DIR = resolve(ROOT, 'public/models/mobilenet_v1_0.25_224');

test('switching to Tiny Darknet and the GraphModel re-analyses the same photo', async ({ studio }) => {
  await studio.open({ backend: 'wasm', sample: 'chelsea' });
  const mobilenet = await studio.waitReady({ classIndex: 285 });
  const calls = await studio.page.evaluate(() => window.gradcamDebug.workerCalls());

  await studio.page.getByTestId('model-select').selectOption('darknet_tiny');
  await expect(studio.canvas).not.toHaveAttribute('data-state', 'ready');
  const darknet = await studio.waitReady({ layer: 'leaky_re_lu_15' });
  expect([darknet.height, darknet.width]).toEqual([14, 14]);
  expect(darknet.forwardPasses).toBe(1);
  await expect(studio.page.getByRole('listbox', { name: 'Top predictions' })).toContainText(/cat/);
  await expect.poll(() => new URL(studio.page.url()).searchParams.get('model')).toBe('darknet_tiny');
  expect(await studio.page.evaluate(() => window.gradcamDebug.workerCalls())).toBeGreaterThan(calls);

  await studio.page.getByTestId('model-select').selectOption('mobilenet_v1_0.25_224_graph');
  const graph = await studio.waitReady();
  // 1001 outputs, 0 = background: Egyptian cat is 286 there.
  expect(graph.classIndex).toBe(286);
  await expect(studio.classOption(286)).toContainText('Egyptian cat');
  expect(mobilenet.map).toHaveLength(49);
});

test('your own model: model.json and weight files picked from disk', async ({ studio }) => {
  await studio.open({ backend: 'wasm', sample: 'chelsea' });
  await studio.waitReady({ classIndex: 285 });
  await studio.page.getByText('Your own model').click();
  const files = readdirSync(MOBILENET_DIR)
    .filter((name) => name === 'model.json' || name.includes('shard'))
    .map((name) => resolve(MOBILENET_DIR, name));
  await studio.page.getByLabel('model.json + weight files').setInputFiles(files);
  await expect(studio.page.getByTestId('model-select')).toHaveValue('custom');
  const own = await studio.waitReady({ classIndex: 285 });
  expect(own.forwardPasses).toBe(1);
  // A model from files cannot travel in a link.
  await expect.poll(() => new URL(studio.page.url()).searchParams.get('model')).toBeNull();

  // A model.json without its weights is refused with a message; the app keeps working.
  await studio.page
    .getByLabel('model.json + weight files')
    .setInputFiles(resolve(MOBILENET_DIR, 'model.json'));
  await expect(studio.error).toBeVisible();
  await studio.page.getByTestId('model-select').selectOption('mobilenet_v1_0.25_224');
  await studio.waitReady({ classIndex: 285 });
});

test('Score-CAM shows progress, can be cancelled, and then completes when asked again', async ({
  studio,
}) => {
  await studio.open({ backend: 'wasm', sample: 'chelsea' });
  const gradcam = await studio.waitReady({ classIndex: 285 });
  await studio.page.getByTestId('method-select').selectOption('scorecam');
  await expect(studio.page.getByTestId('map-progress')).toBeVisible();
  await studio.page.getByTestId('cancel-map').click();
  await expect(studio.notice).toContainText('Cancelled');
  await expect(studio.canvas).toHaveAttribute('data-state', 'computing');
  await expect(studio.canvas).toHaveAttribute('data-method', 'gradcam');
  await expect(studio.status).toContainText('Ready');

  await studio.page.getByTestId('method-select').selectOption('gradcam');
  await studio.waitReady({ method: 'gradcam' });
  await studio.page.getByTestId('method-select').selectOption('scorecam');
  const score = await studio.waitReady({ method: 'scorecam' });
  expect(score.classIndex).toBe(285);
  expect(score.map).toHaveLength(gradcam.map.length);
  expect(score.forwardPasses).toBeGreaterThan(1);
});

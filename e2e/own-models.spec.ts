/**
 * Your own model through the page (issue 11): ResNet50 from its files with the Caffe preset, the
 * model shapes users bring (Teachable Machine export, gray, binary, multi-label, non-square,
 * dynamic size, userDefinedMetadata; built in e2e/support/own-models.ts), and a URL model from a
 * second local origin restored from a share link, with the privacy check. wasm backend throughout.
 */
import { readdirSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import type { Request } from '@playwright/test';
import { serveStatic } from '../scripts/serve-static';
import type { DebugModel } from '../src/app/debug-api';
import { buildOwnModels, type OwnModel, type OwnModels, TM_LABELS } from './support/own-models';
import { expect, maxDiff, ROOT, type StudioPage, test } from './support/studio';

const EGYPTIAN_CAT = 285;
const RESNET_DIR = resolve(ROOT, 'public/models/resnet50_imagenet');

let models: OwnModels;
let modelHost: Server;
let hostOrigin: string;

test.beforeAll(async () => {
  models = await buildOwnModels();
  writeFileSync(join(models.tm.dir, 'pets.txt'), 'kitty\npuppy\nsomething else\n');
  // A second origin (another host name, another port): a user's own model host, with CORS.
  modelHost = await serveStatic({ dir: models.root, base: '/', port: 0, host: '127.0.0.1', cors: true });
  hostOrigin = `http://localhost:${(modelHost.address() as AddressInfo).port}`;
});

test.afterAll(async () => {
  await new Promise<void>((done) => {
    modelHost?.close(() => done());
    modelHost?.closeAllConnections();
  });
});

function debugModel(studio: StudioPage): Promise<DebugModel | null> {
  return studio.page.evaluate(() => window.gradcamDebug.model());
}

function bridgeCalls(studio: StudioPage): Promise<Record<string, number>> {
  return studio.page.evaluate(() => window.gradcamDebug.bridgeCalls());
}

/** Picks a model's files in the own-model input and waits for its first map. */
async function pickModel(studio: StudioPage, model: OwnModel): Promise<DebugModel> {
  const before = (await debugModel(studio))?.key;
  await studio.page.getByTestId('model-files').setInputFiles(model.files);
  await expect(studio.page.getByTestId('model-select')).toHaveValue('custom');
  await expect.poll(async () => (await debugModel(studio))?.key).not.toBe(before);
  await studio.waitReady();
  await expect(studio.error).toBeHidden();
  return (await debugModel(studio))!;
}

async function labelsShown(studio: StudioPage): Promise<string[]> {
  const options = studio.page.getByRole('listbox', { name: 'Top predictions' }).getByTestId('class-option');
  await expect(options.first()).toBeVisible();
  return options.evaluateAll((nodes) => nodes.map((n) => n.textContent ?? ''));
}

test('ResNet50 from its files: the Caffe preset re-runs only the analysis, and chelsea is an Egyptian cat', async ({
  studio,
}) => {
  await studio.open({ backend: 'wasm', sample: 'chelsea' });
  await studio.waitReady({ classIndex: EGYPTIAN_CAT });
  // The catalogue offers it too, with its size.
  await expect(
    studio.page.locator('[data-testid="model-select"] option[value="resnet50_imagenet"]'),
  ).toHaveText(/ResNet50.*\d+ MB/);
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

  // The catalogue's ResNet50 (Caffe by its entry) gives the same explanation as the files with the preset.
  await studio.page.getByTestId('model-select').selectOption('resnet50_imagenet');
  await expect.poll(async () => (await debugModel(studio))?.id).toBe('resnet50_imagenet');
  const catalogue = await studio.waitReady({ classIndex: EGYPTIAN_CAT, layer: 'activation_48' });
  expect((await debugModel(studio))?.preprocess).toBe('caffe');
  expect(maxDiff(catalogue.map, map.map)).toBeLessThan(1e-4);
  expect(studio.errors).toEqual([]);
});

test('Teachable Machine, gray, binary, multi-label, non-square, dynamic and metadata models from files', async ({
  studio,
}) => {
  await studio.open({ backend: 'wasm', sample: 'chelsea' });
  await studio.waitReady({ classIndex: EGYPTIAN_CAT });
  await studio.page.getByText('Your own model').click();
  const info = studio.page.getByTestId('model-info');

  // The three files Teachable Machine gives you: labels, size and preprocessing from metadata.json.
  let m = await pickModel(studio, models.tm);
  expect(m).toMatchObject({
    inputSize: [64, 64],
    channels: 3,
    preprocess: 'teachable-machine',
    numClasses: 3,
  });
  const tm = (await labelsShown(studio)).join(' ');
  for (const label of TM_LABELS) expect(tm).toContain(label);
  await expect(info).toContainText('metadata.json (Teachable Machine)');
  await expect(studio.page.getByTestId('preprocess-select')).toHaveValue('teachable-machine');
  // Its centre square of the (landscape) photo: the map covers that part only.
  const region = m.region!;
  expect(region.width).toBe(region.height);
  expect(region.height).toBe(region.imageHeight);
  expect(region.x).toBe(Math.floor((region.imageWidth - region.width) / 2));

  m = await pickModel(studio, models.gray);
  expect(m).toMatchObject({ inputSize: [32, 32], channels: 1, task: 'multiclass', numClasses: 3 });
  const gray = (await labelsShown(studio)).join(' ');
  for (const label of ['zero', 'one', 'two']) expect(gray).toContain(label);
  await expect(info).toContainText('32 × 32 × 1 (gray)');

  m = await pickModel(studio, models.binary);
  expect(m).toMatchObject({ task: 'binary', numClasses: 2 });
  const binary = await labelsShown(studio);
  expect(binary).toHaveLength(2);
  expect(binary.filter((t) => t.includes('no cat'))).toHaveLength(1);
  await expect(studio.page.getByTestId('task-note')).toContainText(/Binary/);
  await expect(info).toContainText(/binary \(one sigmoid unit\)/);

  m = await pickModel(studio, models.multilabel);
  expect(m).toMatchObject({ task: 'multilabel', numClasses: 4 });
  await expect(info).toContainText(/independent probabilities by sigmoid/);
  await expect(studio.page.getByTestId('task-note')).toContainText(/independent/i);

  m = await pickModel(studio, models.nonSquare);
  expect(m).toMatchObject({ inputSize: [24, 48], channels: 3 });
  const nonSquare = await studio.last();
  expect(nonSquare!.width).toBeGreaterThan(nonSquare!.height);

  // Any size: 224 x 224 until the user picks another, which re-runs only the analysis.
  m = await pickModel(studio, models.dynamic);
  expect(m.inputSize).toEqual([224, 224]);
  expect(m.layers.length).toBeGreaterThan(0);
  const calls = await bridgeCalls(studio);
  await studio.page.getByTestId('input-height').fill('64');
  await studio.page.getByTestId('input-width').fill('96');
  await studio.page.getByTestId('input-size-apply').click();
  await expect.poll(async () => (await debugModel(studio))?.inputSize).toEqual([64, 96]);
  await studio.waitReady();
  expect((await bridgeCalls(studio)).loadModel ?? 0).toBe(calls.loadModel ?? 0);

  // userDefinedMetadata in model.json: labels, preprocessing and task, no further choice.
  m = await pickModel(studio, models.udm);
  expect(m).toMatchObject({ inputSize: [40, 40], preprocess: 'gray-zero-one', numClasses: 2 });
  const udm = (await labelsShown(studio)).join(' ');
  for (const label of ['left', 'right']) expect(udm).toContain(label);
  await expect(info).toContainText('userDefinedMetadata');
  expect(studio.errors).toEqual([]);
});

test('a URL model from another origin in a share link: asks first, loads with its preprocessing and labels URL; no request carries image data', async ({
  studio,
}) => {
  const requests: Request[] = [];
  studio.page.context().on('request', (request) => requests.push(request));
  const modelUrl = `${hostOrigin}/tm/model.json`;
  const labelsUrl = `${hostOrigin}/tm/pets.txt`;
  await studio.open({
    backend: 'wasm',
    sample: 'chelsea',
    'model-url': modelUrl,
    'labels-url': labelsUrl,
    preprocess: 'zero-one',
  });
  // Nothing is fetched from that host before the user says yes.
  const confirm = studio.page.getByTestId('model-host-confirm');
  await expect(confirm).toBeVisible();
  await expect(studio.page.getByText(`Load model from ${new URL(hostOrigin).host}?`)).toBeVisible();
  // Meanwhile the default model explains the sample, and that host has still been asked nothing.
  await studio.waitReady({ classIndex: EGYPTIAN_CAT });
  expect(requests.filter((r) => r.url().startsWith(hostOrigin))).toEqual([]);
  await confirm.click();
  await expect(studio.page.getByTestId('model-select')).toHaveValue('custom');
  await expect.poll(async () => (await debugModel(studio))?.id ?? '').toContain(modelUrl);
  await studio.waitReady();
  const m = (await debugModel(studio))!;
  expect(m).toMatchObject({ inputSize: [64, 64], preprocess: 'zero-one', numClasses: 3 });
  // The labels URL wins over metadata.json's labels.
  const pets = (await labelsShown(studio)).join(' ');
  for (const label of ['kitty', 'puppy', 'something else']) expect(pets).toContain(label);

  // The share link carries the model URL, its preprocessing and the labels URL.
  await expect.poll(() => new URL(studio.page.url()).searchParams.get('model-url')).toBe(modelUrl);
  const params = new URL(studio.page.url()).searchParams;
  expect(params.get('labels-url')).toBe(labelsUrl);
  expect(params.get('preprocess')).toBe('zero-one');

  // Privacy: every request is a GET without a body; the other host got only the model's files.
  await studio.page.getByTestId('image-input').setInputFiles(resolve(ROOT, 'e2e/fixtures/images/cat.webp'));
  await expect(studio.page.locator('.current-image')).toContainText('cat.webp');
  await studio.waitReady();
  expect(requests.filter((r) => r.method() !== 'GET' || r.postData())).toEqual([]);
  // In a cross-origin isolated page tfjs starts its 8 wasm pthread workers from blob: scripts
  // (resource types script and other): code, not the photo, and never off the device.
  const workerScript = (r: Request) =>
    r.url().startsWith('blob:') && ['script', 'other'].includes(r.resourceType());
  expect(
    requests.filter((r) => /cat\.webp|data:image|base64|blob:/i.test(r.url()) && !workerScript(r)),
  ).toEqual([]);
  const foreign = requests.filter(
    (r) => !r.url().startsWith(new URL(studio.page.url()).origin) && !workerScript(r),
  );
  expect(new Set(foreign.map((r) => new URL(r.url()).pathname))).toEqual(
    new Set(['/tm/model.json', '/tm/metadata.json', '/tm/pets.txt', '/tm/weights.bin']),
  );

  // A pasted URL on that host asks too; Cancel leaves the model in use alone.
  const before = requests.length;
  await studio.page.getByText('Your own model').click();
  await studio.page.getByTestId('model-url').fill(`${hostOrigin}/gray/model.json`);
  await studio.page.getByRole('button', { name: 'Load', exact: true }).click();
  await expect(confirm).toBeVisible();
  await studio.page.getByRole('button', { name: 'Cancel', exact: true }).click();
  await expect(confirm).toBeHidden();
  expect((await debugModel(studio))?.id).toContain(modelUrl);
  expect(requests.slice(before).filter((r) => r.url().startsWith(hostOrigin))).toEqual([]);
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
  await expect(studio.error).toBeHidden();
  expect(studio.errors).toEqual([]);
});

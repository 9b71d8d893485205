/**
 * Your own model through the page (issue 11): the model shapes users bring (Teachable Machine
 * export, gray, binary, multi-label, non-square, dynamic size, userDefinedMetadata; built in
 * e2e/support/own-models.ts) picked, dropped as files or as a folder, the custom preprocessing form,
 * and a URL model from a second local origin restored from a share link, with the privacy check.
 * ResNet50 has e2e/resnet50.spec.ts. wasm backend throughout.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import type { Request } from '@playwright/test';
import { serveStatic } from '../scripts/serve-static';
import type { DebugModel } from '../src/app/debug-api';
import { bridgeCalls, debugModel, labelsShown, leftOfRegion, pickModel } from './support/own-model-page';
import { buildOwnModels, type OwnModels, TM_LABELS } from './support/own-models';
import { dropPaths, expect, maxDiff, ROOT, StudioPage, test } from './support/studio';

const EGYPTIAN_CAT = 285;

let models: OwnModels;
let modelHost: Server;
let hostOrigin: string;

test.beforeAll(async () => {
  models = await buildOwnModels();
  // Beside the models, not in a model's folder (a label list there would be read with it).
  mkdirSync(join(models.root, 'labels'));
  writeFileSync(join(models.root, 'labels/pets.txt'), 'kitty\npuppy\nsomething else\n');
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

test('Teachable Machine (files, folder, drops), gray, binary, multi-label, non-square, dynamic and metadata models; the custom preprocessing form', async ({
  studio,
}) => {
  const { page } = studio;
  await studio.open({ backend: 'wasm', sample: 'chelsea' });
  await studio.waitReady({ classIndex: EGYPTIAN_CAT });
  await page.getByText('Your own model').click();
  const info = page.getByTestId('model-info');
  const zone = page.locator('.own-drop');
  const expectTm = async (m: DebugModel) => {
    expect(m).toMatchObject({
      inputSize: [64, 64],
      channels: 3,
      preprocess: 'teachable-machine',
      numClasses: 3,
    });
    const shown = (await labelsShown(studio)).join(' ');
    for (const label of TM_LABELS) expect(shown).toContain(label);
  };

  // The three files Teachable Machine gives you: labels, size and preprocessing from metadata.json.
  let m = await pickModel(studio, models.tm);
  await expectTm(m);
  await expect(info).toContainText('metadata.json (Teachable Machine)');
  await expect(page.getByTestId('preprocess-select')).toHaveValue('teachable-machine');
  // Its centre square of the (landscape) photo: the map covers that part only.
  const region = m.region!;
  expect(region.width).toBe(region.height);
  expect(region.height).toBe(region.imageHeight);
  expect(region.x).toBe(Math.floor((region.imageWidth - region.width) / 2));

  // A folder dropped on the model panel's drop zone: its labels.txt is read with it.
  m = await pickModel(studio, models.gray, () => dropPaths(page, zone, [models.gray.dir]));
  expect(m).toMatchObject({
    inputSize: [32, 32],
    channels: 1,
    task: 'multiclass',
    numClasses: 3,
    sources: { labels: 'labels.txt' },
  });
  const gray = (await labelsShown(studio)).join(' ');
  for (const label of ['zero', 'one', 'two']) expect(gray).toContain(label);
  await expect(info).toContainText('32 × 32 × 1 (gray)');
  // Nothing says how it wants its pixels: the panel says the preprocessing is a guess.
  await expect(page.getByTestId('preprocess-guess')).toContainText('is a guess');

  // The three Teachable Machine files dropped there.
  await expectTm(await pickModel(studio, models.tm, () => dropPaths(page, zone, models.tm.files)));
  await expect(page.getByTestId('preprocess-guess')).toBeHidden();

  m = await pickModel(studio, models.binary);
  expect(m).toMatchObject({ task: 'binary', numClasses: 2 });
  const binary = await labelsShown(studio);
  expect(binary).toHaveLength(2);
  expect(binary.filter((t) => t.includes('no cat'))).toHaveLength(1);
  await expect(page.getByTestId('task-note')).toContainText(/Binary/);
  await expect(info).toContainText(/binary \(one sigmoid unit\)/);

  m = await pickModel(studio, models.multilabel);
  expect(m).toMatchObject({ task: 'multilabel', numClasses: 4 });
  await expect(info).toContainText(/independent probabilities by sigmoid/);
  await expect(page.getByTestId('task-note')).toContainText(/independent/i);

  m = await pickModel(studio, models.nonSquare);
  expect(m).toMatchObject({ inputSize: [24, 48], channels: 3 });
  const nonSquare = await studio.last();
  expect(nonSquare!.width).toBeGreaterThan(nonSquare!.height);

  // Any size: 224 x 224 until the user picks another, which re-runs only the analysis.
  m = await pickModel(studio, models.dynamic);
  expect(m.inputSize).toEqual([224, 224]);
  expect(m.layers.length).toBeGreaterThan(0);
  let calls = await bridgeCalls(studio);
  await page.getByTestId('input-height').fill('64');
  await page.getByTestId('input-width').fill('96');
  await page.getByTestId('input-size-apply').click();
  await expect.poll(async () => (await debugModel(studio))?.inputSize).toEqual([64, 96]);
  await studio.waitReady();
  expect((await bridgeCalls(studio)).loadModel ?? 0).toBe(calls.loadModel ?? 0);

  // userDefinedMetadata in model.json: labels, preprocessing and task, no further choice.
  m = await pickModel(studio, models.udm);
  expect(m).toMatchObject({ inputSize: [40, 40], preprocess: 'gray-zero-one', numClasses: 2 });
  const udm = (await labelsShown(studio)).join(' ');
  for (const label of ['left', 'right']) expect(udm).toContain(label);
  await expect(info).toContainText('userDefinedMetadata');

  // The export's folder dropped on the photo: a model, not a dataset of three files.
  const tm = await pickModel(studio, models.tm, () => dropPaths(page, studio.canvas, [models.tm.dir]));
  await expectTm(tm);
  await expect(page.getByTestId('dataset-summary')).toHaveCount(0);
  // Its centre square is explained; the rest of the photo is dimmed (seen with the map at opacity 0).
  await page.getByTestId('opacity').fill('0');
  const outside = await leftOfRegion(studio, tm.region!);

  // Custom preprocessing: starts from the one in force; bad fields are named and nothing runs.
  calls = await bridgeCalls(studio);
  const shownMap = (await studio.last())!.map;
  await page.getByTestId('preprocess-select').selectOption('custom');
  const form = page.getByTestId('preprocess-custom');
  const field = (name: string) => form.getByTestId(`preprocess-${name}`);
  await expect(field('scale')).toHaveValue('1/127');
  await expect(field('offset')).toHaveValue('-1');
  await expect(field('resize')).toHaveValue('center-crop');
  await field('scale').fill('');
  await field('mean').fill('0.5, 0.5');
  await field('std').fill('0');
  await field('crop').fill('1.5');
  const problems = page.getByTestId('preprocess-problems');
  await expect(problems).toHaveText(
    [
      'Scale is empty',
      'Mean needs 1 or 3 values for rgb (got 2)',
      'Std values must be > 0',
      'Crop fraction must be in (0, 1]',
    ].join(''),
  );
  for (const name of ['scale', 'mean', 'std', 'crop'])
    await expect(field(name)).toHaveAttribute('aria-invalid', 'true');
  await expect(field('offset')).not.toHaveAttribute('aria-invalid');
  await expect(page.getByTestId('preprocess-apply')).toBeDisabled();
  await field('std').press('Enter'); // submitting a bad form does nothing
  // Nothing is lost: the typed values, the model, its preprocessing and the map on screen.
  await expect(field('mean')).toHaveValue('0.5, 0.5');
  await expect(studio.canvas).toHaveAttribute('data-state', 'ready');
  expect((await debugModel(studio))?.preprocess).toBe('teachable-machine');
  expect(maxDiff((await studio.last())!.map, shownMap)).toBe(0);
  expect(await bridgeCalls(studio)).toEqual(calls);

  // Fixed field by field (fractions as people write them), a valid one runs: only the analysis.
  await field('scale').fill('1/255');
  await field('offset').fill('0');
  await field('mean').fill('0.5');
  await field('std').fill('0.25');
  await field('resize').selectOption('stretch');
  await expect(problems).toBeHidden();
  await page.getByTestId('preprocess-apply').click();
  await expect.poll(async () => (await debugModel(studio))?.preprocess).toBe('custom');
  await studio.waitReady();
  const custom = (await debugModel(studio))!;
  expect(custom.preprocessing).toMatchObject({
    color: 'rgb',
    offset: 0,
    mean: [0.5],
    std: [0.25],
    resize: 'stretch',
  });
  expect(custom.preprocessing.scale).toBeCloseTo(1 / 255, 12);
  expect(custom.sources).toMatchObject({
    preprocess: 'your choice',
    labels: 'metadata.json (Teachable Machine)',
  });
  await expect(info).toContainText('your choice: preprocessing');
  expect(custom.region).toMatchObject({ x: 0, y: 0, width: custom.region!.imageWidth }); // stretched: the whole photo
  expect(outside).toBeLessThan(0.6 * (await leftOfRegion(studio, tm.region!)));
  const after = await bridgeCalls(studio);
  expect(after.loadModel ?? 0).toBe(calls.loadModel ?? 0);
  expect(after.setImage).toBe((calls.setImage ?? 0) + 1);
  await expect(page.getByTestId('preprocess-select')).toHaveValue('custom');
  await expect(page.getByTestId('model-info')).toContainText('rgb, x*0.00392157 + 0, mean [0.5, 0.5, 0.5]');
  expect(studio.errors).toEqual([]);
});

test('a URL model from another origin in a share link: asks first, loads with its preprocessing and labels URL; no request carries image data', async ({
  studio,
}) => {
  const requests: Request[] = [];
  studio.page.context().on('request', (request) => requests.push(request));
  const modelUrl = `${hostOrigin}/tm/model.json`;
  const labelsUrl = `${hostOrigin}/labels/pets.txt`;
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
    new Set(['/tm/model.json', '/tm/metadata.json', '/labels/pets.txt', '/tm/weights.bin']),
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

  // A dynamic-size model at a URL: the size the user picks travels in the link, and comes back.
  const dynamicUrl = `${hostOrigin}/dynamic/model.json`;
  await studio.page.getByTestId('model-url').fill(dynamicUrl);
  await studio.page.getByRole('button', { name: 'Load', exact: true }).click();
  await confirm.click();
  await expect.poll(async () => (await debugModel(studio))?.id ?? '').toContain(dynamicUrl);
  await studio.waitReady();
  await studio.page.getByTestId('input-height').fill('64');
  await studio.page.getByTestId('input-width').fill('96');
  await studio.page.getByTestId('input-size-apply').click();
  await expect.poll(() => new URL(studio.page.url()).searchParams.get('input-size')).toBe('64x96');
  expect(new URL(studio.page.url()).searchParams.get('model-url')).toBe(dynamicUrl);
  const restored = new StudioPage(await studio.page.context().newPage());
  await restored.page.goto(studio.page.url());
  await restored.page.getByTestId('model-host-confirm').click();
  await restored.sample('chelsea').click(); // the photo stayed home: the link has none
  await expect.poll(async () => (await debugModel(restored))?.inputSize).toEqual([64, 96]);
  expect((await debugModel(restored))?.id).toContain(dynamicUrl);
  await restored.waitReady();
  expect(restored.errors).toEqual([]);
  expect(studio.errors).toEqual([]);
});

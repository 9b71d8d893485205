/**
 * The eight end-to-end cases against the production build. The full set runs on the wasm
 * backend (fast and deterministic here); WebGL and WebGPU (software devices on CI: slow shader
 * compiles) run a representative subset; case 8 launches a browser without WebGPU.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { CHROMIUM_ARGS } from '../playwright.config';
import {
  type Backend,
  expect,
  FIXTURE_IMAGES,
  maxDiff,
  pasteFile,
  pngSize,
  readFixture,
  SAMPLES_DIR,
  StudioPage,
  test,
} from './support/studio';

const EGYPTIAN_CAT = 285;
const CHELSEA_SIZE = { width: 451, height: 300 };
const BACKEND_NAMES: Record<Backend, string> = {
  wasm: 'WebAssembly',
  webgl: 'WebGL',
  webgpu: 'WebGPU',
  cpu: 'CPU',
};

/** Case 1: a sample photo gives a heatmap, and chelsea.png's top class is Egyptian cat. */
async function sampleGivesHeatmap(studio: StudioPage, backend: Backend) {
  await studio.open({ backend });
  await studio.sample('chelsea').click();
  const last = await studio.waitReady({ classIndex: EGYPTIAN_CAT });
  expect(last.backend).toBe(backend);
  expect(last.classIndex).toBe(EGYPTIAN_CAT);
  expect(last.layer).toBe('conv_pw_13_relu');
  expect([last.height, last.width]).toEqual([7, 7]);
  expect(last.map).toHaveLength(49);
  expect(Math.min(...last.map)).toBeGreaterThanOrEqual(0);
  expect(Math.max(...last.map)).toBeCloseTo(1, 3);
  expect(last.forwardPasses).toBe(1);
  expect((await studio.topClasses())[0]).toBe(EGYPTIAN_CAT);
  await expect(studio.classOption(EGYPTIAN_CAT)).toHaveAttribute('aria-selected', 'true');
  await expect(studio.classOption(EGYPTIAN_CAT)).toContainText('Egyptian cat');
  await expect(studio.status).toContainText(BACKEND_NAMES[backend]);
  await expect(studio.status).toContainText(/Forward:\s*[\d.]+ ms/);
  await expect(studio.status).toContainText(/Map:\s*[\d.]+ ms/);
  // The heatmap is really on the canvas: the overlay is not the bare photo.
  const overlay = await studio.canvasMean();
  await studio.page.getByTestId('opacity').fill('0');
  await expect.poll(() => studio.canvasMean()).not.toEqual(overlay);
  await studio.page.getByTestId('opacity').fill('0.5');
  return last;
}

/** Case 3: another class changes the map, with no new forward pass (head-only backward). */
async function classSwitchKeepsForwardPass(studio: StudioPage) {
  const first = await studio.waitReady();
  const top = await studio.topClasses();
  expect(top).toHaveLength(5);
  const other = top.find((index) => index !== first.classIndex)!;
  await studio.classOption(other).click();
  const second = await studio.waitReady({ classIndex: other });
  expect(second.classIndex).toBe(other);
  expect(maxDiff(first.map, second.map)).toBeGreaterThan(0.05);
  expect(second.forwardPasses).toBe(1);
  await expect(studio.classOption(other)).toHaveAttribute('aria-selected', 'true');
  await expect(studio.classOption(first.classIndex)).toHaveAttribute('aria-selected', 'false');
  return { first, second };
}

test.describe('wasm backend: every case', () => {
  const backend: Backend = 'wasm';

  test('1. a sample photo gives a heatmap; chelsea.png is an Egyptian cat', async ({ studio }) => {
    await sampleGivesHeatmap(studio, backend);
    expect(studio.errors).toEqual([]);
  });

  test('2. a file through the file input, a synthetic drop and a paste give heatmaps', async ({ studio }) => {
    await studio.open({ backend });
    await studio.page.getByTestId('image-input').setInputFiles(resolve(FIXTURE_IMAGES, 'cat.webp'));
    await expect(studio.page.locator('.current-image')).toContainText('cat.webp');
    const fromInput = await studio.waitReady();
    expect(fromInput.map).toHaveLength(49);
    expect(fromInput.forwardPasses).toBe(1);

    await studio.dropFile(readFixture(resolve(SAMPLES_DIR, 'coffee.png')), 'dropped-coffee.png', 'image/png');
    await expect(studio.page.locator('.current-image')).toContainText('dropped-coffee.png');
    const fromDrop = await studio.waitReady();
    expect(fromDrop.forwardPasses).toBe(1);
    expect(maxDiff(fromInput.map, fromDrop.map)).toBeGreaterThan(0.05);
    // Pasting an image from the clipboard works the same way.
    await pasteFile(studio.page, readFixture(resolve(SAMPLES_DIR, 'chelsea.png')), 'pasted.png', 'image/png');
    await expect(studio.page.locator('.current-image')).toContainText('pasted.png');
    const fromPaste = await studio.waitReady({ classIndex: EGYPTIAN_CAT });
    expect(fromPaste.forwardPasses).toBe(1);

    // The link cannot carry a user's image: no sample parameter.
    expect(new URL(studio.page.url()).searchParams.get('sample')).toBeNull();
    await expect(studio.error).toBeHidden();
    expect(studio.errors).toEqual([]);
  });

  test('3. switching class changes the map without another forward pass', async ({ studio }) => {
    await studio.open({ backend, sample: 'chelsea' });
    const { second } = await classSwitchKeepsForwardPass(studio);

    // Keyboard: the arrows move through the top-5 and recompute the map only.
    await studio.classOption(second.classIndex).focus();
    await studio.page.keyboard.press('ArrowDown');
    const top = await studio.topClasses();
    const next = top[top.indexOf(second.classIndex) + 1];
    const third = await studio.waitReady({ classIndex: next });
    expect(third.forwardPasses).toBe(1);
    await expect(studio.classOption(next)).toBeFocused();

    // Search reaches every class (goldfish = 1 is not in a cat photo's top 5).
    await studio.page.getByTestId('class-search').fill('goldfish');
    await studio.classOption(1).click();
    const goldfish = await studio.waitReady({ classIndex: 1 });
    expect(goldfish.forwardPasses).toBe(1);
    expect(new URL(studio.page.url()).searchParams.get('class')).toBe('1');
  });

  test('4. layer and method recompute; opacity and colormap only redraw the canvas', async ({ studio }) => {
    await studio.open({ backend, sample: 'chelsea' });
    const base = await studio.waitReady({ classIndex: EGYPTIAN_CAT });

    await studio.page.getByTestId('layer-select').selectOption('conv_pw_11_relu');
    const layered = await studio.waitReady({ layer: 'conv_pw_11_relu' });
    expect([layered.height, layered.width]).toEqual([14, 14]);
    expect(layered.classIndex).toBe(EGYPTIAN_CAT);

    await studio.page.getByTestId('layer-select').selectOption('conv_pw_13_relu');
    await studio.waitReady({ layer: 'conv_pw_13_relu' });
    await studio.page.getByTestId('method-select').selectOption('gradcam++');
    const plusplus = await studio.waitReady({ method: 'gradcam++' });
    expect(plusplus.layer).toBe('conv_pw_13_relu');
    expect(maxDiff(base.map, plusplus.map)).toBeGreaterThan(0.01);

    await studio.page.getByTestId('method-select').selectOption('eigencam');
    const eigen = await studio.waitReady({ method: 'eigencam' });
    expect(maxDiff(plusplus.map, eigen.map)).toBeGreaterThan(0.01);

    // Display settings: new pixels, no worker call, still ready.
    const calls = await studio.workerCalls();
    const before = await studio.canvasFingerprint();
    await studio.page.getByTestId('opacity').fill('0.9');
    await expect.poll(() => studio.canvasFingerprint()).not.toBe(before);
    const afterOpacity = await studio.canvasFingerprint();
    await studio.page.getByTestId('colormap').selectOption('viridis');
    await expect.poll(() => studio.canvasFingerprint()).not.toBe(afterOpacity);
    const afterColormap = await studio.canvasFingerprint();
    await studio.page.getByTestId('view-side-by-side').check();
    await expect.poll(() => studio.canvasFingerprint()).not.toBe(afterColormap);
    expect(await studio.workerCalls()).toBe(calls);
    await expect(studio.canvas).toHaveAttribute('data-state', 'ready');
    // The URL follows at most every 150 ms (url-sync.ts throttles history updates).
    const shown = () => {
      const url = new URL(studio.page.url()).searchParams;
      return [url.get('opacity'), url.get('colormap'), url.get('view')];
    };
    await expect.poll(shown).toEqual(['0.9', 'viridis', 'side-by-side']);
  });

  test('5. a copied share link opened in a new page restores the same view and map', async ({
    studio,
    context,
  }) => {
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    await studio.open({ backend });
    await studio.sample('chelsea').click();
    await studio.waitReady({ classIndex: EGYPTIAN_CAT });
    const top = await studio.topClasses();
    await studio.classOption(top[2]).click();
    await studio.page.getByTestId('layer-select').selectOption('conv_pw_12_relu');
    await studio.page.getByTestId('method-select').selectOption('gradcam++');
    await studio.page.getByTestId('opacity').fill('0.7');
    await studio.page.getByTestId('colormap').selectOption('inferno');
    const shown = await studio.waitReady({
      classIndex: top[2],
      layer: 'conv_pw_12_relu',
      method: 'gradcam++',
    });

    await studio.page.getByTestId('share-link').click();
    await expect(studio.notice).toContainText('Link copied');
    const link = await studio.page.evaluate(() => navigator.clipboard.readText());
    expect(link).toBe(studio.page.url());

    const restored = new StudioPage(await context.newPage());
    await restored.page.goto(link);
    const again = await restored.waitReady({
      classIndex: top[2],
      layer: 'conv_pw_12_relu',
      method: 'gradcam++',
    });
    // The map's backend: the core may run one layer's backward on cpu where wasm lacks a kernel.
    expect(again.backend).toBe(shown.backend);
    expect(maxDiff(shown.map, again.map)).toBeLessThan(1e-5);
    await expect(restored.page.getByTestId('model-select')).toHaveValue('mobilenet_v1_0.25_224');
    await expect(restored.page.getByTestId('method-select')).toHaveValue('gradcam++');
    await expect(restored.page.getByTestId('layer-select')).toHaveValue('conv_pw_12_relu');
    await expect(restored.page.getByTestId('colormap')).toHaveValue('inferno');
    await expect(restored.page.getByTestId('opacity')).toHaveValue('0.7');
    await expect(restored.classOption(top[2])).toHaveAttribute('aria-selected', 'true');
    await expect(restored.sample('chelsea')).toHaveAttribute('aria-pressed', 'true');
    expect(await restored.canvasFingerprint()).toBe(await studio.canvasFingerprint());

    // A user's own image cannot travel in a link, and the UI says so.
    await studio.page.getByTestId('image-input').setInputFiles(resolve(FIXTURE_IMAGES, 'cat.webp'));
    await studio.waitReady();
    await studio.page.getByTestId('share-link').click();
    await expect(studio.notice).toContainText('Your own image is not in the link');
  });

  test('6. export gives a PNG of the image’s own size (EXIF orientation applied)', async ({ studio }) => {
    await studio.open({ backend, sample: 'chelsea' });
    await studio.waitReady({ classIndex: EGYPTIAN_CAT });
    const [download] = await Promise.all([
      studio.page.waitForEvent('download'),
      studio.page.getByTestId('export-png').click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/\.png$/);
    const path = await download.path();
    expect(pngSize(readFixture(path))).toEqual(CHELSEA_SIZE);

    const [json] = await Promise.all([
      studio.page.waitForEvent('download'),
      studio.page.getByTestId('export-json').click(),
    ]);
    const raw = JSON.parse(readFixture(await json.path()).toString('utf8'));
    expect(raw.classIndex).toBe(EGYPTIAN_CAT);
    expect(raw.lowRes).toHaveLength(49);
    expect(maxDiff(raw.lowRes, (await studio.last())!.map)).toBeLessThan(1e-6);

    // EXIF orientation is respected: stored 149x224 with Orientation=6, shown (and exported) 224x149.
    await studio.page.getByTestId('image-input').setInputFiles(resolve(FIXTURE_IMAGES, 'exif-rotated.jpg'));
    await expect(studio.page.locator('.current-image')).toContainText('224×149');
    await studio.waitReady();
    const [rotated] = await Promise.all([
      studio.page.waitForEvent('download'),
      studio.page.getByTestId('export-png').click(),
    ]);
    expect(pngSize(readFixture(await rotated.path()))).toEqual({ width: 224, height: 149 });
  });

  test('7. a non-image file shows an error and the next good image still works', async ({ studio }) => {
    await studio.open({ backend });
    const input = studio.page.getByTestId('image-input');
    await input.setInputFiles(resolve(FIXTURE_IMAGES, 'text-named.png'));
    await expect(studio.error).toBeVisible();
    await expect(studio.error).toHaveAttribute('role', 'alert');
    await expect(studio.error).toContainText('text-named.png');
    await expect(studio.error).toContainText('not an image');

    await input.setInputFiles(resolve(FIXTURE_IMAGES, 'zero-byte.png'));
    await expect(studio.error).toContainText('empty');
    await input.setInputFiles(resolve(FIXTURE_IMAGES, 'truncated.jpg'));
    await expect(studio.error).toContainText(/truncated\.jpg|could not be decoded/);

    await input.setInputFiles(resolve(FIXTURE_IMAGES, 'cat.webp'));
    const last = await studio.waitReady();
    expect(last.map).toHaveLength(49);
    await expect(studio.error).toBeHidden();

    // A bad file after a good one leaves the current heatmap on screen.
    await studio.dropFile(Buffer.from('definitely not pixels'), 'notes.txt', 'text/plain');
    await expect(studio.error).toContainText('notes.txt');
    await expect(studio.canvas).toHaveAttribute('data-state', 'ready');
  });
});

for (const backend of ['webgl', 'webgpu'] as const) {
  test.describe(`${backend} backend: representative subset`, () => {
    test(`1, 3, 4. sample heatmap, class switch without a forward pass, method switch on ${backend}`, async ({
      studio,
    }) => {
      test.setTimeout(300_000);
      const first = await sampleGivesHeatmap(studio, backend);
      await classSwitchKeepsForwardPass(studio);
      await studio.page.getByTestId('method-select').selectOption('layercam');
      const layercam = await studio.waitReady({ method: 'layercam' });
      expect(layercam.backend).toBe(backend);
      expect(layercam.map).toHaveLength(first.map.length);
      const calls = await studio.workerCalls();
      const before = await studio.canvasFingerprint();
      await studio.page.getByTestId('colormap').selectOption('turbo');
      await expect.poll(() => studio.canvasFingerprint()).not.toBe(before);
      expect(await studio.workerCalls()).toBe(calls);
    });
  });
}

test('8. backend=webgpu in a browser without WebGPU falls back with a notice', async ({
  playwright,
  baseURL,
}) => {
  // No WebGPU flags: this Chromium then has no WebGPU adapter (requestAdapter() resolves null).
  const args = CHROMIUM_ARGS.filter(
    (arg) =>
      !['--enable-unsafe-webgpu', '--enable-features=Vulkan', '--use-vulkan=swiftshader'].includes(arg),
  );
  const executablePath =
    process.env.CHROMIUM_PATH ?? (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined);
  const browser = await playwright.chromium.launch({ executablePath, args });
  try {
    const page = await browser.newPage({ baseURL });
    const studio = new StudioPage(page);
    await studio.open({ backend: 'webgpu', sample: 'chelsea' });
    await expect(studio.notice).toContainText(/WebGPU was requested but .*; using \w+/);
    const last = await studio.waitReady({ classIndex: EGYPTIAN_CAT });
    expect(last.backend).not.toBe('webgpu');
    await expect(studio.status).not.toContainText('Backend: WebGPU');
    await expect(studio.page.getByTestId('status-backend')).toHaveText(
      BACKEND_NAMES[last.backend as Backend],
    );
    expect(studio.errors).toEqual([]);
  } finally {
    await browser.close();
  }
});

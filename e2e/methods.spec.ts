/**
 * Issue 16 from the page: the six added methods, the method options (aug_smooth, eigen_smooth,
 * several layers, score target, versus class), the Guided view and its export, class switches
 * without a forward pass, the share link restoring all of it; and every added method and option on
 * WebGL, with the options' map on WebGL against wasm. Guided runs on the small default model only.
 */

import { pearsonCorrelation } from '../src/gradcam/metrics/rank-correlation';
import { type DebugMap, expect, FIRST_MAP_TIMEOUT, StudioPage, test } from './support/studio';

const ADDED = ['eigengradcam', 'kpcacam', 'fem', 'shapleycam', 'finercam', 'randomcam'] as const;

/** Waits for a map whose options match (the canvas is ready for the current selections). */
async function readyWith(studio: StudioPage, options: Partial<DebugMap['options']>): Promise<DebugMap> {
  let map: DebugMap | undefined;
  await expect
    .poll(
      async () => {
        map = await studio.waitReady();
        return map.options;
      },
      { timeout: FIRST_MAP_TIMEOUT },
    )
    .toMatchObject(options);
  return map!;
}

/** Each added method from the picker: a normalised map, no forward pass (the activations are cached). */
async function everyAddedMethod(studio: StudioPage, side: number): Promise<void> {
  const first = await studio.waitReady();
  for (const method of ADDED) {
    await studio.page.getByTestId('method-select').selectOption(method);
    const map = await studio.waitReady({ method });
    expect(map.map, method).toHaveLength(side * side);
    expect(Math.max(...map.map), `${method}: a normalised map`).toBeCloseTo(1, 4);
    expect(map.forwardPasses, `${method}: no forward pass`).toBe(first.forwardPasses);
  }
}

test('the added methods, every option, the Guided view and the share link on wasm', async ({
  page,
  context,
}) => {
  test.setTimeout(300_000); // about 1.5 min on an idle 2-core machine; more when it is shared
  const studio = new StudioPage(page);
  await studio.open({ backend: 'wasm', sample: 'chelsea' });
  await everyAddedMethod(studio, 7);
  // Class-agnostic methods have no score target; Grad-CAM has.
  await expect(page.getByTestId('score-target')).toBeDisabled();
  await page.getByTestId('method-select').selectOption('gradcam');
  await studio.waitReady({ method: 'gradcam' });
  await expect(page.getByTestId('score-target')).toBeEnabled();

  await page.getByTestId('score-target').selectOption('probability');
  const prob = await readyWith(studio, { target: 'probability' });
  await page.getByTestId('versus-class').selectOption('281');
  await readyWith(studio, { target: 'versus', versus: 281 });
  await page.getByTestId('eigen-smooth').check();
  await readyWith(studio, { eigenSmooth: true });
  await page.getByTestId('layer-multi').selectOption(['conv_pw_12_relu']);
  const layers = await readyWith(studio, { layers: ['conv_pw_12_relu', 'conv_pw_13_relu'] });
  expect([layers.width, layers.height]).toEqual([224, 224]);
  await page.getByTestId('aug-smooth').check();
  const all = await readyWith(studio, { augSmooth: true });
  expect(all.map).toHaveLength(224 * 224);
  expect(all.forwardPasses).toBeGreaterThan(prob.forwardPasses);

  // A class switch with every option on runs no forward pass (the augmented activations are cached).
  const other = (await studio.topClasses()).find((c) => c !== all.classIndex)!;
  await studio.classOption(other).click();
  const switched = await studio.waitReady({ classIndex: other });
  expect(switched.forwardPasses).toBe(all.forwardPasses);
  expect(switched.options).toEqual(all.options);

  // The Guided view: computed when shown, exported as Guided Grad-CAM.
  const overlay = await studio.canvasFingerprint();
  await page.getByTestId('view-guided').check();
  await studio.waitReady({ classIndex: other });
  await expect.poll(() => studio.canvasFingerprint()).not.toBe(overlay);
  const download = page.waitForEvent('download');
  await page.getByTestId('export-png').click();
  expect((await download).suggestedFilename()).toMatch(/-guided\.png$/);

  // The share link restores the method, every option, the layers, the versus class and the view.
  const url = page.url();
  expect(url).toMatch(/aug=1/);
  await page.close(); // one page computing at a time
  const restored = new StudioPage(await context.newPage());
  await restored.page.goto(url);
  const again = await restored.waitReady({ classIndex: other });
  expect(again.options).toEqual(switched.options);
  expect(again.method).toBe('gradcam');
  await expect(restored.page.getByTestId('aug-smooth')).toBeChecked();
  await expect(restored.page.getByTestId('eigen-smooth')).toBeChecked();
  await expect(restored.page.getByTestId('score-target')).toHaveValue('probability');
  await expect(restored.page.getByTestId('versus-class')).toHaveValue('281');
  await expect(restored.page.getByTestId('layer-multi')).toHaveValues(['conv_pw_12_relu']);
  await expect(restored.page.getByTestId('view-guided')).toBeChecked();
  expect(pearsonCorrelation(again.map, switched.map)).toBeGreaterThan(0.9999);
  expect([...studio.errors, ...restored.errors]).toEqual([]);
});

test('every added method and option on WebGL; the options map agrees with wasm', async ({ browser }) => {
  // About 2 min on an idle machine (shader compilation on SwiftShader); 5 min at a load average of 15.
  test.setTimeout(420_000);
  // Grad-CAM of the probability at two layers (conv_pw_11 + the default conv_pw_13), from a link.
  const params = { sample: 'chelsea', target: 'probability', layers: 'conv_pw_11_relu' };
  const maps: Record<string, DebugMap> = {};
  for (const backend of ['wasm', 'webgl'] as const) {
    const context = await browser.newContext();
    try {
      const studio = new StudioPage(await context.newPage());
      await studio.open({ ...params, backend });
      const map = await readyWith(studio, { layers: ['conv_pw_11_relu', 'conv_pw_13_relu'] });
      // wasm lacks a depthwise conv's input gradient: conv_pw_11's backward runs on cpu there.
      expect(backend === 'wasm' ? ['wasm', 'cpu'] : ['webgl']).toContain(map.backend);
      expect(map.options).toMatchObject({ target: 'probability' });
      maps[backend] = map;
      if (backend === 'webgl') {
        expect(pearsonCorrelation(maps.webgl.map, maps.wasm.map)).toBeGreaterThan(0.999);
        const page = studio.page;
        await page.getByTestId('layer-multi').selectOption([]);
        await readyWith(studio, { layers: ['conv_pw_13_relu'] });
        await page.getByTestId('aug-smooth').check();
        await page.getByTestId('eigen-smooth').check();
        await readyWith(studio, { augSmooth: true, eigenSmooth: true });
        await page.getByTestId('aug-smooth').uncheck();
        await page.getByTestId('eigen-smooth').uncheck();
        await readyWith(studio, { augSmooth: false, eigenSmooth: false });
        await everyAddedMethod(studio, 7);
        await page.getByTestId('method-select').selectOption('gradcam');
        await page.getByTestId('versus-class').selectOption('281');
        const versus = await readyWith(studio, { target: 'versus', versus: 281 });
        expect(versus.backend).toBe('webgl');
        const overlay = await studio.canvasFingerprint();
        await page.getByTestId('view-guided').check();
        await studio.waitReady();
        await expect.poll(() => studio.canvasFingerprint()).not.toBe(overlay);
      }
      expect(studio.errors).toEqual([]);
    } finally {
      await context.close();
    }
  }
});

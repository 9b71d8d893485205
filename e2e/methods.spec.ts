/**
 * Issue 16 from the page: the six added methods, the method options (aug_smooth, eigen_smooth,
 * several layers, score target, versus class), the Guided view and its export, class switches
 * without a forward pass, the share link restoring all of it; and the options on WebGL against wasm.
 */
import { type DebugMap, expect, StudioPage, test } from './support/studio';

const ADDED = ['eigengradcam', 'kpcacam', 'fem', 'shapleycam', 'finercam', 'randomcam'] as const;

function pearson(a: number[], b: number[]): number {
  const mean = (x: number[]) => x.reduce((s, v) => s + v, 0) / x.length;
  const [ma, mb] = [mean(a), mean(b)];
  let [ab, aa, bb] = [0, 0, 0];
  for (let i = 0; i < a.length; i++) {
    ab += (a[i] - ma) * (b[i] - mb);
    aa += (a[i] - ma) ** 2;
    bb += (b[i] - mb) ** 2;
  }
  return ab / Math.sqrt(aa * bb);
}

/** Waits for a map whose options match (the canvas is ready for the current selections). */
async function readyWith(studio: StudioPage, options: Partial<DebugMap['options']>): Promise<DebugMap> {
  await expect.poll(async () => (await studio.waitReady()).options).toMatchObject(options);
  return studio.waitReady();
}

test('the added methods, every option, the Guided view and the share link on wasm', async ({
  page,
  context,
}) => {
  test.setTimeout(150_000);
  const studio = new StudioPage(page);
  await studio.open({ backend: 'wasm', sample: 'chelsea' });
  const first = await studio.waitReady();
  const methodSelect = page.getByTestId('method-select');
  for (const method of ADDED) {
    await methodSelect.selectOption(method);
    const map = await studio.waitReady({ method });
    expect(map.map).toHaveLength(49);
    expect(Math.max(...map.map), `${method}: a normalised map`).toBeCloseTo(1, 4);
    expect(map.forwardPasses, `${method}: no forward pass`).toBe(first.forwardPasses);
  }
  // Class-agnostic methods have no score target; Grad-CAM has.
  await expect(page.getByTestId('score-target')).toBeDisabled();
  await methodSelect.selectOption('gradcam');
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
  const restored = new StudioPage(await context.newPage());
  await restored.page.goto(url);
  const again = await restored.waitReady({ classIndex: other });
  expect(again.options).toEqual(switched.options);
  expect(again.method).toBe('gradcam');
  await expect(restored.page.getByTestId('aug-smooth')).toBeChecked();
  await expect(restored.page.getByTestId('eigen-smooth')).toBeChecked();
  await expect(restored.page.getByTestId('score-target')).toHaveValue('probability');
  await expect(restored.page.getByTestId('versus-class')).toHaveValue('281');
  await expect(restored.page.getByTestId('view-guided')).toBeChecked();
  expect(pearson(again.map, switched.map)).toBeGreaterThan(0.9999);
  expect([...studio.errors, ...restored.errors]).toEqual([]);
});

test('options and the Guided view on WebGL agree with wasm', async ({ browser }) => {
  test.setTimeout(180_000);
  const params = {
    sample: 'chelsea',
    method: 'shapleycam',
    target: 'probability',
    layers: 'conv_pw_11_relu',
    aug: '1',
  };
  const maps: Record<string, DebugMap> = {};
  for (const backend of ['wasm', 'webgl'] as const) {
    const context = await browser.newContext();
    try {
      const studio = new StudioPage(await context.newPage());
      await studio.open({ ...params, backend });
      const map = await studio.waitReady({ method: 'shapleycam' });
      // wasm lacks a depthwise conv's input gradient: conv_pw_11's backward runs on cpu there.
      expect(backend === 'wasm' ? ['wasm', 'cpu'] : ['webgl']).toContain(map.backend);
      expect(map.options).toMatchObject({ augSmooth: true, target: 'probability' });
      maps[backend] = map;
      if (backend === 'webgl') {
        await studio.page.getByTestId('view-guided').check();
        await studio.waitReady();
        await expect(studio.canvas).toHaveAttribute('data-state', 'ready');
      }
      expect(studio.errors).toEqual([]);
    } finally {
      await context.close();
    }
  }
  expect(pearson(maps.webgl.map, maps.wasm.map)).toBeGreaterThan(0.999);
});

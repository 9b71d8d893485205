/**
 * Every method gives the same map on every browser backend: the wasm maps are the reference (the
 * engine matches pytorch-grad-cam on wasm in the unit tests); WebGL and WebGPU must agree with them.
 * Ablation-CAM and Score-CAM are left out here: they are only batches of head / full forward passes
 * (checked on cpu and wasm by the unit tests), and on CI's software GPU they take minutes.
 */

import { pearsonCorrelation } from '../src/gradcam/metrics/rank-correlation';
import { METHODS as ALL_METHODS } from '../src/gradcam/types';
import { type Backend, expect, StudioPage, test } from './support/studio';

/** Every method but the two that are made of forward passes (see above). */
const METHODS = ALL_METHODS.filter((method) => method !== 'ablationcam' && method !== 'scorecam');

/** Low-resolution maps of every method for chelsea's top class, computed in one page. */
async function mapsOn(studio: StudioPage, backend: Backend): Promise<Map<string, number[]>> {
  await studio.open({ backend, sample: 'chelsea' });
  const first = await studio.waitReady();
  expect(first.backend).toBe(backend);
  const maps = new Map<string, number[]>();
  for (const method of METHODS) {
    if (method !== first.method) await studio.page.getByTestId('method-select').selectOption(method);
    const result = await studio.waitReady({ method });
    expect(result.classIndex).toBe(first.classIndex);
    maps.set(method, result.map);
  }
  expect(studio.errors).toEqual([]);
  return maps;
}

test('every method gives the same map on WebGL and WebGPU as on wasm', async ({ browser }) => {
  test.setTimeout(480_000);
  const run = async (backend: Backend) => {
    const context = await browser.newContext();
    try {
      return await mapsOn(new StudioPage(await context.newPage()), backend);
    } finally {
      await context.close();
    }
  };
  const reference = await run('wasm');
  for (const backend of ['webgl', 'webgpu'] as const) {
    const maps = await run(backend);
    for (const method of METHODS) {
      const [want, got] = [reference.get(method)!, maps.get(method)!];
      expect(got, `${method} on ${backend}`).toHaveLength(want.length);
      expect(pearsonCorrelation(got, want), `${method} on ${backend}: correlation with wasm`).toBeGreaterThan(
        0.999,
      );
      const worst = got.reduce((m, v, i) => Math.max(m, Math.abs(v - want[i])), 0);
      expect(worst, `${method} on ${backend}: max abs difference from wasm`).toBeLessThan(0.02);
    }
  }
});

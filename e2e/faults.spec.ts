/**
 * Issue 7, faults at run time: the worker dies, the WebGL context is lost, a backend hangs or fails
 * to start, a model download stalls. Faults are injected through window.gradcamDebug and debug-*
 * link parameters, which the app honours only in a browser driven by a test (navigator.webdriver).
 */
import { expect, test } from './support/studio';

const EGYPTIAN_CAT = 285;

// Requests must reach the test's routes (a service worker could answer them from its cache).
test.use({ serviceWorkers: 'block' });

test('the worker dies: it restarts and the current view is recomputed', async ({ studio }) => {
  await studio.open({ backend: 'wasm', sample: 'chelsea' });
  await studio.waitReady({ classIndex: EGYPTIAN_CAT });
  const other = (await studio.topClasses())[2];
  await studio.classOption(other).click();
  const before = await studio.waitReady({ classIndex: other });
  const { numTensors } = await studio.memory();

  await studio.page.evaluate(() => window.gradcamDebug.killWorker());
  await expect(studio.notice).toContainText(
    'The model engine stopped; restarted it on WebAssembly and recomputed the view.',
  );
  await expect(studio.canvas).not.toHaveAttribute('data-state', 'ready');
  const after = await studio.waitReady({ classIndex: other });
  expect(after.map).toEqual(before.map);
  expect(after.forwardPasses).toBe(1);
  await expect(studio.error).toBeHidden();
  // A fresh worker: the same tensors as before, and it keeps working.
  await studio.expectTensors(numTensors);
  await studio.page.getByTestId('method-select').selectOption('gradcam++');
  await studio.waitReady({ classIndex: other, method: 'gradcam++' });
  expect(studio.errors).toEqual([]);
});

test('WebGL context lost: the engine restarts on WebGL; lost again, it falls back to WebAssembly', async ({
  studio,
}) => {
  // Three engine starts on a software GPU (shader compiles): minutes on a loaded 2-core machine.
  test.setTimeout(420_000);
  await studio.open({ backend: 'webgl', sample: 'chelsea' });
  const first = await studio.waitReady({ classIndex: EGYPTIAN_CAT });
  expect(first.backend).toBe('webgl');

  expect(await studio.page.evaluate(() => window.gradcamDebug.loseWebGlContext())).toBe(true);
  await expect(studio.notice).toContainText(
    'The GPU (WebGL) context was lost; restarted it on WebGL and recomputed the view.',
  );
  const recovered = await studio.waitReady({ classIndex: EGYPTIAN_CAT });
  expect(recovered.backend).toBe('webgl');

  expect(await studio.page.evaluate(() => window.gradcamDebug.loseWebGlContext())).toBe(true);
  await expect(studio.notice).toContainText(
    'The GPU (WebGL) context was lost again; switched to WebAssembly and recomputed the view.',
  );
  // The recompute can be too quick to catch its 'computing' state: wait for a map made on wasm.
  await expect.poll(async () => (await studio.last())?.backend, { timeout: 120_000 }).toBe('wasm');
  const fallback = await studio.waitReady({ classIndex: EGYPTIAN_CAT });
  expect(fallback.backend).toBe('wasm');
  await expect(studio.status).toContainText('WebAssembly');
  expect(studio.errors).toEqual([]);
});

test('a backend that hangs or fails to start: the next one is used, with a notice', async ({ studio }) => {
  await studio.open({
    backend: 'webgl',
    'debug-hang': 'webgl',
    'debug-init-timeout': 1500,
    sample: 'chelsea',
  });
  await expect(studio.notice).toContainText(
    'WebGL was requested but WebGL did not start within 1.5 s; using WebAssembly instead.',
  );
  expect((await studio.waitReady({ classIndex: EGYPTIAN_CAT })).backend).toBe('wasm');
  // The debug parameters do not stay in the (shareable) link.
  expect(studio.page.url()).not.toContain('debug');

  // On automatic choice, a backend that fails to start is reported too (here WebAssembly; CPU takes over).
  await studio.open({ 'debug-fail': 'webgpu,webgl,wasm', sample: 'chelsea' });
  await expect(studio.notice).toContainText(
    /could not start \(\w+ failed to initialise\); using CPU instead/,
  );
  expect((await studio.waitReady({ classIndex: EGYPTIAN_CAT })).backend).toBe('cpu');
  expect(studio.errors).toEqual([]);
});

test('a model download that stalls: a timeout, the previous model stays, and Retry loads it', async ({
  studio,
}) => {
  await studio.open({ backend: 'wasm', sample: 'chelsea', 'debug-stall': 2000 });
  await studio.waitReady({ classIndex: EGYPTIAN_CAT });
  // Hold one of Tiny Darknet's weight files: the server never answers.
  let held = 0;
  await studio.page.context().route('**/models/darknet_tiny/group3-shard1of1', () => {
    held += 1; // never fulfilled
  });
  await studio.page.getByTestId('model-select').selectOption('darknet_tiny');
  await expect(studio.error).toContainText(/group3-shard1of1 stalled: no data for 2 s/, { timeout: 30_000 });
  await expect(studio.error).toContainText('Still using MobileNet v1 0.25');
  expect(held).toBe(1);
  await expect(studio.page.getByTestId('model-select')).toHaveValue('mobilenet_v1_0.25_224');
  await studio.waitReady({ classIndex: EGYPTIAN_CAT, layer: 'conv_pw_13_relu' });

  await studio.page.context().unroute('**/models/darknet_tiny/group3-shard1of1');
  await studio.page.getByTestId('retry-model').click();
  await expect(studio.error).toBeHidden();
  await expect(studio.page.getByTestId('model-select')).toHaveValue('darknet_tiny');
  const darknet = await studio.waitReady({ layer: 'leaky_re_lu_15' });
  expect([darknet.height, darknet.width]).toEqual([14, 14]);
  // Console errors from the aborted request are the browser's, not the app's: only those are allowed.
  expect(studio.errors.filter((e) => !/group3-shard1of1|Failed to load resource/.test(e))).toEqual([]);
});

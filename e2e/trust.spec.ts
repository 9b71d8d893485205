/**
 * Trust and localise in the built app (wasm, the default MobileNet, chelsea.png): the metrics of the
 * shown map with its curves in the metrics table, compare methods started and cancelled, the sanity
 * plot and its verdict, the worker's tensors back to their level after each; boxes (toggle,
 * threshold, JSON and PNG export, a drawn box's IoU and the pointing game).
 */
import { readFileSync } from 'node:fs';
import { expect, StudioPage, test } from './support/studio';

const EGYPTIAN_CAT = 285;

test('metrics table and curves, compare cancelled, sanity check; memory returns', async ({ page }) => {
  const studio = new StudioPage(page);
  await studio.open({ backend: 'wasm' });
  await studio.sample('chelsea').click();
  await studio.waitReady({ classIndex: EGYPTIAN_CAT });
  const before = (await studio.memory()).numTensors;

  // Metrics of the shown (Grad-CAM) map: a table row with its numbers, the curves, last().metrics.
  await page.getByTestId('metrics-run').click();
  const rows = page.getByTestId('metrics-row');
  await expect(rows).toHaveCount(1);
  await expect(page.getByTestId('metrics-table')).toBeVisible();
  await expect(rows.first()).toHaveAttribute('data-method', 'gradcam');
  const curves = page.getByTestId('metrics-curves');
  await expect(curves).toBeVisible();
  await expect(curves.locator('[data-curve="deletion"]')).toHaveAttribute('d', /^M0\.0 .*L/);
  const metrics = (await studio.last())?.metrics;
  expect(metrics?.method).toBe('gradcam');
  expect(metrics?.classIndex).toBe(EGYPTIAN_CAT);
  expect(metrics?.deletionCurve).toHaveLength(51);
  expect(metrics?.insertionCurve).toHaveLength(51);
  // A faithful map: the class falls faster when its top pixels go than it rises when they come.
  expect(metrics?.deletionAuc).toBeLessThan(metrics?.insertionAuc ?? 0);
  const row = rows.first();
  expect(Number(await row.getAttribute('data-deletion-auc'))).toBeCloseTo(metrics?.deletionAuc ?? -1, 9);
  expect(Number(await row.getAttribute('data-insertion-auc'))).toBeCloseTo(metrics?.insertionAuc ?? -1, 9);
  expect(Number(await row.getAttribute('data-average-drop'))).toBeCloseTo(metrics?.averageDrop ?? -1, 9);
  // The export: the curves with the raw map.
  const exported = JSON.parse((await download(page, { name: /Export curves and maps/ })).toString('utf8'));
  expect(exported.methods).toHaveLength(1);
  expect(exported.methods[0]).toMatchObject({ method: 'gradcam', deletionAuc: metrics?.deletionAuc });
  expect(exported.methods[0].insertionCurve).toEqual(metrics?.insertionCurve);
  expect(exported.methods[0].map.lowRes).toHaveLength(49);
  await studio.expectTensors(before);

  // Compare methods runs as a job with progress, and Cancel stops it (nothing leaks).
  await page.getByRole('button', { name: 'Compare methods' }).click();
  await expect(page.getByRole('progressbar', { name: 'Compare methods progress' })).toBeVisible();
  await expect(studio.status).toContainText('Comparing methods');
  await page.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByRole('progressbar', { name: 'Compare methods progress' })).toHaveCount(0);
  await expect(rows).toHaveCount(1);
  await studio.expectTensors(before);

  // The sanity check: the correlation plot and a plain-words verdict; the model is left as it was.
  await page.getByTestId('sanity-run').click();
  const plot = page.getByTestId('sanity-plot');
  await expect(plot).toBeVisible();
  await expect(plot).toContainText(/(Passed|Failed): with the top half of the model's layers/);
  await studio.expectTensors(before);
  const again = await studio.last();
  expect(again?.map).toEqual((await studio.last())?.map);
  expect(studio.errors).toEqual([]);
});

test('boxes: toggle, threshold, JSON and PNG export, a drawn box gives an IoU', async ({ page }) => {
  const studio = new StudioPage(page);
  await studio.open({ backend: 'wasm' });
  await studio.sample('chelsea').click();
  const last = await studio.waitReady({ classIndex: EGYPTIAN_CAT });
  const boxes = page.getByTestId('box');
  await expect(boxes).toHaveCount(0);

  // gradcamDebug.last().boxes: the map's box in photo pixels (chelsea.png is 451 x 300).
  expect(last.boxes).toHaveLength(1);
  const [debugBox] = last.boxes;
  expect(debugBox).toMatchObject({ classIndex: EGYPTIAN_CAT, label: expect.stringMatching(/cat/i) });
  expect(debugBox.x + debugBox.w).toBeLessThanOrEqual(451);
  expect(debugBox.y + debugBox.h).toBeLessThanOrEqual(300);
  expect(debugBox.w * debugBox.h).toBeGreaterThan(0);

  const pngWithout = await download(page, 'export-png');
  await page.getByTestId('boxes-toggle').check();
  await expect(boxes).toHaveCount(1);
  const box = boxes.first();
  await expect(box).toContainText(/cat/i);
  for (const k of ['x', 'y', 'w', 'h'] as const)
    await expect(box).toHaveAttribute(`data-${k}`, String(debugBox[k]));
  const pngWith = await download(page, 'export-png');
  expect(pngWith.equals(pngWithout)).toBe(false);

  // The JSON export is the boxes of last().
  await page.getByTestId('boxes-threshold').fill('15');
  const exported = JSON.parse((await download(page, { name: 'Boxes (JSON)' })).toString('utf8'));
  expect(exported).toEqual([{ ...debugBox }]);
  expect(Object.keys(exported[0]).sort()).toEqual(['classIndex', 'h', 'label', 'score', 'w', 'x', 'y']);

  // A higher threshold keeps a smaller hot region.
  await page.getByTestId('boxes-threshold').fill('60');
  await expect
    .poll(async () => Number(await box.getAttribute('data-w')) * Number(await box.getAttribute('data-h')))
    .toBeLessThan(debugBox.w * debugBox.h);
  await page.getByTestId('boxes-threshold').fill('15');
  await expect(box).toHaveAttribute('data-w', String(debugBox.w));

  // Drawing over the map's own box: IoU near 1 and a hit; a small box in a corner: IoU near 0, a miss.
  const drag = async (x0: number, y0: number, x1: number, y1: number) => {
    await page.mouse.move(x0, y0);
    await page.mouse.down();
    await page.mouse.move((x0 + x1) / 2, (y0 + y1) / 2);
    await page.mouse.move(x1, y1);
    await page.mouse.up();
  };
  const r = (await box.boundingBox())!;
  await drag(r.x, r.y, r.x + r.width, r.y + r.height);
  const score = page.locator('.user-score');
  await expect(score).toHaveAttribute('data-hit', 'true');
  expect(Number(await score.getAttribute('data-iou'))).toBeGreaterThan(0.9);
  await expect(score).toContainText(/IoU with the map's box: 0\.9\d|IoU with the map's box: 1\.00/);
  const canvas = (await studio.canvas.boundingBox())!;
  const photo = await page.evaluate(() => {
    const c = document.querySelector('[data-testid="overlay-canvas"]') as HTMLCanvasElement;
    return { w: c.clientWidth, h: c.clientHeight };
  });
  // The photo is letterboxed in the canvas: its top-left corner is at the fitted rectangle's.
  const scale = Math.min(photo.w / 451, photo.h / 300);
  const ox = canvas.x + (photo.w - 451 * scale) / 2;
  const oy = canvas.y + (photo.h - 300 * scale) / 2;
  await drag(ox + 2, oy + 2, ox + 30 * scale, oy + 30 * scale);
  await expect(score).toHaveAttribute('data-hit', 'false');
  expect(Number(await score.getAttribute('data-iou'))).toBeLessThan(0.1);
  await page.getByTestId('boxes-toggle').uncheck();
  await expect(boxes).toHaveCount(0);
  expect(studio.errors).toEqual([]);
});

/** Clicks a button (by test id or accessible name) and returns the file it downloads. */
async function download(page: import('@playwright/test').Page, button: string | { name: string | RegExp }) {
  const locator = typeof button === 'string' ? page.getByTestId(button) : page.getByRole('button', button);
  const [file] = await Promise.all([page.waitForEvent('download'), locator.click()]);
  return readFileSync((await file.path()) as string);
}

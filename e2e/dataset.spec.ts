/**
 * The dataset view on wasm: a folder of 60 photos in 3 class folders (and one bad file) explained to
 * the end; summary, CSV and ZIP agree with the tiles; sort and filter; a tile opens the single view
 * and back returns to the same place; fixed-class mode; cancel keeps the finished tiles.
 */
import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { unzipSync } from 'fflate';
import { DATASET_CLASSES, makeDatasetFolder } from './support/dataset-folder';
import { expect, test } from './support/studio';

const CLASS_INDEX: Record<string, number> = { Egyptian_cat: 285, espresso: 967, Malamute: 249 };
const data = makeDatasetFolder();
const TOTAL = data.images.length + 1;

interface TileData {
  file: string;
  top1: string;
  truth: string;
  state: string;
  explained: string;
}

async function tiles(page: Page): Promise<TileData[]> {
  return page.getByTestId('dataset-tile').evaluateAll((nodes) =>
    nodes.map((n) => ({
      file: n.getAttribute('data-file') ?? '',
      top1: n.getAttribute('data-top1') ?? '',
      truth: n.getAttribute('data-truth') ?? '',
      state: n.getAttribute('data-state') ?? '',
      explained: n.getAttribute('data-class') ?? '',
    })),
  );
}

async function downloaded(page: Page, click: () => Promise<void>): Promise<Buffer> {
  const [file] = await Promise.all([page.waitForEvent('download'), click()]);
  return readFileSync((await file.path())!);
}

function parseCsv(text: string): Record<string, string>[] {
  const [header, ...lines] = text.trim().split('\n');
  const split = (line: string) =>
    [...line.matchAll(/("(?:[^"]|"")*"|[^,]*)(?:,|$)/g)].map((m) =>
      m[1].replace(/^"|"$/g, '').replace(/""/g, '"'),
    );
  const names = split(header);
  return lines.map((line) => Object.fromEntries(split(line).map((v, i) => [names[i], v])));
}

async function openFolder(page: Page, dir = data.dir) {
  await page.getByTestId('dataset-input').setInputFiles(dir);
}

async function debugDataset(page: Page) {
  return page.evaluate(() => window.gradcamDebug.dataset());
}

test('a folder of 60 photos: tiles, summary, CSV, sort and filter, single view and back, ZIP, fixed class', async ({
  studio,
  page,
}) => {
  test.setTimeout(150_000);
  await studio.open({ backend: 'wasm' });
  const input = page.getByTestId('dataset-input');
  expect(await input.getAttribute('webkitdirectory')).not.toBeNull();
  expect(await input.getAttribute('multiple')).not.toBeNull();
  await openFolder(page);
  const progress = page.getByTestId('dataset-progress');
  await expect(progress).toHaveAttribute('data-status', 'done', { timeout: 90_000 });
  expect(await debugDataset(page)).toMatchObject({ done: TOTAL, total: TOTAL, failed: 1 });
  expect((await debugDataset(page)).imagesPerSecond).toBeGreaterThan(0);
  await expect(progress).toContainText(`${TOTAL} of ${TOTAL}`);

  // Every file has a tile; the bad one is marked with the reason and skipped.
  const all = await tiles(page);
  expect(all.map((t) => t.file)).toEqual([...data.images, data.bad].sort());
  const bad = all.find((t) => t.file === data.bad)!;
  expect(bad).toMatchObject({ state: 'failed', top1: '', truth: String(CLASS_INDEX.espresso) });
  await expect(page.locator(`[data-testid="dataset-tile"][data-file="${data.bad}"]`)).toContainText(
    'not an image this app can read',
  );
  // Only the tiles in view load their overlay JPEG: the first row does, the rows far below do not.
  const thumb = page.getByTestId('dataset-tile').first().locator('img.ds-thumb');
  await expect
    .poll(() => thumb.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth))
    .toBe(176);
  const loaded = await page.locator('[data-testid=dataset-tile] img.ds-thumb').count();
  expect(loaded).toBeGreaterThan(0);
  expect(loaded).toBeLessThan(all.length - 1);
  for (const t of all.filter((t) => t.state === 'ready')) {
    expect(t.truth).toBe(String(CLASS_INDEX[t.file.split('/')[0]])); // ImageFolder: folder -> class
    expect(t.explained).toBe(t.top1); // own top-1 mode
  }

  // The summary's accuracy and the CSV agree with the tiles.
  const ready = all.filter((t) => t.state === 'ready');
  const accuracy = ready.filter((t) => t.top1 === t.truth).length / ready.length;
  expect(accuracy).toBeGreaterThan(0.5);
  const summary = page.getByTestId('dataset-summary');
  expect(Number(await summary.getAttribute('data-accuracy'))).toBeCloseTo(accuracy, 10);
  const csv = parseCsv(
    (await downloaded(page, () => page.getByTestId('dataset-export-csv').click())).toString(),
  );
  expect(csv.map((r) => r.file)).toEqual(all.map((t) => t.file));
  for (const [i, row] of csv.entries()) {
    expect([row.state, row.top1, row.truth]).toEqual([all[i].state, all[i].top1, all[i].truth]);
    // The map's box (photo pixels, COCO x y w h) for every explained image, none for a skipped one.
    const box = row.box === '' ? [] : row.box.split(' ').map(Number);
    if (row.state === 'failed') expect(box).toEqual([]);
    else expect(box.length === 4 && box.every((v) => v >= 0) && box[2] > 0 && box[3] > 0).toBe(true);
  }
  expect(new Set(csv.map((r) => r.box)).size).toBeGreaterThan(10);
  const csvAccuracy =
    csv.filter((r) => r.correct === '1').length / csv.filter((r) => r.correct !== '').length;
  expect(csvAccuracy).toBeCloseTo(accuracy, 10);

  // Sort: probability, low first (the CSV's probabilities); filter: wrong only, skipped only.
  await page.locator('.ds-toolbar').getByLabel('Sort').selectOption('probability-asc');
  const probability = new Map(
    csv.map((r) => [r.file, r.top1_probability === '' ? -1 : Number(r.top1_probability)]),
  );
  const sorted = (await tiles(page)).map((t) => probability.get(t.file)!);
  expect(sorted).toEqual([...sorted].sort((a, b) => a - b));
  await page.locator('.ds-toolbar').getByLabel('Show').selectOption('failed');
  expect((await tiles(page)).map((t) => t.file)).toEqual([data.bad]);
  await page.locator('.ds-toolbar').getByLabel('Show').selectOption('wrong');
  const wrong = await tiles(page);
  expect(wrong.length).toBe(ready.length - ready.filter((t) => t.top1 === t.truth).length);
  for (const t of wrong) expect(t.top1).not.toBe(t.truth);
  await page.locator('.ds-toolbar').getByLabel('Show').selectOption('all');
  await page.locator('.ds-toolbar').getByLabel('Sort').selectOption('file');

  // A tile opens the single view on its photo; back returns to the grid at the same place.
  const grid = page.getByRole('region', { name: 'Images of the dataset' });
  await grid.evaluate((el) => {
    el.scrollTop = 200;
  });
  const scrolled = await grid.evaluate((el) => el.scrollTop);
  // A tile in full view (a click on it does not scroll).
  const visible = await grid.evaluate((el) => {
    const box = el.getBoundingClientRect();
    const inView = Array.from(el.querySelectorAll('[data-testid="dataset-tile"][data-state="ready"]')).find(
      (t) => {
        const r = t.getBoundingClientRect();
        return r.top >= box.top && r.bottom <= box.bottom;
      },
    );
    return inView?.getAttribute('data-file') ?? null;
  });
  expect(visible).not.toBeNull();
  const target = page.locator(`[data-testid="dataset-tile"][data-file="${visible}"]`);
  const top1 = Number(await target.getAttribute('data-top1'));
  await target.click();
  await studio.waitReady({ classIndex: top1 });
  await page.getByRole('button', { name: 'Back to the grid' }).click();
  await expect(grid).toBeVisible();
  expect(await grid.evaluate((el) => el.scrollTop)).toBe(scrolled);

  // The ZIP: one PNG per image, named after the file.
  const zip = unzipSync(
    new Uint8Array(await downloaded(page, () => page.getByTestId('dataset-export-zip').click())),
  );
  expect(Object.keys(zip).sort()).toEqual(data.images.map((f) => `${f}.png`));
  for (const bytes of Object.values(zip)) expect(Buffer.from(bytes.subarray(1, 4)).toString()).toBe('PNG');

  // Fixed class: every image explains Egyptian cat; predictions stay the same.
  await page.getByTestId('dataset-mode').selectOption('fixed-class');
  await page.getByLabel('Class to explain in every image').selectOption(String(CLASS_INDEX.Egyptian_cat));
  await expect(progress).toHaveAttribute('data-status', 'done', { timeout: 90_000 });
  await expect.poll(async () => (await debugDataset(page)).done).toBe(TOTAL);
  const fixed = await tiles(page);
  for (const [i, t] of fixed.entries()) {
    expect(t.top1).toBe(all[i].top1);
    if (t.state === 'ready') expect(t.explained).toBe(String(CLASS_INDEX.Egyptian_cat));
  }
  expect(DATASET_CLASSES).toHaveLength(3);
  expect(studio.errors).toEqual([]);
});

test('cancel mid-run keeps the finished tiles; pause and resume', async ({ studio, page }) => {
  // 181 files: the run must still be going after a pause, its in-flight batches and a resume (with
  // 61, a faster run could land its last batch before Cancel was pressed).
  const many = makeDatasetFolder(60);
  const total = many.images.length + 1;
  await studio.open({ backend: 'wasm' });
  await openFolder(page, many.dir);
  await expect
    .poll(async () => (await debugDataset(page)).done, { timeout: 60_000 })
    .toBeGreaterThanOrEqual(3);
  await page.getByRole('button', { name: 'Pause' }).click();
  await expect(page.getByTestId('dataset-progress')).toHaveAttribute('data-status', 'paused');
  // The batches in the worker when Pause was pressed still finish (two calls of eight files may be in
  // flight, a second or more each on a loaded machine); nothing after them starts: the count settles.
  let paused = -1;
  await expect
    .poll(
      async () => {
        const before = paused;
        paused = (await debugDataset(page)).done;
        return paused === before;
      },
      { intervals: [3000], timeout: 60_000 },
    )
    .toBe(true);
  expect(paused).toBeLessThan(total);
  await page.waitForTimeout(500);
  expect((await debugDataset(page)).done).toBe(paused);
  await page.getByRole('button', { name: 'Resume' }).click();
  await expect.poll(async () => (await debugDataset(page)).done).toBeGreaterThan(paused);
  await page.getByRole('button', { name: 'Cancel' }).click();
  const progress = page.getByTestId('dataset-progress');
  await expect(progress).toHaveAttribute('data-status', 'cancelled');
  const kept = (await debugDataset(page)).done;
  expect(kept).toBeLessThan(total);
  await page.waitForTimeout(500);
  expect((await debugDataset(page)).done).toBe(kept);
  await expect(page.getByTestId('dataset-tile')).toHaveCount(kept);
  expect(studio.errors).toEqual([]);
});

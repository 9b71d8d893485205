/**
 * The page's own pipeline, timed end to end in headless Chromium on wasm with the default model:
 * drop-to-first-map (a photo given to the image input until the canvas shows its map) and
 * class switch (a click on another class until its map is on the canvas). Short runs, medians.
 *
 *   npx vite build && npx tsx bench/page-timing.ts [--dist dist] [--runs 5] [--port 4176]
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { chromium, type Page } from '@playwright/test';
import { CHROMIUM_ARGS } from '../playwright.config';
import { serveStatic } from '../scripts/serve-static';

const args = process.argv.slice(2);
const option = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};
const DIST = option('dist', 'dist');
const RUNS = Number(option('runs', '5'));
const PORT = Number(option('port', '4176'));
const PHOTOS = ['chelsea.png', 'coffee.png'].map((name) =>
  resolve(import.meta.dirname, '../../shared/images', name),
);
const TIMEOUT = 120_000;

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const now = (page: Page) => page.evaluate(() => performance.now());

async function ready(page: Page, classIndex?: string): Promise<void> {
  const selector = classIndex
    ? `[data-testid=overlay-canvas][data-state=ready][data-class-index="${classIndex}"]`
    : '[data-testid=overlay-canvas][data-state=ready]';
  await page.waitForSelector(selector, { timeout: TIMEOUT });
}

async function main(): Promise<void> {
  if (!existsSync(`${DIST}/index.html`)) throw new Error(`no ${DIST}/index.html: build first`);
  const server = await serveStatic({ dir: DIST, base: '/', port: PORT });
  const browser = await chromium.launch({
    executablePath: existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined,
    args: CHROMIUM_ARGS,
  });
  const drop: number[] = [];
  const classSwitch: number[] = [];
  try {
    for (let run = 0; run < RUNS; run++) {
      const page = await browser.newPage();
      await page.goto(`http://127.0.0.1:${PORT}/?backend=wasm`);
      await page.waitForFunction(() => window.gradcamDebug?.model() !== null, undefined, {
        timeout: TIMEOUT,
      });
      // A first photo warms the kernels up; the timed drop is the second one.
      await page.getByTestId('image-input').setInputFiles(PHOTOS[1]);
      await ready(page);
      const before = await page.getByTestId('overlay-canvas').getAttribute('data-class-index');
      const t0 = await now(page);
      await page.getByTestId('image-input').setInputFiles(PHOTOS[0]);
      // The photos' top classes differ: ready with another class is the new photo's map.
      await page.waitForSelector(
        `[data-testid=overlay-canvas][data-state=ready]:not([data-class-index="${before}"])`,
        { timeout: TIMEOUT },
      );
      drop.push((await now(page)) - t0);
      await page.waitForFunction(
        () => !document.querySelector('[data-testid=status]')?.textContent?.includes('Thumbnails'),
      );
      const options = page.getByRole('listbox', { name: 'Top predictions' }).getByTestId('class-option');
      const target = await options.nth(2).getAttribute('data-class-index');
      if (!target) throw new Error('no third class option');
      const t1 = await now(page);
      await options.nth(2).click();
      await ready(page, target);
      classSwitch.push((await now(page)) - t1);
      await page.close();
    }
  } finally {
    await browser.close();
    server.close();
  }
  const line = (name: string, values: number[]) =>
    `${name}: median ${median(values).toFixed(0)} ms (runs: ${values.map((v) => v.toFixed(0)).join(', ')})`;
  console.log(`${DIST} · wasm · default model · ${RUNS} runs`);
  console.log(line('drop-to-first-map', drop));
  console.log(line('class switch', classSwitch));
}

await main();

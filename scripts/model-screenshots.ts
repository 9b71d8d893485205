/**
 * Screenshots of the Model panel (desktop 1280x800, phone 390x844, light and dark) from a served
 * production build: an own model loaded (a Teachable-Machine-shaped export built here), the custom
 * preprocessing form with bad fields, and the catalogue's ResNet50 downloading (its shards held).
 *   npx vite build && npx vite preview --port 4206 --strictPort &
 *   npx tsx scripts/model-screenshots.ts --url http://127.0.0.1:4206/ --out /tmp/model-shots
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { Page, Route } from '@playwright/test';
import { buildOwnModels } from '../e2e/support/own-models';
import { forEachLook } from './screenshot-looks';

const { values } = parseArgs({
  options: {
    url: { type: 'string', default: 'http://127.0.0.1:4173/' },
    out: { type: 'string', default: 'test-results/model-screenshots' },
  },
});
mkdirSync(values.out!, { recursive: true });
const models = await buildOwnModels();

const ready = (page: Page) =>
  page.locator('[data-testid="overlay-canvas"][data-state="ready"]').waitFor({ timeout: 180_000 });
const panel = (page: Page) => page.locator('section[aria-labelledby="model-title"]');
/** The whole panel: the viewport made tall enough for it (the sidebar scrolls at 800 px). */
async function shootPanel(page: Page, path: string, viewport: { width: number; height: number }) {
  await page.setViewportSize({ width: viewport.width, height: 2000 });
  await panel(page).screenshot({ path });
  await page.setViewportSize(viewport);
}

await forEachLook(async (page, { device, colorScheme }) => {
  const viewport = page.viewportSize()!;
  const name = (what: string) => join(values.out!, `${what}-${device}-${colorScheme}.png`);
  await page.goto(`${values.url}?backend=wasm&sample=chelsea`);
  await ready(page);
  await page.getByText('Your own model').click();
  await page.getByTestId('model-files').setInputFiles(models.tm.files);
  await page.getByTestId('model-info').getByText('metadata.json (Teachable Machine)').first().waitFor();
  await ready(page);
  await shootPanel(page, name('own-model'), viewport);
  if (device === 'desktop') await page.screenshot({ path: name('own-model-page') });
  await page.getByTestId('preprocess-select').selectOption('custom');
  await page.getByTestId('preprocess-mean').fill('0.5, 0.5');
  await page.getByTestId('preprocess-std').fill('0');
  await shootPanel(page, name('custom-form'), viewport);
  // ResNet50 on first use: hold its weight files half way.
  const held: Route[] = [];
  await page.context().route(/resnet50_imagenet\/group1-shard/, (route) => {
    held.push(route);
  });
  await page.getByTestId('model-select').selectOption('resnet50_imagenet');
  await page.waitForFunction(() => document.querySelector('progress') !== null);
  while (held.length < 13) await page.waitForTimeout(100);
  for (const route of held.slice(0, 6)) await route.continue();
  await page.waitForFunction(() => Number(document.querySelector('progress')?.value) > 0);
  await shootPanel(page, name('resnet-download'), viewport);
});
console.log(`screenshots in ${values.out}`);

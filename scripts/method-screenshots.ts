/**
 * Screenshots of the method options panel and the Guided view (desktop 1280x800, phone 390x844,
 * light and dark) from a served production build, on wasm with the default model.
 *   npx vite build && npx vite preview --port 4311 --strictPort &
 *   npx tsx scripts/method-screenshots.ts --url http://127.0.0.1:4311/ --out /tmp/shots [--readme docs/guided-view.png]
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { forEachLook } from './screenshot-looks';

const { values } = parseArgs({
  options: {
    url: { type: 'string', default: 'http://127.0.0.1:4173/' },
    out: { type: 'string', default: 'test-results/method-screenshots' },
    readme: { type: 'string' },
  },
});
mkdirSync(values.out!, { recursive: true });
// Grad-CAM of the probability, versus 'tiger cat', eigen smooth, two layers, the Guided view.
const link =
  '?backend=wasm&sample=chelsea&class=285&target=probability&versus=282&eigen=1&layers=conv_pw_12_relu';
await forEachLook(async (page, { device, colorScheme }) => {
  await page.goto(`${values.url}${link}&view=guided`);
  const canvas = page.getByTestId('overlay-canvas');
  await page.waitForFunction(
    () => document.querySelector('[data-testid="overlay-canvas"]')?.getAttribute('data-state') === 'ready',
    undefined,
    { timeout: 180_000 },
  );
  await page.waitForTimeout(300);
  const name = (what: string) => join(values.out!, `${what}-${device}-${colorScheme}.png`);
  await page.screenshot({ path: name('guided') });
  const options = page.locator('.method-options');
  await options.scrollIntoViewIfNeeded();
  // The Explain panel: the method picker and its options.
  await page
    .locator('.method-options')
    .locator('xpath=ancestor::section[1]')
    .screenshot({ path: name('options') });
  if (values.readme && device === 'desktop' && colorScheme === 'light') {
    await page.evaluate(() => window.scrollTo(0, 0));
    await canvas.scrollIntoViewIfNeeded();
    await page.screenshot({ path: values.readme });
  }
});

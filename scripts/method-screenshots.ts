/**
 * Screenshots of the method options panel and the Guided view (desktop 1280x800, phone 390x844,
 * light and dark) from a served production build, on wasm with the default model.
 *   npx vite build && npx vite preview --port 4311 --strictPort &
 *   npx tsx scripts/method-screenshots.ts --url http://127.0.0.1:4311/ --out /tmp/shots [--readme docs/guided-view.png]
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from '@playwright/test';
import { CHROMIUM_ARGS } from '../playwright.config';

const { values } = parseArgs({
  options: {
    url: { type: 'string', default: 'http://127.0.0.1:4173/' },
    out: { type: 'string', default: 'test-results/method-screenshots' },
    readme: { type: 'string' },
  },
});
mkdirSync(values.out!, { recursive: true });
const executablePath = existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined;
const browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS });
// Grad-CAM of the probability, versus 'tiger cat', eigen smooth, two layers, the Guided view.
const link =
  '?backend=wasm&sample=chelsea&class=285&target=probability&versus=282&eigen=1&layers=conv_pw_12_relu';
const sizes = { desktop: { width: 1280, height: 800 }, phone: { width: 390, height: 844 } };
try {
  for (const [device, viewport] of Object.entries(sizes)) {
    for (const colorScheme of ['light', 'dark'] as const) {
      const context = await browser.newContext({
        viewport,
        colorScheme,
        deviceScaleFactor: device === 'phone' ? 2 : 1,
        isMobile: device === 'phone',
      });
      const page = await context.newPage();
      await page.goto(`${values.url}${link}&view=guided`);
      const canvas = page.getByTestId('overlay-canvas');
      await page.waitForFunction(
        () =>
          document.querySelector('[data-testid="overlay-canvas"]')?.getAttribute('data-state') === 'ready',
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
      await context.close();
    }
  }
} finally {
  await browser.close();
}

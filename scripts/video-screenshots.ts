/**
 * Screenshots of the camera view and the video timeline (desktop 1280x800, phone 390x844, light and
 * dark) from a served production build, with Chromium's fake camera fed by the test clip.
 *   npx vite build && npx vite preview --port 4205 --strictPort &
 *   npx tsx scripts/video-screenshots.ts --url http://127.0.0.1:4205/ --out /tmp/shots [--readme docs/video-timeline.png]
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium, type Page } from '@playwright/test';
import { CHROMIUM_ARGS } from '../playwright.config';
import { ensureVideoClips } from '../src/node/video-clips';

const { values } = parseArgs({
  options: {
    url: { type: 'string', default: 'http://127.0.0.1:4173/' },
    out: { type: 'string', default: 'test-results/video-screenshots' },
    readme: { type: 'string' },
  },
});
const clips = ensureVideoClips();
mkdirSync(values.out!, { recursive: true });
const executablePath = existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined;
const browser = await chromium.launch({
  executablePath,
  args: [
    ...CHROMIUM_ARGS,
    '--use-fake-device-for-media-stream',
    `--use-file-for-fake-video-capture=${clips.camera}`,
  ],
});

async function ready(page: Page) {
  await page.goto(`${values.url}?backend=wasm`);
  await page.getByTestId('status').getByText('Ready').waitFor({ timeout: 120_000 });
}

const sizes = { desktop: { width: 1280, height: 800 }, phone: { width: 390, height: 844 } };
try {
  for (const [device, viewport] of Object.entries(sizes)) {
    for (const colorScheme of ['light', 'dark'] as const) {
      const context = await browser.newContext({
        viewport,
        colorScheme,
        permissions: ['camera'],
        deviceScaleFactor: device === 'phone' ? 2 : 1,
        isMobile: device === 'phone',
      });
      const page = await context.newPage();
      await ready(page);
      await page.getByTestId('mode-camera').check();
      await page.getByTestId('camera-start').click();
      await page.waitForFunction(() => window.gradcamDebug.video().framesAnalysed > 15);
      await page.screenshot({ path: join(values.out!, `camera-${device}-${colorScheme}.png`) });
      await page.getByTestId('camera-stop').click();
      await page.getByTestId('mode-video').check();
      await page.getByTestId('video-input').setInputFiles(clips.cut);
      await page.getByTestId('video-analyse').click();
      await page.locator('[data-testid="timeline"][data-state="ready"]').waitFor({ timeout: 120_000 });
      await page.waitForFunction(() => document.querySelectorAll('[data-testid="keyframe"]').length > 0);
      await page.waitForTimeout(800); // thumbnails
      await page.getByTestId('keyframe').nth(1).click();
      await page.waitForTimeout(400);
      await page.screenshot({
        path: join(values.out!, `timeline-${device}-${colorScheme}.png`),
        fullPage: true,
      });
      if (values.readme && device === 'desktop' && colorScheme === 'light') {
        await page.locator('.video-stage').screenshot({ path: values.readme });
      }
      await context.close();
    }
  }
} finally {
  await browser.close();
}
console.log(`screenshots in ${values.out}`);

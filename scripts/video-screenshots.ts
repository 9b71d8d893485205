/**
 * Screenshots of the camera view and the video timeline (desktop 1280x800, phone 390x844, light and
 * dark) from a served production build, with Chromium's fake camera fed by the test clip.
 *   npx vite build && npx vite preview --port 4205 --strictPort &
 *   npx tsx scripts/video-screenshots.ts --url http://127.0.0.1:4205/ --out /tmp/shots [--readme docs/video-timeline.png]
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { Page } from '@playwright/test';
import { ensureVideoClips } from '../src/node/video-clips';
import { forEachLook } from './screenshot-looks';

const { values } = parseArgs({
  options: {
    url: { type: 'string', default: 'http://127.0.0.1:4173/' },
    out: { type: 'string', default: 'test-results/video-screenshots' },
    readme: { type: 'string' },
  },
});
const clips = ensureVideoClips();
mkdirSync(values.out!, { recursive: true });

async function ready(page: Page) {
  await page.goto(`${values.url}?backend=wasm`);
  await page.getByTestId('status').getByText('Ready').waitFor({ timeout: 120_000 });
}

await forEachLook(
  async (page, { device, colorScheme }) => {
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
  },
  {
    args: ['--use-fake-device-for-media-stream', `--use-file-for-fake-video-capture=${clips.camera}`],
    context: { permissions: ['camera'] },
  },
);
console.log(`screenshots in ${values.out}`);

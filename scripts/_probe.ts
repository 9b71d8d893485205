import { chromium } from '@playwright/test';
import { CHROMIUM_ARGS } from '../playwright.config';
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: [...CHROMIUM_ARGS, '--use-fake-device-for-media-stream', '--use-file-for-fake-video-capture=/work/wt-video/e2e/fixtures/video/camera.mjpeg'] });
const ctx = await browser.newContext({ permissions: ['camera'] });
const page = await ctx.newPage();
await page.goto('http://127.0.0.1:4205/?backend=wasm');
await page.getByTestId('status').getByText('Ready').waitFor({ timeout: 120000 });
await page.getByTestId('mode-camera').check();
await page.getByTestId('camera-start').click();
for (let i = 0; i < 6; i++) {
  await page.waitForTimeout(2000);
  console.log(await page.locator('.video-stats').first().innerText());
}
await browser.close();

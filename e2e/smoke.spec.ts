import { expect, test } from '@playwright/test';

test('the built app opens, shows its title and logs no console errors', async ({ page }) => {
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));

  await page.goto('./');
  await expect(page).toHaveTitle(/Grad-CAM Studio/);
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Grad-CAM Studio');
  // Wait until the worker has started and loaded the default model before judging the console.
  await expect
    .poll(() => page.evaluate(() => window.gradcamDebug?.model()?.key ?? null), { timeout: 60_000 })
    .toBe('catalogue:mobilenet_v1_0.25_224');
  expect(errors).toEqual([]);
});

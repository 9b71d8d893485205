/**
 * Screenshots of the dataset view (desktop 1280x800 and phone 390x844, light and dark) from a served
 * production build, with the e2e's folder of 60 photos in 3 class folders; and of the command line's
 * index.html report over a small folder with class folders, a mistake or two and a bad file.
 *   npx vite build && npx vite preview --port 4206 --strictPort &
 *   npx tsx scripts/dataset-screenshots.ts --url http://127.0.0.1:4206/ --out /tmp/shots [--readme docs]
 * With --readme, docs/dataset-grid.png and docs/batch-report.png are written (desktop, light).
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { makeDatasetFolder } from '../e2e/support/dataset-folder';
import { IMAGES_DIR } from '../src/node/testing';
import { forEachLook } from './screenshot-looks';

const { values } = parseArgs({
  options: {
    url: { type: 'string', default: 'http://127.0.0.1:4173/' },
    out: { type: 'string', default: 'test-results/dataset-screenshots' },
    readme: { type: 'string' },
  },
});
const out = values.out!;
mkdirSync(out, { recursive: true });

/** The report's folder: ImageFolder classes, two photos filed under the wrong class, a bad file. */
function reportFolder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'report-images-'));
  const put = (from: string, to: string) => {
    mkdirSync(join(dir, to, '..'), { recursive: true });
    copyFileSync(join(IMAGES_DIR, from), join(dir, to));
  };
  put('chelsea.png', 'Egyptian_cat/chelsea.png');
  put('astronaut.png', 'Egyptian_cat/astronaut.png');
  put('coffee.png', 'espresso/coffee.png');
  put('grace_hopper.jpg', 'espresso/grace_hopper.jpg');
  put('darknet_dog.jpg', 'malamute/dog.jpg');
  put('darknet_person.jpg', 'malamute/person.jpg');
  put('darknet_giraffe.jpg', 'giraffe/darknet_giraffe.jpg');
  writeFileSync(join(dir, 'giraffe', 'corrupt.jpg'), 'not a photo');
  return dir;
}

const data = makeDatasetFolder();
await forEachLook(async (page, { device, colorScheme }) => {
  await page.goto(`${values.url}?backend=wasm`);
  await page.getByTestId('status').getByText('Ready').waitFor({ timeout: 120_000 });
  await page.getByTestId('dataset-input').setInputFiles(data.dir);
  await page.locator('[data-testid=dataset-progress][data-status=done]').waitFor({ timeout: 10 * 60_000 });
  // Low probability first: every class, right and wrong marks side by side.
  await page.locator('.ds-toolbar').getByLabel('Sort').selectOption('probability-asc');
  await page.waitForTimeout(600); // thumbnails
  const path = join(out, `grid-${device}-${colorScheme}.png`);
  await page.screenshot({ path });
  if (values.readme && device === 'desktop' && colorScheme === 'light') {
    await page.screenshot({ path: join(values.readme, 'dataset-grid.png') });
  }
});

// The command line's report, opened from disk (desktop only).
const report = mkdtempSync(join(tmpdir(), 'report-out-'));
const run = spawnSync(
  join('node_modules', '.bin', 'tsx'),
  ['src/cli/explain.ts', '--model', 'mobilenet_v1_0.25_224', '--images', reportFolder(), '--out-dir', report],
  { encoding: 'utf8' },
);
if (run.status !== 0) throw new Error(`explain --images failed: ${run.stderr}`);
await forEachLook(async (page, { device, colorScheme }) => {
  if (device !== 'desktop') return;
  await page.goto(`file://${resolve(report, 'index.html')}`);
  await page.waitForTimeout(500);
  await page.screenshot({ path: join(out, `report-desktop-${colorScheme}.png`) });
  if (values.readme && colorScheme === 'light') {
    await page.screenshot({ path: join(values.readme, 'batch-report.png') });
  }
});
console.log(`screenshots in ${out}`);

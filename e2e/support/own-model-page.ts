/** Page-side helpers of the own-model and ResNet50 end-to-end tests. */
import type { DebugModel } from '../../src/app/debug-api';
import type { CropRegion } from '../../src/gradcam/preprocessing/geometry';
import type { OwnModel } from './own-models';
import { expect, type StudioPage } from './studio';

/** The paths in the page's Cache Storage (one cache, or all of them). */
export function cachedPaths(studio: StudioPage, cacheName?: string): Promise<string[]> {
  return studio.page.evaluate(async (only) => {
    const found: string[] = [];
    for (const key of only ? [only] : await caches.keys()) {
      const cache = await caches.open(key);
      for (const request of await cache.keys()) found.push(new URL(request.url).pathname);
    }
    return found;
  }, cacheName);
}

/**
 * Mean brightness on the stage of the photo's strip left of a crop region (a centre-square crop of
 * a landscape photo), after the next two frames.
 */
export async function leftOfRegion(studio: StudioPage, region: CropRegion): Promise<number> {
  await studio.page.evaluate(
    () => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))),
  );
  return studio.canvas.evaluate((node, r) => {
    const canvas = node as HTMLCanvasElement;
    const scale = Math.min(canvas.width / r.imageWidth, canvas.height / r.imageHeight);
    const [x0, y0] = [(canvas.width - r.imageWidth * scale) / 2, (canvas.height - r.imageHeight * scale) / 2];
    const strip = r.x * scale;
    const height = r.imageHeight * scale;
    const { data } = canvas
      .getContext('2d')!
      .getImageData(
        Math.round(x0 + 0.1 * strip),
        Math.round(y0 + 0.2 * height),
        Math.round(0.8 * strip),
        Math.round(0.6 * height),
      );
    let sum = 0;
    for (let i = 0; i < data.length; i += 4) sum += data[i] + data[i + 1] + data[i + 2];
    return sum / (data.length / 4) / 3;
  }, region);
}

export function debugModel(studio: StudioPage): Promise<DebugModel | null> {
  return studio.page.evaluate(() => window.gradcamDebug.model());
}

export function bridgeCalls(studio: StudioPage): Promise<Record<string, number>> {
  return studio.page.evaluate(() => window.gradcamDebug.bridgeCalls());
}

/** Picks a model's files in the own-model input (or hands them over so) and waits for its first map. */
export async function pickModel(
  studio: StudioPage,
  model: OwnModel,
  give = () => studio.page.getByTestId('model-files').setInputFiles(model.files),
): Promise<DebugModel> {
  const before = (await debugModel(studio))?.key;
  await give();
  await expect(studio.page.getByTestId('model-select')).toHaveValue('custom');
  await expect.poll(async () => (await debugModel(studio))?.key).not.toBe(before);
  await studio.waitReady();
  await expect(studio.error).toBeHidden();
  return (await debugModel(studio))!;
}

export async function labelsShown(studio: StudioPage): Promise<string[]> {
  const options = studio.page.getByRole('listbox', { name: 'Top predictions' }).getByTestId('class-option');
  await expect(options.first()).toBeVisible();
  return options.evaluateAll((nodes) => nodes.map((n) => n.textContent ?? ''));
}

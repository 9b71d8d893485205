/** Page object and fixtures for Grad-CAM Studio's end-to-end tests (tldraw-style base.extend). */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { test as base, expect, type Locator, type Page } from '@playwright/test';
import type { DebugMap, DebugVideo, WorkerMemory } from '../../src/app/debug-api';

export type { DebugMap, WorkerMemory };

export const ROOT = resolve(import.meta.dirname, '../..');
export const FIXTURE_IMAGES = resolve(ROOT, 'e2e/fixtures/images');
export const SAMPLES_DIR = resolve(ROOT, 'public/samples');

/** Software GPUs compile shaders slowly (first WebGL map 4-9 s, WebGPU 9-14 s here). */
export const FIRST_MAP_TIMEOUT = 120_000;

export type Backend = 'wasm' | 'webgl' | 'webgpu' | 'cpu';

export class StudioPage {
  readonly canvas: Locator;
  readonly status: Locator;
  readonly error: Locator;
  readonly notice: Locator;
  readonly errors: string[] = [];

  constructor(readonly page: Page) {
    this.canvas = page.getByTestId('overlay-canvas');
    this.status = page.getByTestId('status');
    this.error = page.getByTestId('error');
    this.notice = page.getByTestId('notice');
    page.on('pageerror', (error) => this.errors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') this.errors.push(message.text());
    });
  }

  async open(params: Record<string, string | number> = {}): Promise<void> {
    const query = new URLSearchParams(Object.entries(params).map(([k, v]) => [k, String(v)])).toString();
    await this.page.goto(query ? `./?${query}` : './');
    await expect(this.page.getByRole('heading', { level: 1 })).toContainText('Grad-CAM Studio');
  }

  /** Waits until the canvas shows the map for the current selections (optionally a given one). */
  async waitReady(
    expected: { classIndex?: number; layer?: string; method?: string } = {},
    timeout = FIRST_MAP_TIMEOUT,
  ): Promise<DebugMap> {
    await expect(this.canvas).toHaveAttribute('data-state', 'ready', { timeout });
    if (expected.classIndex !== undefined) {
      await expect(this.canvas).toHaveAttribute('data-class-index', String(expected.classIndex), { timeout });
    }
    if (expected.layer !== undefined)
      await expect(this.canvas).toHaveAttribute('data-layer', expected.layer, { timeout });
    if (expected.method !== undefined) {
      await expect(this.canvas).toHaveAttribute('data-method', expected.method, { timeout });
    }
    await expect(this.canvas).toHaveAttribute('data-state', 'ready', { timeout });
    const last = await this.last();
    expect(last, 'gradcamDebug.last() after ready').not.toBeNull();
    return last!;
  }

  last(): Promise<DebugMap | null> {
    return this.page.evaluate(() => window.gradcamDebug.last() as DebugMap | null);
  }

  /** The worker's tensors, once nothing is running (map and thumbnails done). */
  async memory(): Promise<WorkerMemory> {
    await expect(this.status).toContainText('Ready');
    const memory = await this.page.evaluate(() => window.gradcamDebug.memory());
    expect(memory, 'gradcamDebug.memory()').not.toBeNull();
    return memory!;
  }

  /** Waits until the worker holds exactly `numTensors` tensors again (no leak after a bad input). */
  async expectTensors(numTensors: number): Promise<void> {
    await expect
      .poll(async () => (await this.page.evaluate(() => window.gradcamDebug.memory()))?.numTensors)
      .toBe(numTensors);
  }

  /** The camera's or the analysed video's state (gradcamDebug.video()). */
  video(): Promise<DebugVideo> {
    return this.page.evaluate(() => window.gradcamDebug.video() as DebugVideo);
  }

  async numTensors(): Promise<number> {
    return (await this.memory()).numTensors;
  }

  workerCalls(): Promise<number> {
    return this.page.evaluate(() => window.gradcamDebug.workerCalls());
  }

  /** A cheap fingerprint of the stage canvas pixels. */
  canvasFingerprint(): Promise<string> {
    return this.canvas.evaluate((node) => {
      const canvas = node as HTMLCanvasElement;
      const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
      let a = 0;
      let b = 0;
      for (let i = 0; i < data.length; i += 7) {
        a = (a + data[i]) % 65521;
        b = (b + a) % 65521;
      }
      return `${canvas.width}x${canvas.height}:${a}:${b}`;
    });
  }

  /** Mean RGB of the canvas pixels that have any opacity. */
  canvasMean(): Promise<[number, number, number]> {
    return this.canvas.evaluate((node) => {
      const canvas = node as HTMLCanvasElement;
      const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
      const sum = [0, 0, 0];
      let n = 0;
      for (let i = 0; i < data.length; i += 4 * 5) {
        if (data[i + 3] === 0) continue;
        sum[0] += data[i];
        sum[1] += data[i + 1];
        sum[2] += data[i + 2];
        n += 1;
      }
      return sum.map((s) => s / Math.max(1, n)) as [number, number, number];
    });
  }

  sample(id: string): Locator {
    return this.page.locator(`[data-testid="sample"][data-sample-id="${id}"]`);
  }

  classOption(index: number): Locator {
    return this.page.locator(`[data-testid="class-option"][data-class-index="${index}"]`);
  }

  async topClasses(): Promise<number[]> {
    const options = this.page.getByRole('listbox', { name: 'Top predictions' }).getByTestId('class-option');
    await expect(options.first()).toBeVisible();
    return await options.evaluateAll((nodes) => nodes.map((n) => Number(n.getAttribute('data-class-index'))));
  }

  /** Dispatches a synthetic drop of a file built in the page from the given bytes. */
  dropFile(bytes: Buffer, name: string, type: string): Promise<void> {
    return dispatchFile(this.page, 'drop', bytes, name, type);
  }
}

/** Dispatches a synthetic paste of an image file (what Ctrl/Cmd+V with a copied image does). */
export function pasteFile(page: Page, bytes: Buffer, name: string, type: string): Promise<void> {
  return dispatchFile(page, 'paste', bytes, name, type);
}

/**
 * Builds a File from the bytes inside the page and hands it over as a user would: a drop on the
 * stage (dragenter, dragover, drop) or a clipboard paste on the document.
 */
async function dispatchFile(
  page: Page,
  how: 'drop' | 'paste',
  bytes: Buffer,
  name: string,
  type: string,
): Promise<void> {
  await page.evaluate(
    ({ base64, name, type, how }) => {
      const binary = atob(base64);
      const array = new Uint8Array(binary.length);
      for (let i = 0; i < binary.length; i++) array[i] = binary.charCodeAt(i);
      const transfer = new DataTransfer();
      transfer.items.add(new File([array], name, { type }));
      if (how === 'paste') {
        document.body.dispatchEvent(
          new ClipboardEvent('paste', { clipboardData: transfer, bubbles: true, cancelable: true }),
        );
        return;
      }
      const target = document.querySelector('[data-testid="overlay-canvas"]') ?? document.body;
      for (const kind of ['dragenter', 'dragover', 'drop']) {
        target.dispatchEvent(
          new DragEvent(kind, { dataTransfer: transfer, bubbles: true, cancelable: true }),
        );
      }
    },
    { base64: bytes.toString('base64'), name, type, how },
  );
}

/**
 * Drops files or folders from disk on `target` as the operating system does (Chromium's DevTools
 * drag events): folders arrive as directory entries (webkitGetAsEntry), which a synthetic
 * DataTransfer cannot hold.
 */
export async function dropPaths(page: Page, target: Locator, paths: string[]): Promise<void> {
  const box = await target.boundingBox();
  if (!box) throw new Error('The drop target is not on screen');
  const at = { x: box.x + box.width / 2, y: box.y + box.height / 2 };
  const cdp = await page.context().newCDPSession(page);
  const data = { items: [], files: paths, dragOperationsMask: 1 };
  for (const type of ['dragEnter', 'dragOver', 'drop'] as const) {
    await cdp.send('Input.dispatchDragEvent', { type, ...at, data });
  }
  await cdp.detach();
}

export function readFixture(path: string): Buffer {
  if (!existsSync(path)) throw new Error(`Missing test fixture ${path}`);
  return readFileSync(path);
}

/** Width and height from a PNG's IHDR chunk. */
export function pngSize(bytes: Buffer): { width: number; height: number } {
  expect(bytes.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
  expect(bytes.subarray(12, 16).toString('ascii')).toBe('IHDR');
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

/** Largest absolute difference between two maps of equal length. */
export function maxDiff(a: number[], b: number[]): number {
  expect(a.length).toBe(b.length);
  return a.reduce((worst, value, i) => Math.max(worst, Math.abs(value - b[i])), 0);
}

export const test = base.extend<{ studio: StudioPage }>({
  studio: async ({ page }, use) => {
    await use(new StudioPage(page));
  },
});

export { expect };

/**
 * Issue 7: bad images, bad models, bad links, privacy and the Content-Security-Policy, against the
 * production build (which carries the CSP meta tag). Runs on the wasm backend (fast, deterministic).
 * Run-time faults (worker death, lost WebGL context, backends that hang, stalled downloads) are in
 * faults.spec.ts.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Page } from '@playwright/test';
import { noGradientGraph } from '../src/gradcam/testing/no-gradient-graph';
import { expect, FIXTURE_IMAGES, maxDiff, ROOT, type StudioPage, test } from './support/studio';

const EGYPTIAN_CAT = 285;
const MOBILENET = 'mobilenet_v1_0.25_224';
const MOBILENET_DIR = resolve(ROOT, 'public/models', MOBILENET);
const XSS = '<img src=x onerror=window.__xss=1>';
const fixture = (name: string) => resolve(FIXTURE_IMAGES, name);

/** Records CSP violations (the console also reports them, which StudioPage.errors collects). */
async function recordCspViolations(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const w = window as unknown as { __csp: string[] };
    w.__csp = [];
    document.addEventListener('securitypolicyviolation', (event) =>
      w.__csp.push(`${event.violatedDirective} ${event.blockedURI}`),
    );
  });
}
const cspViolations = (page: Page) => page.evaluate(() => (window as unknown as { __csp: string[] }).__csp);

async function pickImage(studio: StudioPage, name: string): Promise<void> {
  await studio.page.getByTestId('image-input').setInputFiles(fixture(name));
}

const setImageCalls = (page: Page) =>
  page.evaluate(
    () =>
      (window.gradcamDebug as unknown as { bridgeCalls(): Record<string, number> }).bridgeCalls().setImage ??
      0,
  );

/** Runs `act` (which gives the app a new image) and waits for that image's map, however fast it comes. */
async function newImageReady(studio: StudioPage, act: () => Promise<unknown>) {
  const before = await setImageCalls(studio.page);
  await act();
  await expect.poll(() => setImageCalls(studio.page)).toBeGreaterThan(before);
  return studio.waitReady();
}

/** Drops bytes (built in Node or the page) on the stage as a file. */
function dropBytes(studio: StudioPage, bytes: Buffer | number[], name: string, type: string) {
  return studio.dropFile(Buffer.from(bytes), name, type);
}

/** No script ran from any input, and no element was injected from markup. */
async function expectNothingInjected(page: Page): Promise<void> {
  const injected = await page.evaluate(() => ({
    xss: (window as unknown as { __xss?: unknown }).__xss,
    svg: (window as unknown as { __svgExecuted?: unknown }).__svgExecuted,
    imgX: document.querySelectorAll('img[src="x"]').length,
    scripts: Array.from(document.scripts).filter((s) => !s.src).length,
  }));
  expect(injected).toEqual({ xss: undefined, svg: undefined, imgX: 0, scripts: 0 });
}

test.describe('privacy and the Content-Security-Policy', () => {
  test('a session with a user image sends nothing but same-origin GETs, and the CSP blocks inline script', async ({
    studio,
    context,
  }) => {
    await recordCspViolations(studio.page);
    const requests: { method: string; url: string; postData: string | null }[] = [];
    // The context sees the page's, the worker's and the service worker's requests.
    context.on('request', (request) =>
      requests.push({ method: request.method(), url: request.url(), postData: request.postData() }),
    );
    await studio.open({ backend: 'wasm' });
    const origin = new URL(studio.page.url()).origin;
    await pickImage(studio, 'cat.webp');
    const first = await studio.waitReady();
    await studio.classOption((await studio.topClasses())[1]).click();
    await studio.waitReady({ classIndex: (await studio.topClasses())[1] });
    await studio.page.getByTestId('method-select').selectOption('gradcam++');
    await studio.waitReady({ method: 'gradcam++' });
    await studio.page.getByTestId('model-select').selectOption('darknet_tiny');
    await studio.waitReady({ layer: 'leaky_re_lu_15' });
    expect(first.map).toHaveLength(49);

    expect(requests.length).toBeGreaterThan(5);
    const foreign = requests.filter((r) => !r.url.startsWith('blob:') && new URL(r.url).origin !== origin);
    expect(foreign, 'requests to other hosts').toEqual([]);
    expect(
      requests.filter((r) => r.method !== 'GET'),
      'no POST/PUT: nothing is uploaded',
    ).toEqual([]);
    expect(requests.filter((r) => r.postData !== null)).toEqual([]);
    // Nothing about the image travels in a URL either (name, data: URL, pixels).
    expect(requests.filter((r) => /cat\.webp|data:image|base64/i.test(r.url))).toEqual([]);

    // The policy is in force: an inline script added to the page does not run, and is reported.
    const csp = await studio.page
      .locator('meta[http-equiv="Content-Security-Policy"]')
      .getAttribute('content');
    expect(csp).toContain("script-src 'self' 'wasm-unsafe-eval'");
    expect(csp).not.toContain('unsafe-inline');
    expect(await cspViolations(studio.page), 'no violations during normal use').toEqual([]);
    expect(studio.errors).toEqual([]);
    await studio.page.evaluate(() => {
      const script = document.createElement('script');
      script.textContent = 'window.__inline = 1';
      document.head.append(script);
    });
    expect(await studio.page.evaluate(() => (window as unknown as { __inline?: number }).__inline)).toBe(
      undefined,
    );
    await expect.poll(() => cspViolations(studio.page)).toEqual([expect.stringContaining('script-src')]);
  });
});

test.describe('bad links and settings', () => {
  test('markup and javascript: in every parameter are ignored with a notice; nothing runs or is injected', async ({
    studio,
  }) => {
    const params = [
      'model',
      'sample',
      'class',
      'layer',
      'method',
      'opacity',
      'colormap',
      'view',
      'backend',
    ] as const;
    for (const payload of [XSS, 'javascript:window.__xss=1']) {
      await studio.open(Object.fromEntries(params.map((name) => [name, payload])));
      await expect(studio.notice).toContainText('Ignored invalid link parameters');
      for (const name of ['model', 'sample', 'class', 'method', 'opacity', 'colormap', 'view', 'backend'])
        await expect(studio.notice).toContainText(`${name}=`);
      // Shown as text, not markup.
      if (payload === XSS) await expect(studio.notice).toContainText('<img src=x');
      await expectNothingInjected(studio.page);
      // The app works: the defaults are in force (the bogus layer is corrected once a model is there).
      await studio.sample('chelsea').click();
      const last = await studio.waitReady({ classIndex: EGYPTIAN_CAT });
      expect(last.layer).toBe('conv_pw_13_relu');
      const url = new URL(studio.page.url());
      expect(url.searchParams.get('model')).toBe(MOBILENET);
      expect(url.searchParams.get('layer')).toBeNull();
      expect(url.search).not.toContain('javascript');
      expect(url.search).not.toContain('img');
      await expectNothingInjected(studio.page);
    }
  });

  test('unknown model, class out of range, unknown layer/method/backend and NaN opacity are corrected with notices', async ({
    studio,
  }) => {
    await studio.open({
      model: 'resnet9000',
      sample: 'chelsea',
      class: 5000,
      layer: 'no_such_layer',
      method: 'magic',
      opacity: 'NaN',
      backend: 'quantum',
    });
    await expect(studio.notice).toContainText(
      'Ignored invalid link parameters: model=resnet9000, method=magic, opacity=NaN, backend=quantum.',
    );
    const last = await studio.waitReady({ classIndex: EGYPTIAN_CAT });
    await expect(studio.notice).toContainText('Class 5000 does not exist in this model');
    await expect(studio.notice).toContainText(
      'Layer "no_such_layer" is not in this model; using conv_pw_13_relu',
    );
    expect([last.layer, last.method]).toEqual(['conv_pw_13_relu', 'gradcam']);
    await expect(studio.page.getByTestId('opacity')).toHaveValue('0.5');
    const url = new URL(studio.page.url());
    expect(url.searchParams.get('class')).toBe(String(EGYPTIAN_CAT));
    expect(url.searchParams.get('opacity')).toBe('0.5');
    expect(url.searchParams.get('backend')).toBeNull();
    expect(studio.errors).toEqual([]);
  });
});

test.describe('bad images', () => {
  test('broken files and SVG get a message; GIF, WebP, BMP, 1x1, CMYK, 16-bit and EXIF-rotated work; no tensor leaks', async ({
    studio,
  }) => {
    test.setTimeout(240_000);
    await studio.open({ backend: 'wasm' });
    await pickImage(studio, 'cat.bmp');
    const cat = await studio.waitReady();
    const catTop = (await studio.topClasses())[0];
    const baseline = await studio.memory();
    expect(baseline.image).toEqual([149, 224, 3]);

    const refused: [string, RegExp][] = [
      ['zero-byte.png', /"zero-byte\.png" is empty/],
      ['truncated.jpg', /"truncated\.jpg" .*could not be decoded/],
      ['text-named.png', /"text-named\.png" is not an image/],
      ['scripted.svg', /"scripted\.svg" is an SVG drawing/],
    ];
    for (const [name, message] of refused) {
      await pickImage(studio, name);
      await expect(studio.error).toContainText(message);
      // The photo on screen stays, with its map; the worker holds what it held.
      await expect(studio.canvas).toHaveAttribute('data-state', 'ready');
      await studio.expectTensors(baseline.numTensors);
    }
    await expectNothingInjected(studio.page);

    const accepted: { name: string; image: number[]; check?: (map: number[], top: number) => void }[] = [
      // First frame (the cat), not the negated second frame.
      { name: 'animated.gif', image: [149, 224, 3], check: (_, top) => expect(top).toBe(catTop) },
      { name: 'cat.webp', image: [149, 224, 3], check: (_, top) => expect(top).toBe(catTop) },
      { name: 'one-pixel.png', image: [1, 1, 3] },
      { name: 'cmyk.jpg', image: [149, 224, 3], check: (_, top) => expect(top).toBe(catTop) },
      { name: 'sixteen-bit.png', image: [149, 224, 3], check: (_, top) => expect(top).toBe(catTop) },
      // Stored 149 wide and 224 high with Orientation=6: the model sees it upright, like cat.bmp.
      {
        name: 'exif-rotated.jpg',
        image: [149, 224, 3],
        check: (map, top) => {
          expect(top).toBe(catTop);
          expect(maxDiff(map, cat.map)).toBeLessThan(0.2);
        },
      },
    ];
    for (const { name, image, check } of accepted) {
      const last = await newImageReady(studio, () => pickImage(studio, name));
      await expect(studio.error).toBeHidden();
      await studio.expectTensors(baseline.numTensors);
      expect((await studio.memory()).image, name).toEqual(image);
      check?.(last.map, (await studio.topClasses())[0]);
    }
    expect(studio.errors).toEqual([]);
  });

  test('a transparent PNG is explained as composited over white', async ({ studio }) => {
    await studio.open({ backend: 'wasm' });
    const transparent = await newImageReady(studio, () => pickImage(studio, 'transparent.png'));
    // The same picture flattened over white in the page, as a plain opaque PNG.
    const flattened = await studio.page.evaluate(
      async (bytes) => {
        const bitmap = await createImageBitmap(new Blob([new Uint8Array(bytes)], { type: 'image/png' }));
        const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
        const ctx = canvas.getContext('2d')!;
        ctx.fillStyle = '#fff';
        ctx.fillRect(0, 0, canvas.width, canvas.height);
        ctx.drawImage(bitmap, 0, 0);
        const out = new Uint8Array(await (await canvas.convertToBlob({ type: 'image/png' })).arrayBuffer());
        return Array.from(out);
      },
      Array.from(readFileSync(fixture('transparent.png'))),
    );
    const white = await newImageReady(studio, () =>
      dropBytes(studio, flattened, 'flattened.png', 'image/png'),
    );
    expect(white.classIndex).toBe(transparent.classIndex);
    expect(maxDiff(transparent.map, white.map)).toBeLessThan(0.02);
  });

  test('a 12000x9000 photo is downscaled before it reaches the model; the next image works', async ({
    studio,
  }) => {
    await studio.open({ backend: 'wasm' });
    await newImageReady(studio, () => pickImage(studio, 'cat.bmp'));
    const baseline = await studio.memory();
    // Built in the page (never committed): the cat, stretched over 108 megapixels, as a JPEG.
    const dropHuge = () =>
      studio.page.evaluate(
        async (bytes) => {
          const small = await createImageBitmap(new Blob([new Uint8Array(bytes)]));
          const canvas = new OffscreenCanvas(12000, 9000);
          canvas.getContext('2d')!.drawImage(small, 0, 0, 12000, 9000);
          const blob = await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.8 });
          const transfer = new DataTransfer();
          transfer.items.add(new File([blob], 'huge.jpg', { type: 'image/jpeg' }));
          const target = document.querySelector('[data-testid="overlay-canvas"]')!;
          for (const kind of ['dragenter', 'dragover', 'drop'])
            target.dispatchEvent(
              new DragEvent(kind, { dataTransfer: transfer, bubbles: true, cancelable: true }),
            );
        },
        Array.from(readFileSync(fixture('cat.bmp'))),
      );
    await newImageReady(studio, dropHuge);
    await expect(studio.error).toBeHidden();
    await expect(studio.canvas).toHaveAttribute('width', /\d+/);
    expect((await studio.memory()).image).toEqual([1536, 2048, 3]);
    await studio.expectTensors(baseline.numTensors);
    await newImageReady(studio, () => pickImage(studio, 'cat.webp'));
    expect((await studio.memory()).image).toEqual([149, 224, 3]);
    await studio.expectTensors(baseline.numTensors);
    expect(studio.errors).toEqual([]);
  });
});

test.describe('bad models (your own model files)', () => {
  test('each bad model gets a message, the previous model stays in use; labels with markup are text', async ({
    studio,
  }, testInfo) => {
    test.setTimeout(240_000);
    const dir = testInfo.outputPath('models');
    mkdirSync(dir, { recursive: true });
    const write = (folder: string, files: Record<string, string | Uint8Array>) => {
      mkdirSync(resolve(dir, folder), { recursive: true });
      return Object.entries(files).map(([name, content]) => {
        writeFileSync(resolve(dir, folder, name), content);
        return resolve(dir, folder, name);
      });
    };
    const mobilenetJson = readFileSync(resolve(MOBILENET_DIR, 'model.json'), 'utf8');
    const shards = readdirSync(MOBILENET_DIR).filter((name) => name.includes('shard'));
    const graph = noGradientGraph();
    const huge = JSON.parse(JSON.stringify(graph.modelJson));
    huge.weightsManifest[0].weights = [{ name: 'w', shape: [60000, 60000], dtype: 'float32' }];
    const truncatedShards = Object.fromEntries(
      shards.map((name, i) => {
        const bytes = readFileSync(resolve(MOBILENET_DIR, name));
        return [name, i === 0 ? bytes.subarray(0, bytes.length - 1000) : bytes];
      }),
    );

    await studio.open({ backend: 'wasm', sample: 'chelsea' });
    await studio.waitReady({ classIndex: EGYPTIAN_CAT });
    await studio.page.getByText('Your own model').click();
    const modelInput = studio.page.getByLabel('model.json + weight files');
    const select = studio.page.getByTestId('model-select');

    const bad: [string, string[], RegExp][] = [
      ['not JSON', write('not-json', { 'model.json': 'this is { not json', 'weights.bin': 'x' }), /JSON/],
      [
        'truncated weights',
        write('truncated', { 'model.json': mobilenetJson, ...truncatedShards }),
        /weight files hold \d+ bytes but the manifest expects \d+/,
      ],
      [
        'too large',
        write('huge', { 'model.json': JSON.stringify(huge), 'weights.bin': graph.weights }),
        /too large for this device.*13733 MB/,
      ],
    ];
    for (const [what, files, message] of bad) {
      await modelInput.setInputFiles(files);
      await expect(studio.error, what).toContainText(message);
      await expect(studio.error).toContainText(/Still using MobileNet/);
      await expect(select).toHaveValue(MOBILENET);
      await studio.waitReady({ classIndex: EGYPTIAN_CAT });
      await expect.poll(() => new URL(studio.page.url()).searchParams.get('model')).toBe(MOBILENET);
    }

    // A GraphModel whose head has an op without a gradient, with a labels file full of markup.
    const labels = write('labels', { 'labels.txt': `${XSS}\n<b>bold</b>\njavascript:alert(1)\n` });
    await studio.page.getByLabel('Labels file').setInputFiles(labels);
    await modelInput.setInputFiles(
      write('no-gradient', { 'model.json': JSON.stringify(graph.modelJson), 'weights.bin': graph.weights }),
    );
    await expect(select).toHaveValue('custom');
    const d2s = await studio.waitReady({ layer: 'd2s' });
    expect([d2s.height, d2s.width]).toEqual([16, 16]);
    const options = studio.page.getByRole('listbox', { name: 'Top predictions' }).getByTestId('class-option');
    await expect(options.filter({ hasText: XSS })).toHaveCount(1);
    await expect(options.filter({ hasText: '<b>bold</b>' })).toHaveCount(1);
    await expectNothingInjected(studio.page);
    expect(await studio.page.locator('.class-list b').count()).toBe(0);

    await studio.page.getByTestId('layer-select').selectOption('relu');
    await expect(studio.error).toContainText(
      /'relu'.*op 'DepthToSpace' has no gradient.*Pick a layer after it.*gradient-free method/,
    );
    // A gradient-free method at that layer works.
    await studio.page.getByTestId('method-select').selectOption('eigencam');
    const eigen = await studio.waitReady({ layer: 'relu', method: 'eigencam' });
    expect([eigen.height, eigen.width]).toEqual([8, 8]);

    // And the catalogue model is back with one click.
    await select.selectOption(MOBILENET);
    await studio.page.getByTestId('method-select').selectOption('gradcam');
    await studio.waitReady({ classIndex: EGYPTIAN_CAT, layer: 'conv_pw_13_relu' });
    expect(studio.errors).toEqual([]);
  });
});

/** Every metric golden (../shared/golden/*.metrics.json) on wasm, within the README's tolerances. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setNodeBackend } from '../../node/backend';
import { fileHandler } from '../../node/file-handler';
import { expectNoLeak, GOLDEN_DIR, goldenInput, testModelsDir } from '../../node/testing';
import { findCatalogueEntry } from '../catalogue';
import { loadModel } from '../load-model';
import type { LoadedModel } from '../model';
import type { ModelMeta } from '../types';
import { boxToPhoto, mapBoxes, mapComponents } from './boxes';
import { faithfulnessMetrics } from './faithfulness';

interface PhotoBox {
  x: number;
  y: number;
  w: number;
  h: number;
}
interface MetricsGolden {
  model: string;
  class_index: number;
  steps: number;
  pixels_removed: number[];
  deletionAuc: number;
  insertionAuc: number;
  deletionCurve: number[];
  insertionCurve: number[];
  probability: number;
  averageDrop: number;
  increase: number;
  road: number;
  roadDetail: { morf: number[]; lerf: number[] };
  boxes: {
    threshold_fraction: number;
    components: number;
    box: PhotoBox & { pixels: number; score: number; photo: PhotoBox };
    photo_size: [number, number];
    crop: [number, number, number, number];
    'mapping_example_center_crop_1.0': { crop: [number, number, number, number]; photo: PhotoBox };
    all_components: (PhotoBox & { pixels: number })[];
  };
}

/** Until the catalogue lists a model, the test knows it from ../shared/models (the input is fed preprocessed). */
function metaFor(id: string): ModelMeta {
  const entry = findCatalogueEntry(id);
  if (entry) return entry;
  if (id === 'resnet50_imagenet') {
    return {
      id,
      format: 'layers',
      inputSize: [224, 224],
      preprocess: { scale: 1, offset: 0 },
      labels: 'imagenet',
    };
  }
  throw new Error(`No metadata for model ${id}`);
}

const names = readdirSync(GOLDEN_DIR)
  .filter((f) => f.endsWith('.metrics.json'))
  .sort()
  .map((f) => f.slice(0, -'.metrics.json'.length));

const read = <T>(file: string): T => JSON.parse(readFileSync(join(GOLDEN_DIR, file), 'utf8')) as T;

function expectBoxNear(got: PhotoBox, want: PhotoBox, tolerance: number): void {
  // Each edge within `tolerance` photo pixels.
  expect(Math.abs(got.x - want.x)).toBeLessThanOrEqual(tolerance);
  expect(Math.abs(got.y - want.y)).toBeLessThanOrEqual(tolerance);
  expect(Math.abs(got.x + got.w - (want.x + want.w))).toBeLessThanOrEqual(tolerance);
  expect(Math.abs(got.y + got.h - (want.y + want.h))).toBeLessThanOrEqual(tolerance);
}

describe('metric golden cases on wasm', () => {
  const models = new Map<string, LoadedModel>();
  beforeAll(async () => {
    await setNodeBackend('wasm');
  });
  afterAll(() => {
    for (const m of models.values()) m.dispose();
  });

  it('has the four metric cases', () => {
    expect(names).toHaveLength(4);
  });

  it.each(names)(
    '%s',
    async (name) => {
      const g = read<MetricsGolden>(`${name}.metrics.json`);
      const cam = read<{ cam_224: number[][] }>(`${name}.json`);
      const id = g.model.split('/').pop()!;
      let model = models.get(id);
      if (!model) {
        model = await loadModel(fileHandler(join(testModelsDir(), id, 'model.json')), metaFor(id));
        models.set(id, model);
      }
      const m = model;
      m.split(m.defaultLayer); // cached on the model: built outside the leak check
      const x = await goldenInput(name);
      const map = Float32Array.from(cam.cam_224.flat());
      const got = await expectNoLeak(() => faithfulnessMetrics(m, x, map, g.class_index, { steps: g.steps }));
      x.dispose();

      expect(got.deletionCurve).toHaveLength(g.steps + 1);
      expect(got.insertionCurve).toHaveLength(g.steps + 1);
      expect(Math.abs(got.deletionAuc - g.deletionAuc)).toBeLessThanOrEqual(0.005);
      expect(Math.abs(got.insertionAuc - g.insertionAuc)).toBeLessThanOrEqual(0.005);
      for (let i = 0; i <= g.steps; i++) {
        expect(Math.abs(got.deletionCurve[i] - g.deletionCurve[i])).toBeLessThanOrEqual(0.005);
        expect(Math.abs(got.insertionCurve[i] - g.insertionCurve[i])).toBeLessThanOrEqual(0.005);
      }
      expect(Math.abs(got.confidence.probability - g.probability)).toBeLessThanOrEqual(1e-4);
      expect(Math.abs(got.averageDrop - g.averageDrop)).toBeLessThanOrEqual(1e-4);
      expect(got.increase).toBe(g.increase);
      expect(Math.abs(got.road! - g.road)).toBeLessThanOrEqual(0.01);
      got.roadDetail!.morf.forEach((v, i) => {
        expect(Math.abs(v - g.roadDetail.morf[i])).toBeLessThanOrEqual(0.01);
      });
      got.roadDetail!.lerf.forEach((v, i) => {
        expect(Math.abs(v - g.roadDetail.lerf[i])).toBeLessThanOrEqual(0.01);
      });

      // Boxes: the largest 4-connected component, to the pixel, then in the photo.
      const b = g.boxes;
      const { components } = mapComponents(map, 224, 224, b.threshold_fraction);
      expect(components).toHaveLength(b.components);
      expect(components.slice(0, 10).map(({ x, y, w, h, pixels }) => ({ x, y, w, h, pixels }))).toEqual(
        b.all_components.map(({ x, y, w, h, pixels }) => ({ x, y, w, h, pixels })),
      );
      const [box] = mapBoxes(map, 224, 224, { threshold: b.threshold_fraction });
      expect({ x: box.x, y: box.y, w: box.w, h: box.h, pixels: box.pixels }).toEqual({
        x: b.box.x,
        y: b.box.y,
        w: b.box.w,
        h: b.box.h,
        pixels: b.box.pixels,
      });
      const [pw, ph] = b.photo_size;
      expectBoxNear(boxToPhoto(box, [224, 224], { width: pw, height: ph }), b.box.photo, 0.01);
      const centre = b['mapping_example_center_crop_1.0'];
      const [cx, cy, cw, ch] = centre.crop;
      expectBoxNear(
        boxToPhoto(box, [224, 224], { width: pw, height: ph, crop: { x: cx, y: cy, w: cw, h: ch } }),
        centre.photo,
        0.01,
      );
    },
    600_000,
  );
});

/**
 * The dataset exports' boxes: the golden boxes (pytorch-grad-cam's maps, photo pixels) through a
 * stretch, a centre crop and a size-capped decode; and the export rows, boxes made once per tile.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { rowsWithBoxes } from '../app/dataset/boxes';
import { GOLDEN_DIR } from '../node/testing';
import type { DatasetTile } from '../state/slices/dataset';
import { datasetBox } from './map-box';

const read = (f: string) => JSON.parse(readFileSync(join(GOLDEN_DIR, f), 'utf8'));
type Box = { x: number; y: number; w: number; h: number };

function near(got: Box | null, want: Box, tolerance = 1): void {
  expect(got).not.toBeNull();
  const g = got as Box;
  const edges = [
    [g.x, want.x],
    [g.y, want.y],
    [g.x + g.w, want.x + want.w],
    [g.y + g.h, want.y + want.h],
  ];
  for (const [a, b] of edges) expect(Math.abs(a - b)).toBeLessThanOrEqual(tolerance);
}

describe.each(['darknet-dog-14-gradcam', 'mobilenet-chelsea-285-gradcam'])('dataset boxes on %s', (name) => {
  const cam = read(`${name}.json`);
  const golden = read(`${name}.metrics.json`).boxes;
  const map = {
    lowRes: Float32Array.from(cam.raw_cam_norm.flat() as number[]),
    height: cam.layer_shape[0],
    width: cam.layer_shape[1],
  };
  const [pw, ph] = golden.photo_size as [number, number];
  const photo = { width: pw, height: ph };
  const inputSize = [224, 224] as const;

  it('maps the largest component to the photo, stretched or centre-cropped', () => {
    near(datasetBox(map, { inputSize, seen: photo, photo }), golden.box.photo);
    const example = golden['mapping_example_center_crop_1.0'];
    const [x, y, width, height] = example.crop as number[];
    const region = { x, y, width, height, imageWidth: pw, imageHeight: ph };
    near(datasetBox(map, { inputSize, seen: { ...photo, region }, photo }), example.photo);
  });

  it('gives photo pixels when the model saw a size-capped copy', () => {
    const seen = { width: Math.round(pw / 2), height: Math.round(ph / 2) };
    near(datasetBox(map, { inputSize, seen, photo }), golden.box.photo, 2);
  });

  it('puts the box on each ready row once, leaves failed rows as they are', async () => {
    const row = { file: 'a/b.jpg', truth: null, method: 'gradcam', layer: 'l', classIndex: 1, top: [] };
    const ready: DatasetTile = {
      index: 0,
      row: { ...row, state: 'ready' },
      thumbnail: null,
      map,
      frame: { inputSize, seen: photo, photo },
    };
    const failed: DatasetTile = {
      index: 1,
      row: { ...row, state: 'failed', error: 'Not an image', classIndex: null },
      thumbnail: null,
      map: null,
      frame: null,
    };
    const [first, second] = await rowsWithBoxes([ready, failed]);
    near(first.box ?? null, golden.box.photo);
    expect(second).toBe(failed.row);
    expect(ready.row.box).toBeUndefined(); // the tile's row is not changed
    const [again] = await rowsWithBoxes([ready]);
    expect(again.box).toBe(first.box); // made once, kept for the tile
  });
});

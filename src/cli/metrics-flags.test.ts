/** explain --metrics / --boxes / --steps, spawned as `npm run explain` would run it. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { boxToPhoto, mapBoxes } from '../gradcam/metrics/boxes';
import { GOLDEN_DIR, IMAGES_DIR } from '../node/testing';
import { spawnExplain } from './spawn-explain';

function explain(...args: string[]) {
  return spawnExplain(args, 300_000);
}

const golden = (name: string) => JSON.parse(readFileSync(join(GOLDEN_DIR, name), 'utf8'));

describe('npm run explain --metrics --boxes', () => {
  it('gives the golden metrics and box for MobileNet on chelsea (the engine its own map)', () => {
    const g = golden('mobilenet-chelsea-285-gradcam.metrics.json');
    const run = explain(
      '--model',
      'mobilenet_v1_0.25_224',
      '--input-npy',
      join(GOLDEN_DIR, 'mobilenet-chelsea-285-gradcam.input.npy'),
      '--class',
      '285',
      '--metrics',
      '--boxes',
      '--steps',
      '50',
    );
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const r = JSON.parse(run.stdout);
    expect(Object.keys(r.metrics)).toEqual([
      'deletionAuc',
      'insertionAuc',
      'deletionCurve',
      'insertionCurve',
      'averageDrop',
      'increase',
      'road',
    ]);
    const m = r.metrics;
    expect(m.deletionCurve).toHaveLength(51);
    expect(m.insertionCurve).toHaveLength(51);
    expect(Math.abs(m.deletionAuc - g.deletionAuc)).toBeLessThanOrEqual(0.005);
    expect(Math.abs(m.insertionAuc - g.insertionAuc)).toBeLessThanOrEqual(0.005);
    expect(Math.abs(m.averageDrop - g.averageDrop)).toBeLessThanOrEqual(1e-4);
    expect(m.increase).toBe(g.increase);
    expect(Math.abs(m.road - g.road)).toBeLessThanOrEqual(0.01);
    // --input-npy: no photo, so the box is in input pixels.
    expect(r.boxes).toEqual([
      { classIndex: 285, label: 'Egyptian cat', x: 0, y: 0, w: 207, h: 224, score: expect.any(Number) },
    ]);
    expect(Math.abs(r.boxes[0].score - g.probability)).toBeLessThanOrEqual(1e-4);
  }, 300_000);

  it('maps the box back to the photo (768 x 576 darknet dog)', () => {
    const g = golden('darknet-dog-14-gradcam.metrics.json').boxes.box;
    const run = explain(
      '--model',
      'darknet_tiny',
      '--image',
      join(IMAGES_DIR, 'darknet_dog.jpg'),
      '--class',
      '14',
      '--boxes',
    );
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const r = JSON.parse(run.stdout);
    expect(r.boxes).toHaveLength(1);
    const [b] = r.boxes;
    expect(b.classIndex).toBe(14);
    for (const [got, want] of [
      [b.x, g.photo.x],
      [b.y, g.photo.y],
      [b.x + b.w, g.photo.x + g.photo.w],
      [b.y + b.h, g.photo.y + g.photo.h],
    ]) {
      expect(Math.abs(got - want)).toBeLessThanOrEqual(1);
    }
    expect(r.metrics).toBeUndefined();
  }, 300_000);

  it('maps the box back through a centre crop (--resize center-crop on the 451 x 300 chelsea)', () => {
    const run = explain(
      '--model',
      'mobilenet_v1_0.25_224',
      '--image',
      join(IMAGES_DIR, 'chelsea.png'),
      '--resize',
      'center-crop',
      '--boxes',
    );
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const r = JSON.parse(run.stdout);
    expect(r.region).toMatchObject({ x: 75, y: 0, width: 300, height: 300 });
    // The same box in input pixels (from the CLI's own final map), placed on the crop: X = 75 + u * 300 / 224.
    const [input] = mapBoxes(r.heatmap.flat(), 224, 224);
    const want = boxToPhoto(input, [224, 224], {
      width: 451,
      height: 300,
      crop: { x: 75, y: 0, w: 300, h: 300 },
    });
    expect(r.boxes).toHaveLength(1);
    const [b] = r.boxes;
    for (const k of ['x', 'y', 'w', 'h'] as const) expect(Math.abs(b[k] - want[k])).toBeLessThanOrEqual(1e-3);
    expect(b.x).toBeGreaterThanOrEqual(75);
    expect(b.x + b.w).toBeLessThanOrEqual(375 + 1e-3);
  }, 300_000);

  it('refuses a bad --steps or --box-threshold with exit code 2', () => {
    for (const bad of [
      ['--steps', '0'],
      ['--steps', 'many'],
      ['--box-threshold', '2'],
    ]) {
      const run = explain(
        '--model',
        'mobilenet_v1_0.25_224',
        '--image',
        join(IMAGES_DIR, 'chelsea.png'),
        ...bad,
      );
      expect(run.status).toBe(2);
      expect(run.stderr).toMatch(/^explain: --(steps|box-threshold)/);
    }
  });
});

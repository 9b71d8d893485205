/** Boxes from a map: components, the photo mapping (non-square photo, centre crop), IoU, pointing game. */
import { describe, expect, it } from 'vitest';
import {
  boxToPhoto,
  type Component,
  iou,
  mapBoxes,
  mapComponents,
  mapPeak,
  pointingGame,
  roundOut,
} from './boxes';
import { finalMapFromLowRes } from './final-map';

/** The flood fill mapComponents used before its run labelling: a component from each first-met pixel. */
function floodComponents(map: ArrayLike<number>, h: number, w: number, threshold: number): Component[] {
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < map.length; i++) if (map[i] > max) max = map[i];
  const cut = threshold * max;
  const open = Uint8Array.from({ length: h * w }, (_, i) => (map[i] >= cut ? 1 : 0));
  const components: Component[] = [];
  for (let start = 0; start < h * w; start++) {
    if (!open[start]) continue;
    const queue = [start];
    open[start] = 0;
    let [x0, y0, x1, y1] = [w, h, -1, -1];
    for (let head = 0; head < queue.length; head++) {
      const i = queue[head];
      const y = Math.floor(i / w);
      const x = i - y * w;
      [x0, y0, x1, y1] = [Math.min(x0, x), Math.min(y0, y), Math.max(x1, x), Math.max(y1, y)];
      const next = [x > 0 ? i - 1 : -1, x < w - 1 ? i + 1 : -1, y > 0 ? i - w : -1, y < h - 1 ? i + w : -1];
      for (const j of next) {
        if (j >= 0 && open[j]) {
          open[j] = 0;
          queue.push(j);
        }
      }
    }
    const label = components.length + 1;
    components.push({ label, pixels: queue.length, x: x0, y: y0, w: x1 - x0 + 1, h: y1 - y0 + 1 });
  }
  return components.sort((a, b) => b.pixels - a.pixels);
}

/** A seeded generator (Park-Miller), so a failure can be replayed. */
function random(seed: number) {
  let s = seed;
  return () => {
    s = (s * 16807) % 2147483647;
    return s / 2147483647;
  };
}

/** A 20 x 30 map (h x w) with two rectangles of given values. */
function twoBlobs(): Float32Array {
  const h = 20;
  const w = 30;
  const map = new Float32Array(h * w);
  const fill = (x0: number, y0: number, x1: number, y1: number, v: number) => {
    for (let y = y0; y <= y1; y++) for (let x = x0; x <= x1; x++) map[y * w + x] = v;
  };
  fill(2, 3, 9, 8, 0.5); // 8 x 6 = 48 pixels
  fill(15, 10, 26, 17, 1); // 12 x 8 = 96 pixels, holds the maximum
  map[5 * w + 5] = 0.05; // below 15 % of the max: a hole in the first blob
  return map;
}

describe('boxes', () => {
  it('labels 4-connected components, largest first', () => {
    const map = twoBlobs();
    const { components, cut } = mapComponents(map, 20, 30);
    expect(cut).toBeCloseTo(0.15, 6);
    expect(components.map((c) => [c.x, c.y, c.w, c.h, c.pixels])).toEqual([
      [15, 10, 12, 8, 96],
      [2, 3, 8, 6, 47],
    ]);
    expect(mapBoxes(map, 20, 30)).toHaveLength(1);
    expect(mapBoxes(map, 20, 30, { minComponentFraction: 0.4 })).toHaveLength(2);
    expect(mapBoxes(map, 20, 30, { minComponentFraction: 0.6 })).toHaveLength(1);
    // Diagonal neighbours are not 4-connected.
    const diag = new Float32Array(4);
    diag[0] = 1;
    diag[3] = 1;
    expect(mapComponents(diag, 2, 2).components).toHaveLength(2);
    // A higher threshold drops the weaker blob.
    expect(mapComponents(map, 20, 30, 0.6).components).toHaveLength(1);
    // Equal sizes: the one met first in row-major order wins.
    const tie = new Float32Array(10);
    tie[7] = 1;
    tie[2] = 1;
    expect(mapBoxes(tie, 1, 10)[0].x).toBe(2);
  });

  it('labels as a flood fill does: the same components, labels and order on random maps', () => {
    const rnd = random(20261203);
    // Noisy maps of every small shape (many runs, merges from both sides, U shapes)...
    for (let k = 0; k < 300; k++) {
      const h = 1 + Math.floor(rnd() * 24);
      const w = 1 + Math.floor(rnd() * 24);
      const map = Float32Array.from({ length: h * w }, () => (rnd() < 0.1 ? 0 : rnd()));
      for (const t of [0.15, 0.5, 0.8]) {
        expect(mapComponents(map, h, w, t).components).toEqual(floodComponents(map, h, w, t));
      }
    }
    // ...and final maps as the dataset view makes them (7 x 7 layer maps resized to 224 x 224).
    for (let k = 0; k < 20; k++) {
      const lowRes = Float32Array.from({ length: 49 }, () => rnd() ** 3);
      const map = finalMapFromLowRes(lowRes, 7, 7, [224, 224]);
      for (const t of [0.15, 0.4, 0.7]) {
        expect(mapComponents(map, 224, 224, t).components).toEqual(floodComponents(map, 224, 224, t));
      }
    }
  });

  it('maps a box to a non-square photo stretched to the input', () => {
    // Input 224 x 224 from a 768 x 576 photo (the darknet dog): X = x * 768 / 224, Y = y * 576 / 224.
    const photo = boxToPhoto({ x: 36, y: 90, w: 67, h: 103 }, [224, 224], { width: 768, height: 576 });
    expect(photo.x).toBeCloseTo(123.4286, 3);
    expect(photo.y).toBeCloseTo(231.4286, 3);
    expect(photo.w).toBeCloseTo(229.7143, 3);
    expect(photo.h).toBeCloseTo(264.8571, 3);
    expect(roundOut(photo)).toEqual({ x: 123, y: 231, w: 231, h: 266 });
    // A non-square input too: 100 x 200 (h x w) from a 1000 x 300 photo.
    expect(boxToPhoto({ x: 50, y: 10, w: 100, h: 20 }, [100, 200], { width: 1000, height: 300 })).toEqual({
      x: 250,
      y: 30,
      w: 500,
      h: 60,
    });
  });

  it('maps a box through a centre crop', () => {
    // The largest centred square of a 768 x 576 photo: crop (96, 0, 576, 576).
    const crop = { x: 96, y: 0, w: 576, h: 576 };
    const photo = boxToPhoto({ x: 36, y: 90, w: 67, h: 103 }, [224, 224], { width: 768, height: 576, crop });
    expect(photo.x).toBeCloseTo(188.5714, 3);
    expect(photo.w).toBeCloseTo(172.2857, 3);
    expect(photo.y).toBeCloseTo(231.4286, 3);
    expect(roundOut(photo)).toEqual({ x: 188, y: 231, w: 173, h: 266 });
    // The whole input maps onto the crop exactly.
    expect(boxToPhoto({ x: 0, y: 0, w: 224, h: 224 }, [224, 224], { width: 768, height: 576, crop })).toEqual(
      crop,
    );
  });

  it('gives IoU and the pointing game', () => {
    expect(iou({ x: 0, y: 0, w: 10, h: 10 }, { x: 5, y: 0, w: 10, h: 10 })).toBeCloseTo(50 / 150, 10);
    expect(iou({ x: 0, y: 0, w: 10, h: 10 }, { x: 0, y: 0, w: 10, h: 10 })).toBe(1);
    expect(iou({ x: 0, y: 0, w: 10, h: 10 }, { x: 20, y: 20, w: 5, h: 5 })).toBe(0);
    const map = twoBlobs();
    const frame = { width: 300, height: 200 }; // 10 photo pixels per map pixel
    const peak = mapPeak(map, [20, 30], frame);
    expect(peak).toEqual({ x: 155, y: 105 }); // centre of map pixel (15, 10)
    expect(pointingGame(map, [20, 30], frame, { x: 140, y: 90, w: 40, h: 40 })).toBe(true);
    expect(pointingGame(map, [20, 30], frame, { x: 0, y: 0, w: 100, h: 100 })).toBe(false);
  });

  it('returns no box for an empty map', () => {
    expect(mapBoxes(new Float32Array(16), 4, 4)).toHaveLength(1); // all zeros: 0 >= 0.15 * 0, one component
    expect(mapBoxes(new Float32Array(16).fill(-1), 4, 4)).toHaveLength(0);
  });
});

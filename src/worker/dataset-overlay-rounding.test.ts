/**
 * The ZIP's overlay colours (colorizeMap, the thumbnails' sampling) against the per-pixel colorize
 * they replaced (kept here as the reference): the colour-table entry of a pixel differs by at most
 * one, where the two arithmetics round a value on the other side of an entry's boundary.
 */
import { describe, expect, it } from 'vitest';
import { type ColormapName, colormapLut } from '../render/colormaps';
import type { HeatMap } from '../render/map-colors';
import { colorizeMap } from './dataset-thumbnail';

const LUT_SIZE = 256;

/** dataset-image.ts's colorize before the shared sampler, verbatim but for returning the bytes. */
function referenceColorize(
  map: HeatMap,
  outW: number,
  outH: number,
  colormap: ColormapName,
): Uint8ClampedArray {
  const lut = colormapLut(colormap, LUT_SIZE);
  const { width: w, height: h, values } = map;
  const out = new Uint8ClampedArray(outW * outH * 4);
  for (let y = 0, p = 0; y < outH; y++) {
    const sy = Math.min(h - 1, Math.max(0, ((y + 0.5) * h) / outH - 0.5));
    const y0 = Math.floor(sy);
    const y1 = Math.min(h - 1, y0 + 1);
    const fy = sy - y0;
    for (let x = 0; x < outW; x++, p += 4) {
      const sx = Math.min(w - 1, Math.max(0, ((x + 0.5) * w) / outW - 0.5));
      const x0 = Math.floor(sx);
      const x1 = Math.min(w - 1, x0 + 1);
      const fx = sx - x0;
      const top = values[y0 * w + x0] * (1 - fx) + values[y0 * w + x1] * fx;
      const bottom = values[y1 * w + x0] * (1 - fx) + values[y1 * w + x1] * fx;
      const v = Math.min(1, Math.max(0, top * (1 - fy) + bottom * fy));
      const i = 3 * Math.round(v * (LUT_SIZE - 1));
      out[p] = lut[i];
      out[p + 1] = lut[i + 1];
      out[p + 2] = lut[i + 2];
      out[p + 3] = 255;
    }
  }
  return out;
}

/** The table entry of each pixel's colour (grayscale: the entry is the byte). */
const entries = (rgba: Uint8ClampedArray) => rgba.filter((_, i) => i % 4 === 0);

function randomMap(width: number, height: number, seed: number): HeatMap {
  let s = seed;
  const next = () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
  return { width, height, values: Float32Array.from({ length: width * height }, next) };
}

describe('ZIP overlay colours', () => {
  it('differ from the per-pixel implementation by at most one colour-table entry', () => {
    let pixels = 0;
    let changed = 0;
    let seed = 1;
    for (const [mw, mh] of [
      [7, 7],
      [14, 14],
      [2, 3],
      [1, 1],
    ]) {
      for (const [w, h] of [
        [640, 480],
        [97, 331],
        [1024, 683],
        [5, 5],
      ]) {
        const map = randomMap(mw, mh, seed++);
        const got = entries(colorizeMap(map, w, h, 'grayscale'));
        const want = entries(referenceColorize(map, w, h, 'grayscale'));
        for (let i = 0; i < got.length; i++) {
          const d = Math.abs(got[i] - want[i]);
          if (d > 1)
            throw new Error(`map ${mw}x${mh} -> ${w}x${h}, pixel ${i}: entry ${got[i]}, was ${want[i]}`);
          changed += d;
        }
        pixels += got.length;
        // Colours other than grey: the same entries through their own table, every alpha opaque.
        const jet = colorizeMap(map, w, h, 'jet');
        const lut = colormapLut('jet', LUT_SIZE);
        for (let i = 0; i < got.length; i += 97) {
          expect([...jet.subarray(4 * i, 4 * i + 4)]).toEqual([
            ...lut.subarray(3 * got[i], 3 * got[i] + 3),
            255,
          ]);
        }
      }
    }
    // Rounding flips only (3 of 4,154,896 pixels when written), not a shifted sampling.
    expect(changed / pixels).toBeLessThan(1e-5);
  });
});

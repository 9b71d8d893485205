import { describe, expect, it } from 'vitest';
import { colormapLut } from './colormaps';
import { bicubicLevels, colorLevels, upsampleMap } from './map-colors';

const map = (width: number, height: number, values: number[]) => ({
  width,
  height,
  values: Float32Array.from(values),
});

/** Largest jump between neighbouring output pixels along x, and largest change of that slope. */
function roughness(values: Float32Array, width: number, row: number) {
  let step = 0;
  let crease = 0;
  for (let x = 1; x < width - 1; x++) {
    const a = values[row * width + x - 1];
    const b = values[row * width + x];
    const c = values[row * width + x + 1];
    step = Math.max(step, Math.abs(b - a));
    crease = Math.max(crease, Math.abs(c - 2 * b + a));
  }
  return { step, crease };
}

describe('upsampleMap (display upsampling)', () => {
  it('keeps a constant map constant and an all-zero map zero', () => {
    expect(new Set(upsampleMap(map(3, 3, Array(9).fill(0.4)), 50, 30)).size).toBe(1);
    expect(upsampleMap(map(3, 3, Array(9).fill(0.4)), 50, 30)[0]).toBeCloseTo(0.4, 6);
    expect(Math.max(...upsampleMap(map(2, 2, [0, 0, 0, 0]), 8, 8))).toBe(0);
  });

  it('passes through the samples at their centres and stays within [0, 1]', () => {
    const source = map(4, 1, [0, 1, 0, 1]);
    // 4 -> 40: output pixel 10k+4.5 sits on source centre k (half-pixel centres).
    const out = upsampleMap(source, 40, 1);
    const atCentre = (k: number) => (out[10 * k + 4] + out[10 * k + 5]) / 2;
    expect(atCentre(1)).toBeGreaterThan(0.97);
    expect(atCentre(2)).toBeLessThan(0.03);
    expect(Math.min(...out)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...out)).toBeLessThanOrEqual(1);
  });

  it('has no creases: a 7-cell ramp into a flat zero stretched to 875 px changes slope gently', () => {
    const values = [0.6, 0.7, 1, 0.8, 0, 0, 0];
    const out = upsampleMap(map(7, 1, values), 875, 1);
    const { step, crease } = roughness(out, 875, 0);
    expect(step).toBeLessThan(0.02); // ~125 px per cell: no visible jump
    // Bilinear's slope changes at once by 0.8/125 per pixel at the cell centre where the ramp meets the
    // flat zero (a hard edge on screen); cubic spreads that over several pixels.
    expect(crease).toBeLessThan((0.8 / 125) * 0.6);
  });
});

describe('colour levels of the page heatmap', () => {
  it('are the entries (v * 1023 + 0.5) | 0 the page has always used, through its 1024-entry table', () => {
    let seed = 7;
    const next = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    const lut = colormapLut('turbo', 1024);
    for (const [mw, mh, w, h] of [
      [7, 7, 875, 640],
      [14, 14, 56, 56],
      [3, 5, 301, 97],
    ]) {
      const source = map(mw, mh, Array.from({ length: mw * mh }, next));
      const values = upsampleMap(source, w, h);
      const want = new Uint8ClampedArray(w * h * 4);
      for (let i = 0, p = 0; i < values.length; i++, p += 4) {
        const index = 3 * ((values[i] * 1023 + 0.5) | 0);
        want.set([lut[index], lut[index + 1], lut[index + 2], 255], p);
      }
      const got = colorLevels(bicubicLevels(source, w, h, 1024), lut);
      const first = got.findIndex((b, i) => b !== want[i]);
      expect(first).toBe(-1);
    }
  });
});

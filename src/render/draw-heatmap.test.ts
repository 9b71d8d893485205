import { describe, expect, it } from 'vitest';
import { upsampleMap } from './draw-heatmap';

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

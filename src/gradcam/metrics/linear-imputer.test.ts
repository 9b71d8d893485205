/** The linear imputer solves its system exactly: each imputed pixel is the weighted mean of its neighbours. */
import { describe, expect, it } from 'vitest';
import { imputeLinear } from './linear-imputer';
import { seededRandom } from './randomize';

const NEIGHBOURS = [
  [-1, -1, 1 / 12],
  [-1, 0, 1 / 6],
  [-1, 1, 1 / 12],
  [0, -1, 1 / 6],
  [0, 1, 1 / 6],
  [1, -1, 1 / 12],
  [1, 0, 1 / 6],
  [1, 1, 1 / 12],
] as const;

describe('linear imputer (noise off)', () => {
  const h = 40;
  const w = 56;
  const rand = seededRandom(7);
  const image = Float32Array.from({ length: h * w * 3 }, () => rand() * 4 - 2);

  it('keeps kept pixels and makes each other pixel the mean of its in-image neighbours', () => {
    // A blob of missing pixels touching the border, plus scattered ones.
    const keep = Uint8Array.from({ length: h * w }, (_, i) => {
      const y = Math.floor(i / w);
      const x = i % w;
      return (x - 10) ** 2 + (y - 12) ** 2 < 150 || rand() < 0.3 ? 0 : 1;
    });
    const { image: out, stats } = imputeLinear(image, keep, h, w, 3);
    expect(stats.unknowns).toBe(keep.length - keep.reduce((a, b) => a + b, 0));
    let worst = 0;
    for (let i = 0; i < h * w; i++) {
      const y = Math.floor(i / w);
      const x = i % w;
      for (let c = 0; c < 3; c++) {
        if (keep[i]) {
          expect(out[i * 3 + c]).toBe(image[i * 3 + c]);
          continue;
        }
        let sum = 0;
        let wsum = 0;
        for (const [dy, dx, wt] of NEIGHBOURS) {
          const yy = y + dy;
          const xx = x + dx;
          if (yy < 0 || xx < 0 || yy >= h || xx >= w) continue;
          sum += wt * out[(yy * w + xx) * 3 + c];
          wsum += wt;
        }
        worst = Math.max(worst, Math.abs(out[i * 3 + c] - sum / wsum));
      }
    }
    expect(worst).toBeLessThan(1e-5); // float32 output of a float64 solve
  });

  it('gives the same image with either preconditioner (multigrid, SSOR)', () => {
    const keep = Uint8Array.from({ length: h * w }, (_, i) =>
      Math.abs((i % w) - 20) + Math.abs(Math.floor(i / w) - 15) < 14 ? 0 : 1,
    );
    const mg = imputeLinear(image, keep, h, w, 3);
    const ssor = imputeLinear(image, keep, h, w, 3, { preconditioner: 'ssor' });
    let worst = 0;
    for (let k = 0; k < mg.image.length; k++) worst = Math.max(worst, Math.abs(mg.image[k] - ssor.image[k]));
    expect(worst).toBeLessThan(1e-6);
    expect(mg.stats.iterations).toBeLessThan(ssor.stats.iterations);
  });

  it('reproduces a horizontal ramp (harmonic, symmetric at the top and bottom rows) exactly', () => {
    const ramp = Float32Array.from({ length: h * w * 3 }, (_, k) => 0.01 * (Math.floor(k / 3) % w) + (k % 3));
    const keep = Uint8Array.from({ length: h * w }, (_, i) => (i % w > 5 && i % w < 50 ? 0 : 1));
    const { image: out } = imputeLinear(ramp, keep, h, w, 3);
    let worst = 0;
    for (let k = 0; k < out.length; k++) worst = Math.max(worst, Math.abs(out[k] - ramp[k]));
    expect(worst).toBeLessThan(1e-5);
  });

  it('imputes any channel count (a gray model: one channel) the same way', () => {
    const keep = Uint8Array.from({ length: h * w }, (_, i) => (i % 7 === 0 || i % 11 === 0 ? 1 : 0));
    const rgb = imputeLinear(image, keep, h, w, 3).image;
    const gray = imputeLinear(
      Float32Array.from({ length: h * w }, (_, i) => image[i * 3 + 1]),
      keep,
      h,
      w,
      1,
    ).image;
    let worst = 0;
    for (let i = 0; i < h * w; i++) worst = Math.max(worst, Math.abs(gray[i] - rgb[i * 3 + 1]));
    expect(worst).toBeLessThan(1e-6);
  });

  it('gives 0 when no pixel is kept, and the image when all are', () => {
    const none = imputeLinear(image, new Uint8Array(h * w), h, w, 3).image;
    expect(none.every((v) => v === 0)).toBe(true);
    const all = imputeLinear(image, new Uint8Array(h * w).fill(1), h, w, 3).image;
    expect(all).toEqual(image);
  });
});

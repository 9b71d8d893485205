/**
 * The final map from a low-resolution one, in plain JS: bilinear resize with half-pixel centres
 * (tf.image.resizeBilinear(x, size, false, true)) then min-max, as normalize.ts does with tensors.
 * For callers that hold only the layer-resolution map (the page) and need the input-size map (boxes).
 */
import { halfPixelAxis } from '../half-pixel';
import { normalizeCam } from '../minmax';

/**
 * Separable: each source row is interpolated along x once (in float64, as the one-pass formula
 * does), then output rows blend two of those; the same arithmetic in the same order, so the same
 * values, at a fraction of the cost (the dataset view makes one per image for its box).
 */
export function resizeBilinearHalfPixel(
  values: ArrayLike<number>,
  h: number,
  w: number,
  outH: number,
  outW: number,
): Float32Array {
  const out = new Float32Array(outH * outW);
  const xs = halfPixelAxis(outW, w, Float64Array);
  const ys = halfPixelAxis(outH, h, Float64Array);
  const rows = new Float64Array(h * outW);
  for (let y = 0; y < h; y++) {
    const base = y * w;
    for (let x = 0, r = y * outW; x < outW; x++, r++) {
      const a = values[base + xs.i0[x]];
      rows[r] = a + (values[base + xs.i1[x]] - a) * xs.t[x];
    }
  }
  for (let y = 0; y < outH; y++) {
    const top = ys.i0[y] * outW;
    const bottom = ys.i1[y] * outW;
    const ty = ys.t[y];
    for (let x = 0, o = y * outW; x < outW; x++, o++) {
      const t0 = rows[top + x];
      out[o] = t0 + (rows[bottom + x] - t0) * ty;
    }
  }
  return out;
}

/** lowRes (h x w, already min-maxed) -> the final H x W map. */
export function finalMapFromLowRes(
  lowRes: ArrayLike<number>,
  h: number,
  w: number,
  inputSize: readonly [number, number],
): Float32Array {
  return normalizeCam(resizeBilinearHalfPixel(lowRes, h, w, inputSize[0], inputSize[1]));
}

/**
 * The final map from a low-resolution one, in plain JS: bilinear resize with half-pixel centres
 * (tf.image.resizeBilinear(x, size, false, true)) then min-max, as normalize.ts does with tensors.
 * For callers that hold only the layer-resolution map (the page) and need the input-size map (boxes).
 */
import { normalizeCam } from '../minmax';

export function resizeBilinearHalfPixel(
  values: ArrayLike<number>,
  h: number,
  w: number,
  outH: number,
  outW: number,
): Float32Array {
  const out = new Float32Array(outH * outW);
  const sy = h / outH;
  const sx = w / outW;
  for (let y = 0; y < outH; y++) {
    const fy = Math.max(0, (y + 0.5) * sy - 0.5);
    const y0 = Math.min(h - 1, Math.floor(fy));
    const y1 = Math.min(h - 1, y0 + 1);
    const ty = fy - y0;
    for (let x = 0; x < outW; x++) {
      const fx = Math.max(0, (x + 0.5) * sx - 0.5);
      const x0 = Math.min(w - 1, Math.floor(fx));
      const x1 = Math.min(w - 1, x0 + 1);
      const tx = fx - x0;
      const top = values[y0 * w + x0] + (values[y0 * w + x1] - values[y0 * w + x0]) * tx;
      const bottom = values[y1 * w + x0] + (values[y1 * w + x1] - values[y1 * w + x0]) * tx;
      out[y * outW + x] = top + (bottom - top) * ty;
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

/**
 * The insertion baseline: cv2.GaussianBlur(x, (11, 11), 5, 5, BORDER_REFLECT_101) on an H x W x C
 * float image, separable, in float64 on plain arrays (exact, and the same on every backend).
 */

/** Normalised 1-D Gaussian taps exp(-(j - r)^2 / (2 sigma^2)), j = 0..size-1. */
export function gaussianTaps(size = 11, sigma = 5): Float64Array {
  const r = (size - 1) / 2;
  const taps = new Float64Array(size);
  let sum = 0;
  for (let j = 0; j < size; j++) {
    taps[j] = Math.exp(-((j - r) ** 2) / (2 * sigma * sigma));
    sum += taps[j];
  }
  for (let j = 0; j < size; j++) taps[j] /= sum;
  return taps;
}

/** Reflect-101 index: -1 -> 1, n -> n - 2 (the edge pixel is not repeated). */
function reflect101(i: number, n: number): number {
  if (n === 1) return 0;
  let j = i;
  while (j < 0 || j >= n) j = j < 0 ? -j : 2 * (n - 1) - j;
  return j;
}

/** Blurs `image` (H x W x C, row-major, channels last); returns a new Float32Array. */
export function gaussianBlur(
  image: ArrayLike<number>,
  h: number,
  w: number,
  c: number,
  size = 11,
  sigma = 5,
): Float32Array {
  const taps = gaussianTaps(size, sigma);
  const r = (size - 1) / 2;
  const tmp = new Float64Array(h * w * c);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      for (let ch = 0; ch < c; ch++) {
        let s = 0;
        for (let j = 0; j < size; j++) s += taps[j] * image[(y * w + reflect101(x + j - r, w)) * c + ch];
        tmp[(y * w + x) * c + ch] = s;
      }
    }
  }
  const out = new Float32Array(h * w * c);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      for (let ch = 0; ch < c; ch++) {
        let s = 0;
        for (let j = 0; j < size; j++) s += taps[j] * tmp[(reflect101(y + j - r, h) * w + x) * c + ch];
        out[(y * w + x) * c + ch] = s;
      }
    }
  }
  return out;
}

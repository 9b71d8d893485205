/** RGBA bytes (a canvas's ImageData) repacked as RGB into `out` (3 per pixel): no tfjs, for any worker. */
export function dropAlpha<T extends Uint8Array | Int32Array>(rgba: Uint8ClampedArray, out: T): T {
  for (let i = 0, j = 0; i < rgba.length; i += 4, j += 3) {
    out[j] = rgba[i];
    out[j + 1] = rgba[i + 1];
    out[j + 2] = rgba[i + 2];
  }
  return out;
}

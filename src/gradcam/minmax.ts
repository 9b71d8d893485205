/** pytorch-grad-cam's min-max on plain arrays (tfjs-free: the page uses it for boxes). */

/** pytorch-grad-cam's epsilon in scale_cam_image. */
export const MINMAX_EPS = 1e-7;

/** The min-max of normalize.ts on a plain array, for callers without tensors. */
export function normalizeCam(values: ArrayLike<number>): Float32Array {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < values.length; i++) {
    if (values[i] < min) min = values[i];
    if (values[i] > max) max = values[i];
  }
  const out = new Float32Array(values.length);
  const range = MINMAX_EPS + (max - min);
  for (let i = 0; i < values.length; i++) out[i] = (values[i] - min) / range;
  return out;
}

/** Random-CAM (pytorch-grad-cam's RandomCAM): channel weights uniform in [-1, 1], from a fixed seed. */

/** The seed of Random-CAM's weights: the same weights for every image, class and run. */
export const RANDOMCAM_SEED = 0x5eed;

/** C weights uniform in [-1, 1) from a seeded mulberry32 generator (reproducible everywhere). */
export function randomWeights(c: number, seed = RANDOMCAM_SEED): Float32Array {
  let state = seed >>> 0;
  const weights = new Float32Array(c);
  for (let k = 0; k < c; k++) {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    const u = ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    weights[k] = 2 * u - 1;
  }
  return weights;
}

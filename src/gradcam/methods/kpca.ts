/** KPCA-CAM (pytorch-grad-cam's KPCA_CAM): kernel PCA of the activations, scikit-learn's defaults. */
import * as tf from '@tensorflow/tfjs';
import { centredColumns, orientLike } from './eigen';
import { largestEigenpair } from './symmetric-eigen';

/** The kernel is positions x positions: beyond this many positions the O(n^3) solve is too slow. */
export const KPCA_MAX_POSITIONS = 1024;

/**
 * One map: A as Z x C (row-major), columns centred; K = tanh(X X^T / C + 1) (sigmoid kernel,
 * gamma = 1/C, coef0 = 1), double-centred; map = top eigenvector * sqrt(top eigenvalue)
 * (KernelPCA(n_components=1).fit_transform). The sign is fixed as Eigen-CAM's: positive
 * correlation with sum_k A_k.
 */
export function kpcaCam(a: ArrayLike<number>, z: number, c: number): Float32Array {
  if (z > KPCA_MAX_POSITIONS) {
    throw new Error(
      `KPCA-CAM builds a ${z} x ${z} kernel for this layer (at most ${KPCA_MAX_POSITIONS} positions, ` +
        'e.g. 32x32): pick a later layer',
    );
  }
  const x = centredColumns(a, z, c);
  const gamma = 1 / c;
  const kernel = new Float64Array(z * z);
  for (let i = 0; i < z; i++) {
    for (let j = i; j < z; j++) {
      let s = 0;
      for (let k = 0; k < c; k++) s += x[i * c + k] * x[j * c + k];
      const v = Math.tanh(gamma * s + 1);
      kernel[i * z + j] = v;
      kernel[j * z + i] = v;
    }
  }
  // Centre in feature space: K - 1K/n - K1/n + 1K1/n.
  const rowMean = new Float64Array(z);
  let all = 0;
  for (let i = 0; i < z; i++) {
    let s = 0;
    for (let j = 0; j < z; j++) s += kernel[i * z + j];
    rowMean[i] = s / z;
    all += s;
  }
  all /= z * z;
  for (let i = 0; i < z; i++) {
    for (let j = 0; j < z; j++) kernel[i * z + j] += all - rowMean[i] - rowMean[j];
  }
  const { value, vector } = largestEigenpair(kernel, z);
  const scale = Math.sqrt(Math.max(value, 0));
  const projection = new Float32Array(z);
  for (let i = 0; i < z; i++) projection[i] = vector[i] * scale;
  return orientLike(projection, a, z, c);
}

/** KPCA-CAM maps [count, h, w] of one activation (class-agnostic: the same map for every class). */
export async function kpcaCams(a: tf.Tensor4D, count: number): Promise<tf.Tensor3D> {
  const [, h, w, c] = a.shape;
  const projection = kpcaCam((await a.data()) as Float32Array, h * w, c);
  const maps = new Float32Array(count * h * w);
  for (let i = 0; i < count; i++) maps.set(projection, i * h * w);
  return tf.tensor3d(maps, [count, h, w]);
}

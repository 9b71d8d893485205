/** Eigen-CAM: the first principal component of the activations (plain JS, float64). */
import * as tf from '@tensorflow/tfjs';

/** A (Z x C, row-major) with each channel's mean over the positions taken away, in float64. */
export function centredColumns(a: ArrayLike<number>, z: number, c: number): Float64Array {
  const x = new Float64Array(z * c);
  for (let k = 0; k < c; k++) {
    let mean = 0;
    for (let i = 0; i < z; i++) mean += a[i * c + k];
    mean /= z;
    for (let i = 0; i < z; i++) x[i * c + k] = a[i * c + k] - mean;
  }
  return x;
}

/**
 * Eigen-CAM for one map: A as Z x C (positions x channels, row-major), centred over positions,
 * projected on the first right singular vector v1 (X v1 = s1 u1); the sign is fixed so that the
 * projection correlates positively with sum_k A_k (SVD's sign is arbitrary). Plain JS: power
 * iteration on the smaller of the two Gram matrices (Z x Z or C x C).
 */
export function eigenCam(a: ArrayLike<number>, z: number, c: number): Float32Array {
  const x = centredColumns(a, z, c);
  const overPositions = z <= c;
  const n = overPositions ? z : c;
  const gram = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = i; j < n; j++) {
      let s = 0;
      if (overPositions) for (let k = 0; k < c; k++) s += x[i * c + k] * x[j * c + k];
      else for (let p = 0; p < z; p++) s += x[p * c + i] * x[p * c + j];
      gram[i * n + j] = s;
      gram[j * n + i] = s;
    }
  }
  const vector = topEigenvector(gram, n);
  const projection = new Float32Array(z);
  if (overPositions) {
    // u1 = X v1 / s1, so X v1 = sqrt(lambda1) u1.
    const s1 = Math.sqrt(Math.max(vector.lambda, 0));
    for (let i = 0; i < z; i++) projection[i] = s1 * vector.v[i];
  } else {
    for (let i = 0; i < z; i++) {
      let s = 0;
      for (let k = 0; k < c; k++) s += x[i * c + k] * vector.v[k];
      projection[i] = s;
    }
  }
  return orientLike(projection, a, z, c);
}

/**
 * Fixes a projection's arbitrary sign (in place): positive correlation with sum_k a_k, the map the
 * projection replaces (Eigen-CAM: the activation sum; eigen_smooth: the plain cam).
 */
export function orientLike(
  projection: Float32Array,
  a: ArrayLike<number>,
  z: number,
  c: number,
): Float32Array {
  const sums = new Float64Array(z);
  let meanSum = 0;
  for (let i = 0; i < z; i++) {
    for (let k = 0; k < c; k++) sums[i] += a[i * c + k];
    meanSum += sums[i];
  }
  meanSum /= z;
  let dot = 0;
  for (let i = 0; i < z; i++) dot += projection[i] * (sums[i] - meanSum);
  if (dot < 0) for (let i = 0; i < z; i++) projection[i] = -projection[i];
  return projection;
}

/** Top eigenpair of a symmetric positive semi-definite n x n matrix by power iteration. */
export function topEigenvector(m: Float64Array, n: number): { v: Float64Array; lambda: number } {
  let v = new Float64Array(n);
  // A deterministic start with every component non-zero.
  for (let i = 0; i < n; i++) v[i] = 1 + 0.5 * Math.sin(i + 1);
  let lambda = 0;
  for (let iter = 0; iter < 2000; iter++) {
    const next = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let j = 0; j < n; j++) s += m[i * n + j] * v[j];
      next[i] = s;
    }
    let norm = 0;
    for (let i = 0; i < n; i++) norm += next[i] * next[i];
    norm = Math.sqrt(norm);
    if (norm === 0) return { v: new Float64Array(n), lambda: 0 };
    let diff = 0;
    for (let i = 0; i < n; i++) {
      next[i] /= norm;
      diff = Math.max(diff, Math.abs(next[i] - v[i]));
    }
    v = next;
    lambda = norm;
    if (diff < 1e-10) break;
  }
  return { v, lambda };
}

/** Eigen-CAM maps [count, h, w] of one activation (the map is class-agnostic: the same for every class). */
export async function eigenCams(a: tf.Tensor4D, count: number): Promise<tf.Tensor3D> {
  const [, h, w, c] = a.shape;
  const values = (await a.data()) as Float32Array;
  const projection = eigenCam(values, h * w, c);
  const maps = new Float32Array(count * h * w);
  for (let i = 0; i < count; i++) maps.set(projection, i * h * w);
  return tf.tensor3d(maps, [count, h, w]);
}

/**
 * The first principal component of each map's per-channel terms [B, h, w, C] instead of their sum
 * (pytorch-grad-cam's get_2d_projection: EigenGrad-CAM, eigen_smooth). Returns [B, h, w].
 */
export async function eigenProjections(terms: tf.Tensor4D): Promise<tf.Tensor3D> {
  const [b, h, w, c] = terms.shape;
  const values = (await terms.data()) as Float32Array;
  const maps = new Float32Array(b * h * w);
  for (let i = 0; i < b; i++) {
    maps.set(eigenCam(values.subarray(i * h * w * c, (i + 1) * h * w * c), h * w, c), i * h * w);
  }
  return tf.tensor3d(maps, [b, h, w]);
}

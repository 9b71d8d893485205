/**
 * Channel weights / maps of every method, exactly as pytorch-grad-cam computes them.
 * A, G: [B, h, w, C] (activations, dScore/dA). Every function returns the un-rectified cam [B, h, w]
 * and, where the method has them, the channel weights [B, C]. Synchronous maths: call inside tf.tidy.
 */
import * as tf from '@tensorflow/tfjs';
import type { MethodName } from './types';

export const GRADIENT_METHODS = [
  'gradcam',
  'gradcam++',
  'hirescam',
  'xgradcam',
  'layercam',
  'gradcam-elementwise',
] as const satisfies readonly MethodName[];
export type GradientMethod = (typeof GRADIENT_METHODS)[number];

export function isGradientMethod(method: MethodName): method is GradientMethod {
  return (GRADIENT_METHODS as readonly string[]).includes(method);
}

export interface CamTensors {
  cam: tf.Tensor3D;
  weights?: tf.Tensor2D;
}

/** cam = sum_k w_k A_k for weights [B, C]. */
export function weightedSum(a: tf.Tensor4D, weights: tf.Tensor2D): tf.Tensor3D {
  const [b, , , c] = a.shape;
  return tf.sum(tf.mul(a, tf.reshape(weights, [b, 1, 1, c])), 3) as tf.Tensor3D;
}

export function gradientCam(method: GradientMethod, a: tf.Tensor4D, g: tf.Tensor4D): CamTensors {
  switch (method) {
    case 'gradcam': {
      const weights = tf.mean(g, [1, 2]) as tf.Tensor2D;
      return { cam: weightedSum(a, weights), weights };
    }
    case 'hirescam':
      return { cam: tf.sum(tf.mul(g, a), 3) as tf.Tensor3D };
    case 'gradcam-elementwise':
      return { cam: tf.sum(tf.relu(tf.mul(g, a)), 3) as tf.Tensor3D };
    case 'layercam':
      return { cam: tf.sum(tf.mul(tf.relu(g), a), 3) as tf.Tensor3D };
    case 'xgradcam': {
      const sumA = tf.sum(a, [1, 2]);
      const weights = tf.div(tf.sum(tf.mul(g, a), [1, 2]), tf.add(sumA, 1e-7)) as tf.Tensor2D;
      return { cam: weightedSum(a, weights), weights };
    }
    case 'gradcam++': {
      const g2 = tf.square(g);
      const g3 = tf.mul(g2, g);
      const sumA = tf.sum(a, [1, 2], true);
      const aij = tf.div(g2, tf.add(tf.add(tf.mul(g2, 2), tf.mul(sumA, g3)), 1e-6));
      const safe = tf.where(tf.notEqual(g, 0), aij, tf.zerosLike(aij));
      const weights = tf.sum(tf.mul(tf.relu(g), safe), [1, 2]) as tf.Tensor2D;
      return { cam: weightedSum(a, weights), weights };
    }
  }
}

/**
 * Eigen-CAM for one map: A as Z x C (positions x channels, row-major), centred over positions,
 * projected on the first right singular vector v1 (X v1 = s1 u1); the sign is fixed so that the
 * projection correlates positively with sum_k A_k (SVD's sign is arbitrary). Plain JS: power
 * iteration on the smaller of the two Gram matrices (Z x Z or C x C).
 */
export function eigenCam(a: Float32Array, z: number, c: number): Float32Array {
  const x = new Float64Array(z * c);
  for (let k = 0; k < c; k++) {
    let mean = 0;
    for (let i = 0; i < z; i++) mean += a[i * c + k];
    mean /= z;
    for (let i = 0; i < z; i++) x[i * c + k] = a[i * c + k] - mean;
  }
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

/** Numerically stable softmax of a plain array. */
export function softmax(values: ArrayLike<number>): Float32Array {
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < values.length; i++) max = Math.max(max, values[i]);
  const out = new Float32Array(values.length);
  let sum = 0;
  for (let i = 0; i < values.length; i++) {
    out[i] = Math.exp(values[i] - max);
    sum += out[i];
  }
  for (let i = 0; i < values.length; i++) out[i] /= sum;
  return out;
}

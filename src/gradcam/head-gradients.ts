/** The class scores' gradients with respect to the cached activation: one batched head backward. */
import * as tf from '@tensorflow/tfjs';
import type { Split } from './model';

/** t repeated `batch` times along the batch axis (concat: wasm's Tile kernel is an element loop, 10x slower). */
export function tileBatch<T extends tf.Tensor>(t: T, batch: number): T {
  if (t.shape[0] === batch) return t;
  if (t.shape[0] === 1) return tf.concat(new Array<T>(batch).fill(t), 0) as T;
  return tf.tile(
    t,
    t.shape.map((_, i) => (i === 0 ? batch : 1)),
  ) as T;
}

/** One-hot [B, K] rows selecting each class (a mask, not tf.gather: gather's gradient is missing on wasm). */
export function classMask(classIndices: readonly number[], numClasses: number): tf.Tensor2D {
  const mask = new Float32Array(classIndices.length * numClasses);
  classIndices.forEach((c, i) => {
    mask[i * numClasses + c] = 1;
  });
  return tf.tensor2d(mask, [classIndices.length, numClasses]);
}

/**
 * dScore_c / dA for each class c, batched: A tiled to [B, h, w, C], one backward pass of the head
 * (of the sliced head where it ends in a class projection: k columns, not all of them).
 */
export function classGradients(
  split: Split,
  a: tf.Tensor4D,
  extras: readonly tf.Tensor[],
  classIndices: readonly number[],
  numClasses: number,
): tf.Tensor4D {
  return tf.tidy(() => {
    const ab = tileBatch(a, classIndices.length);
    const { classHead } = split;
    // Sliced head: row i's score is column i (class classIndices[i]); else the full head and a mask.
    const score = classHead
      ? (t: tf.Tensor) =>
          tf.sum(tf.mul(classHead(t as tf.Tensor4D, extras, classIndices), tf.eye(classIndices.length)))
      : (t: tf.Tensor) =>
          tf.sum(tf.mul(split.head(t as tf.Tensor4D, extras), classMask(classIndices, numClasses)));
    return tf.grad(score)(ab) as tf.Tensor4D;
  });
}

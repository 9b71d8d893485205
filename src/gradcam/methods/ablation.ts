/** Ablation-CAM (pytorch-grad-cam's AblationCAM): head-only forward passes, batched over channels. */
import * as tf from '@tensorflow/tfjs';
import { yieldAndCheck } from '../abort';
import { classMask, tileBatch } from '../head-gradients';
import type { Split } from '../model';
import { type Target, targetMatrix, targetValues } from '../targets';
import type { CamOptions } from '../types';
import { MAX_BATCH_FLOATS } from './batching';

/**
 * Ablation-CAM: w_k = (y - y_k) / y with channel k of A set to 0, y = the target's score (the
 * pre-softmax logit by default); head-only, batched over channels.
 */
export async function ablationWeights(
  split: Split,
  a: tf.Tensor4D,
  extras: readonly tf.Tensor[],
  classIndices: readonly number[],
  logits: Float32Array,
  opts: CamOptions,
  target: Target = { kind: 'logit' },
): Promise<tf.Tensor2D> {
  const [, h, w, c] = a.shape;
  const k = logits.length;
  const chunk = Math.max(1, Math.min(c, Math.floor(MAX_BATCH_FLOATS / (h * w * c))));
  const selector = tf.tidy(() => tf.transpose(classMask(classIndices, k)) as tf.Tensor2D); // [K, n]
  const ablated = new Float32Array(c * classIndices.length); // [C, n]
  try {
    for (let start = 0; start < c; start += chunk) {
      const n = Math.min(chunk, c - start);
      const scores = tf.tidy(() => {
        const keep = new Float32Array(n * c).fill(1);
        for (let i = 0; i < n; i++) keep[i * c + start + i] = 0;
        const masked = tf.mul(tileBatch(a, n), tf.tensor4d(keep, [n, 1, 1, c]));
        if (target.kind !== 'logit') {
          return targetMatrix(split.head(masked as tf.Tensor4D, extras), classIndices, target, logits);
        }
        // A sliced head (head-slicing.ts) computes only the requested classes' columns.
        return split.classHead
          ? split.classHead(masked as tf.Tensor4D, extras, classIndices)
          : tf.matMul(split.head(masked as tf.Tensor4D, extras), selector);
      });
      try {
        ablated.set((await scores.data()) as Float32Array, start * classIndices.length);
      } finally {
        scores.dispose();
      }
      opts.onProgress?.(Math.min(1, (start + n) / c));
      await yieldAndCheck(opts.signal);
    }
  } finally {
    selector.dispose();
  }
  const base = targetValues(logits, classIndices, target);
  const weights = new Float32Array(classIndices.length * c);
  classIndices.forEach((_cls, i) => {
    const y = base[i];
    for (let ch = 0; ch < c; ch++) weights[i * c + ch] = (y - ablated[ch * classIndices.length + i]) / y;
  });
  return tf.tensor2d(weights, [classIndices.length, c]);
}

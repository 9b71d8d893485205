/** Score-CAM (pytorch-grad-cam's ScoreCAM): the class score of the input masked by each channel. */
import * as tf from '@tensorflow/tfjs';
import { yieldAndCheck } from '../abort';
import { classMask } from '../head-gradients';
import { softmax } from '../math';
import type { Split } from '../model';
import { type Target, targetMatrix } from '../targets';
import type { CamOptions } from '../types';
import { MAX_BATCH_FLOATS, SCORECAM_BATCH } from './batching';

/**
 * Score-CAM: every (selected) channel upsampled to the input (bilinear, align corners), min-max
 * normalised (+1e-8), multiplied into the input; s_k = the target's score of that masked input
 * (the class logit by default; `logits`, the unmasked run's, pick FinerCAM's comparison classes);
 * weights = softmax_k(s). Channels beyond maxChannels (lowest variance) get weight 0.
 */
export async function scoreCamWeights(
  split: Split,
  a: tf.Tensor4D,
  x: tf.Tensor4D,
  classIndices: readonly number[],
  numClasses: number,
  opts: CamOptions,
  countForward: () => void,
  target: Target = { kind: 'logit' },
  logits: ArrayLike<number> = [],
): Promise<tf.Tensor2D> {
  const [, , , c] = a.shape;
  const [, H, W] = x.shape;
  let channels = Array.from({ length: c }, (_, i) => i);
  if (opts.maxChannels != null && opts.maxChannels > 0 && opts.maxChannels < c) {
    const variance = tf.tidy(() => tf.moments(a, [0, 1, 2]).variance);
    const v = (await variance.data()) as Float32Array;
    variance.dispose();
    channels = channels.sort((p, q) => v[q] - v[p]).slice(0, opts.maxChannels);
  }
  const chunk = Math.max(1, Math.min(SCORECAM_BATCH, Math.floor(MAX_BATCH_FLOATS / (H * W * 3))));
  const n = classIndices.length;
  const scores = new Float32Array(channels.length * n); // [S, n]
  const selector = tf.tidy(() => tf.transpose(classMask(classIndices, numClasses)) as tf.Tensor2D); // [K, n]
  try {
    for (let start = 0; start < channels.length; start += chunk) {
      const idx = channels.slice(start, start + chunk);
      const batchScores = tf.tidy(() => {
        const sel = tf.gather(a, tf.tensor1d(idx, 'int32'), 3);
        const up = tf.image.resizeBilinear(sel, [H, W], true);
        const mn = tf.min(up, [1, 2], true);
        const mx = tf.max(up, [1, 2], true);
        const norm = tf.div(tf.sub(up, mn), tf.add(tf.sub(mx, mn), 1e-8));
        const masks = tf.transpose(norm, [3, 1, 2, 0]); // [n, H, W, 1]
        const out = split.forward(tf.mul(x, masks) as tf.Tensor4D);
        if (target.kind !== 'logit') return targetMatrix(out.logits, classIndices, target, logits);
        return tf.matMul(out.logits, selector);
      });
      countForward();
      try {
        scores.set((await batchScores.data()) as Float32Array, start * n);
      } finally {
        batchScores.dispose();
      }
      opts.onProgress?.(Math.min(1, (start + idx.length) / channels.length));
      await yieldAndCheck(opts.signal);
    }
  } finally {
    selector.dispose();
  }
  const weights = new Float32Array(n * c);
  for (let i = 0; i < n; i++) {
    const s = new Float32Array(channels.length);
    for (let j = 0; j < channels.length; j++) s[j] = scores[j * n + i];
    const p = softmax(s);
    channels.forEach((ch, j) => {
      weights[i * c + ch] = p[j];
    });
  }
  return tf.tensor2d(weights, [n, c]);
}

/** ShapleyCAM (pytorch-grad-cam's ShapleyCAM): the Hessian-vector product H.A of the score. */
import * as tf from '@tensorflow/tfjs';
import { tileBatch } from '../head-gradients';
import type { Split } from '../model';
import { withSecondOrder } from '../second-order';
import { type Target, targetScores } from '../targets';

/**
 * (H.A)_i = sum_j (d^2 Y / dA_i dA_j) A_j for each class's score Y, batched [B, h, w, C]: the
 * gradient of (dY/dA . A) with the direction A held constant (a double backward through the head).
 * Synchronous: run it through the BackwardRunner (cpu where a second-order kernel is missing).
 */
export function hessianVectorProduct(
  split: Split,
  a: tf.Tensor4D,
  extras: readonly tf.Tensor[],
  classes: readonly number[],
  target: Target,
  refLogits: ArrayLike<number>,
): tf.Tensor4D {
  return withSecondOrder(() =>
    tf.tidy(() => {
      const ab = tileBatch(a, classes.length);
      const direction = tf.clone(ab); // a separate tensor: not differentiated
      const score = (t: tf.Tensor) =>
        tf.sum(targetScores(split.head(t as tf.Tensor4D, extras), classes, target, refLogits));
      // + 0 * sum(t): through a piecewise-linear head dY/dA does not depend on A, and tf.grad would
      // find no path from A (pytorch's H.A is then 0, ShapleyCAM = Grad-CAM).
      const gradientDotDirection = (t: tf.Tensor) =>
        tf.add(tf.sum(tf.mul(tf.grad(score)(t), direction)), tf.mul(tf.sum(t), 0));
      return tf.grad(gradientDotDirection)(ab) as tf.Tensor4D;
    }),
  );
}

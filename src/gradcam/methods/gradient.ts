/**
 * The gradient methods' maps, exactly as pytorch-grad-cam computes them.
 * A, G: [B, h, w, C] (activations, dScore/dA). A method gives either channel weights [B, C]
 * (cam = sum_k w_k A_k) or per-channel terms [B, h, w, C] (cam = sum_k terms_k); eigen_smooth and
 * EigenGrad-CAM replace that sum by a projection. Synchronous maths: call inside tf.tidy.
 */
import * as tf from '@tensorflow/tfjs';
import type { GradientMethod } from './registry';

export interface CamTensors {
  cam: tf.Tensor3D;
  weights?: tf.Tensor2D;
}

/** What a gradient method gives before the channel sum: weights, or the terms themselves. */
export type GradientTerms =
  | { weights: tf.Tensor2D; terms?: undefined }
  | { terms: tf.Tensor4D; weights?: undefined };

/** cam = sum_k w_k A_k for weights [B, C]. */
export function weightedSum(a: tf.Tensor4D, weights: tf.Tensor2D): tf.Tensor3D {
  const [b, , , c] = a.shape;
  return tf.sum(tf.mul(a, tf.reshape(weights, [b, 1, 1, c])), 3) as tf.Tensor3D;
}

/** The per-channel terms w_k A_k [B, h, w, C]. */
export function weightedTerms(a: tf.Tensor4D, weights: tf.Tensor2D): tf.Tensor4D {
  const [b, , , c] = a.shape;
  return tf.mul(a, tf.reshape(weights, [b, 1, 1, c])) as tf.Tensor4D;
}

/**
 * The method's weights or terms. `hvp` (ShapleyCAM only) is the Hessian of the score times A,
 * [B, h, w, C]; FinerCAM is Grad-CAM on its own score (the gradient already carries it).
 */
export function gradientTerms(
  method: GradientMethod,
  a: tf.Tensor4D,
  g: tf.Tensor4D,
  hvp?: tf.Tensor4D,
): GradientTerms {
  switch (method) {
    case 'gradcam':
    case 'finercam':
      return { weights: tf.mean(g, [1, 2]) as tf.Tensor2D };
    case 'shapleycam': {
      if (!hvp) throw new Error('ShapleyCAM needs the Hessian-vector product');
      return { weights: tf.mean(tf.sub(g, tf.mul(hvp, 0.5)), [1, 2]) as tf.Tensor2D };
    }
    case 'hirescam':
    case 'eigengradcam':
      return { terms: tf.mul(g, a) as tf.Tensor4D };
    case 'gradcam-elementwise':
      return { terms: tf.relu(tf.mul(g, a)) as tf.Tensor4D };
    case 'layercam':
      return { terms: tf.mul(tf.relu(g), a) as tf.Tensor4D };
    case 'xgradcam': {
      const sumA = tf.sum(a, [1, 2]);
      return { weights: tf.div(tf.sum(tf.mul(g, a), [1, 2]), tf.add(sumA, 1e-7)) as tf.Tensor2D };
    }
    case 'gradcam++': {
      const g2 = tf.square(g);
      const g3 = tf.mul(g2, g);
      const sumA = tf.sum(a, [1, 2], true);
      const aij = tf.div(g2, tf.add(tf.add(tf.mul(g2, 2), tf.mul(sumA, g3)), 1e-6));
      const safe = tf.where(tf.notEqual(g, 0), aij, tf.zerosLike(aij));
      return { weights: tf.sum(tf.mul(tf.relu(g), safe), [1, 2]) as tf.Tensor2D };
    }
  }
}

/** The channel sum of gradientTerms (EigenGrad-CAM's projection is the caller's: see eigenProjections). */
export function gradientCam(
  method: GradientMethod,
  a: tf.Tensor4D,
  g: tf.Tensor4D,
  hvp?: tf.Tensor4D,
): CamTensors {
  const t = gradientTerms(method, a, g, hvp);
  if (t.weights) return { cam: weightedSum(a, t.weights), weights: t.weights };
  return { cam: tf.sum(t.terms, 3) as tf.Tensor3D };
}

/**
 * The gradient methods' maps, exactly as pytorch-grad-cam computes them.
 * A, G: [B, h, w, C] (activations, dScore/dA). Every function returns the un-rectified cam [B, h, w]
 * and, where the method has them, the channel weights [B, C]. Synchronous maths: call inside tf.tidy.
 */
import * as tf from '@tensorflow/tfjs';
import type { GradientMethod } from './registry';

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

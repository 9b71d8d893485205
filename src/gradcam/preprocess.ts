/** Image -> model input: resize with half-pixel centres, then x * scale + offset. */
import * as tf from '@tensorflow/tfjs';
import type { ModelMeta } from './types';

/**
 * `pixels` is H x W x 3 (or 4: alpha is dropped) RGB in 0..255, any size and dtype. Returns a new
 * [1, inputH, inputW, 3] float32 tensor; the caller keeps ownership of `pixels`.
 */
export function preprocessImage(
  pixels: tf.Tensor3D,
  meta: Pick<ModelMeta, 'inputSize' | 'preprocess'>,
): tf.Tensor4D {
  if (pixels.rank !== 3 || (pixels.shape[2] !== 3 && pixels.shape[2] !== 4)) {
    throw new Error(`Expected an H x W x 3 RGB image tensor, got shape [${pixels.shape.join(', ')}]`);
  }
  return tf.tidy(() => {
    let rgb: tf.Tensor3D = tf.cast(pixels, 'float32');
    if (pixels.shape[2] === 4) rgb = tf.slice(rgb, [0, 0, 0], [-1, -1, 3]);
    const batch = tf.expandDims(rgb, 0) as tf.Tensor4D;
    const [h, w] = meta.inputSize;
    const resized =
      batch.shape[1] === h && batch.shape[2] === w
        ? batch
        : tf.image.resizeBilinear(batch, [h, w], false, true);
    return tf.add(tf.mul(resized, meta.preprocess.scale), meta.preprocess.offset) as tf.Tensor4D;
  });
}

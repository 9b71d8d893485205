/** The map pipeline shared by every method: ReLU, min-max, resize, min-max (pytorch-grad-cam). */
import * as tf from '@tensorflow/tfjs';

import { MINMAX_EPS } from './minmax';

export { MINMAX_EPS, normalizeCam } from './minmax';

/** Min-max per map of a [B, h, w, 1] batch: (x - min) / (1e-7 + max(x - min)). All-zero stays zero. */
export function minMaxMaps(maps: tf.Tensor4D): tf.Tensor4D {
  return tf.tidy(() => {
    const shifted = tf.sub(maps, tf.min(maps, [1, 2, 3], true));
    return tf.div(shifted, tf.add(tf.max(shifted, [1, 2, 3], true), MINMAX_EPS)) as tf.Tensor4D;
  });
}

export interface CamMaps {
  /** [B, h, w] after ReLU, before normalisation. */
  raw: tf.Tensor3D;
  /** [B, h, w] min-max normalised. */
  lowRes: tf.Tensor3D;
  /** [B, H, W] resized with half-pixel centres, min-max again. */
  heatmap: tf.Tensor3D;
}

/** From an un-rectified cam [B, h, w] to the three maps every CamResult carries. */
export function finishCams(cam: tf.Tensor3D, inputSize: readonly [number, number]): CamMaps {
  return tf.tidy(() => {
    const raw = tf.relu(cam) as tf.Tensor3D;
    const low = minMaxMaps(tf.expandDims(raw, 3) as tf.Tensor4D);
    const resized = tf.image.resizeBilinear(low, [inputSize[0], inputSize[1]], false, true);
    const heatmap = minMaxMaps(resized);
    return {
      raw,
      lowRes: tf.squeeze(low, [3]) as tf.Tensor3D,
      heatmap: tf.squeeze(heatmap, [3]) as tf.Tensor3D,
    };
  });
}

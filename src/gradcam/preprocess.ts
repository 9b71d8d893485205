/** Photo -> model input, following a Preprocess (./preprocessing/presets.ts): crop, resize, channels, scale. */
import * as tf from '@tensorflow/tfjs';
import { type CropRegion, cropRegion } from './preprocessing/geometry';
import { normalizePreprocess } from './preprocessing/presets';
import type { ModelMeta } from './types';

const GRAY_WEIGHTS = [0.299, 0.587, 0.114];

export interface PreprocessTarget extends Pick<ModelMeta, 'inputSize' | 'preprocess'> {
  /** Channels of the model input (default 3). A 1-channel model always gets gray. */
  channels?: 1 | 3;
}

export interface PreprocessedPhoto {
  /** [1, H, W, channels] float32, owned by the caller. */
  input: tf.Tensor4D;
  /** The part of the photo that became the input (the whole photo unless center-crop). */
  region: CropRegion;
}

/**
 * `pixels` is H x W x 3 (or 4: alpha is dropped) RGB in 0..255, any size and dtype; the caller
 * keeps ownership. The region is cropped (center-crop), resized to the model input with bilinear
 * half-pixel centres, put in the channel order, then x = (p * scale + offset - mean[c]) / std[c].
 * Resizing first gives the same values as resizing last (every step is linear per pixel).
 */
export function preprocessPhoto(pixels: tf.Tensor3D, target: PreprocessTarget): PreprocessedPhoto {
  if (pixels.rank !== 3 || (pixels.shape[2] !== 3 && pixels.shape[2] !== 4)) {
    throw new Error(`Expected an H x W x 3 RGB image tensor, got shape [${pixels.shape.join(', ')}]`);
  }
  const [H, W] = target.inputSize;
  const p = normalizePreprocess(target.preprocess);
  const channels = target.channels ?? 3;
  const region = cropRegion(pixels.shape[0], pixels.shape[1], target.inputSize, p);
  const input = tf.tidy(() => {
    let rgb: tf.Tensor3D = tf.cast(pixels, 'float32');
    rgb = tf.slice(rgb, [region.y, region.x, 0], [region.height, region.width, 3]);
    const batch = tf.expandDims(rgb, 0) as tf.Tensor4D;
    const resized =
      batch.shape[1] === H && batch.shape[2] === W
        ? batch
        : tf.image.resizeBilinear(batch, [H, W], false, true);
    const gray = p.color === 'gray' || channels === 1;
    let x: tf.Tensor4D;
    if (gray) x = tf.sum(tf.mul(resized, tf.tensor1d(GRAY_WEIGHTS)), -1, true) as tf.Tensor4D;
    else if (p.color === 'bgr') x = tf.reverse(resized, -1);
    else x = resized;
    // Gray forced by a 1-channel model: one mean/std value (the first) for the one channel.
    const mean = gray ? [p.mean[0]] : p.mean;
    const std = gray ? [p.std[0]] : p.std;
    x = tf.add(tf.mul(x, p.scale), p.offset);
    if (mean.some((m) => m !== 0)) x = tf.sub(x, tf.tensor1d(mean));
    if (std.some((s) => s !== 1)) x = tf.div(x, tf.tensor1d(std));
    if (x.shape[3] !== channels) x = tf.tile(x, [1, 1, 1, channels]);
    return x;
  });
  return { input, region };
}

/** preprocessPhoto's input alone: a new [1, H, W, channels] float32 tensor. */
export function preprocessImage(pixels: tf.Tensor3D, target: PreprocessTarget): tf.Tensor4D {
  return preprocessPhoto(pixels, target).input;
}

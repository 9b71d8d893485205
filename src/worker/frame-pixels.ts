/** A camera or video frame as the model's input, in the worker (browser only; frame-rgb.ts). */
import * as tf from '@tensorflow/tfjs';
import type { ChannelAffine } from '../gradcam/preprocessing/affine';
import type { ImageInput } from '../gradcam/session';
import type { FrameSource } from './frame-protocol';
import { frameValues } from './frame-rgb';

/**
 * At `inputSize` ([h, w]): the model's input values where its preprocessing is one affine map per
 * channel (one JS pass, as the decode worker does: tfjs's channel reversal alone took 4.6 ms a frame
 * on wasm for ResNet50's BGR), else RGB int32 [h, w, 3] for the session to preprocess. Closes the frame.
 */
export async function frameToTensor(
  frame: FrameSource,
  inputSize: [number, number],
  affine: ChannelAffine | null,
): Promise<ImageInput> {
  const [h, w] = inputSize;
  const values = await frameValues(frame, inputSize, affine);
  if (values instanceof Float32Array) return { preprocessed: tf.tensor4d(values, [1, h, w, 3]) };
  return tf.tensor3d(values, [h, w, 3], 'int32');
}

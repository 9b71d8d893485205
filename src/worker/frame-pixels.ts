/** A camera or video frame as the model's RGB input tensor, in the worker (browser only; frame-rgb.ts). */
import * as tf from '@tensorflow/tfjs';
import type { FrameSource } from './frame-protocol';
import { frameRgb } from './frame-rgb';

/** RGB int32 [h, w, 3] at `inputSize` ([h, w]); closes the frame. */
export async function frameToTensor(frame: FrameSource, inputSize: [number, number]): Promise<tf.Tensor3D> {
  const [h, w] = inputSize;
  return tf.tensor3d(await frameRgb(frame, inputSize), [h, w, 3], 'int32');
}

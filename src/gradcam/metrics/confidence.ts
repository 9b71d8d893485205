/**
 * Average Drop and Increase in Confidence (Grad-CAM++ paper; pytorch-grad-cam's
 * CamMultImageConfidenceChange with ClassifierOutputSoftmaxTarget): the class's probability on the
 * input (y) and on input * map (o, the map applied to every channel).
 */
import * as tf from '@tensorflow/tfjs';
import type { LoadedModel } from '../model';
import { checkInput, checkMap, classProbabilities, type ForwardOptions } from './forward';

export interface ConfidenceChange {
  /** y: the class's probability on the input. */
  probability: number;
  /** o: the class's probability on input * map. */
  probabilityOnInputTimesMap: number;
  /** max(0, y - o): pytorch-grad-cam's DropInConfidence. */
  dropInConfidence: number;
  /** max(0, y - o) / y: the Grad-CAM++ paper's Average Drop for one image. */
  averageDrop: number;
  /** 1 if o > y, else 0. */
  increase: number;
}

export function confidenceFrom(y: number, o: number): ConfidenceChange {
  const drop = Math.max(0, y - o);
  return {
    probability: y,
    probabilityOnInputTimesMap: o,
    dropInConfidence: drop,
    averageDrop: y > 0 ? drop / y : 0,
    increase: o > y ? 1 : 0,
  };
}

export async function confidenceChange(
  model: LoadedModel,
  input: tf.Tensor4D,
  map: ArrayLike<number>,
  classIndex: number,
  opts: ForwardOptions = {},
): Promise<ConfidenceChange> {
  checkInput(model, input);
  const [h, w] = checkMap(model, map);
  const x = tf.clone(input);
  const m = tf.tensor4d(Float32Array.from(map), [1, h, w, 1]);
  try {
    const [y, o] = await classProbabilities(
      model,
      classIndex,
      2,
      (from, to) => tf.concat([x, tf.mul(x, m)]).slice(from, to - from) as tf.Tensor4D,
      opts,
    );
    return confidenceFrom(y, o);
  } finally {
    tf.dispose([x, m]);
  }
}

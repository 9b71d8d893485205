/** Batched class probabilities for many model inputs: softmax(pre-softmax logits)[class]. */
import * as tf from '@tensorflow/tfjs';
import { yieldAndCheck } from '../abort';
import type { LoadedModel } from '../model';

export interface ForwardOptions {
  signal?: AbortSignal;
  /** Images per forward pass (default 8). */
  batchSize?: number;
  /** Called after each batch with the number of images done so far. */
  onImages?: (done: number) => void;
}

export const DEFAULT_BATCH_SIZE = 8;

/** softmax(row)[index], in float64 (numerically stable). */
export function softmaxAt(row: ArrayLike<number>, index: number): number {
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < row.length; i++) if (row[i] > max) max = row[i];
  let sum = 0;
  for (let i = 0; i < row.length; i++) sum += Math.exp(row[i] - max);
  return Math.exp(row[index] - max) / sum;
}

/**
 * The class's probability on `count` inputs; `makeBatch(from, to)` builds inputs [from, to) as one
 * [to - from, H, W, 3] tensor (called inside tf.tidy, so it may create temporaries freely).
 */
export async function classProbabilities(
  model: LoadedModel,
  classIndex: number,
  count: number,
  makeBatch: (from: number, to: number) => tf.Tensor4D,
  opts: ForwardOptions = {},
): Promise<Float64Array> {
  const split = model.split(model.defaultLayer);
  const batchSize = Math.max(1, opts.batchSize ?? DEFAULT_BATCH_SIZE);
  const k = model.numClasses;
  const out = new Float64Array(count);
  for (let from = 0; from < count; from += batchSize) {
    await yieldAndCheck(opts.signal);
    const to = Math.min(count, from + batchSize);
    const logits = tf.tidy(() => split.forward(makeBatch(from, to)).logits);
    let data: Float32Array;
    try {
      data = (await logits.data()) as Float32Array;
    } finally {
      logits.dispose();
    }
    for (let i = 0; i < to - from; i++)
      out[from + i] = softmaxAt(data.subarray(i * k, (i + 1) * k), classIndex);
    opts.onImages?.(to);
  }
  return out;
}

/** Checks the map against the model input size and returns [H, W]. */
export function checkMap(model: LoadedModel, map: ArrayLike<number>): [number, number] {
  const [h, w] = model.inputSize;
  if (map.length !== h * w) throw new Error(`The map has ${map.length} values; the model input is ${h}x${w}`);
  return [h, w];
}

/** Checks a preprocessed [1, H, W, C] input; returns C. */
export function checkInput(model: LoadedModel, input: tf.Tensor4D): number {
  const [h, w] = model.inputSize;
  const s = input.shape;
  if (input.rank !== 4 || s[0] !== 1 || s[1] !== h || s[2] !== w)
    throw new Error(`Expected a preprocessed [1, ${h}, ${w}, channels] input, got [${s.join(', ')}]`);
  return s[3];
}

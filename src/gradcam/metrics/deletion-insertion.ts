/**
 * Deletion and insertion curves (RISE, Petsiuk et al. 2018): pixels ranked by the map (highest
 * first, ties by row-major index), removed or inserted in `steps` equal steps; the class's
 * probability after each step (step 0 included) and the trapezoid AUC over x = i / steps.
 */
import * as tf from '@tensorflow/tfjs';
import type { LoadedModel } from '../model';
import { gaussianBlur } from './blur';
import { checkInput, checkMap, classProbabilities, type ForwardOptions } from './forward';

export const DEFAULT_STEPS = 50;

export interface CurveOptions extends ForwardOptions {
  /** Number of steps (default 50): steps + 1 points. */
  steps?: number;
  /** Called with a fraction in [0, 1]. */
  onProgress?: (fraction: number) => void;
}

export interface Curve {
  /** Pixels replaced after each step (steps + 1 values, the first 0). */
  pixelsRemoved: number[];
  /** The class's probability after each step. */
  probabilities: number[];
  auc: number;
}

export interface DeletionInsertion {
  steps: number;
  pixelsPerStep: number;
  deletion: Curve;
  insertion: Curve;
}

/** Pixel order: a stable sort of -map (highest first, ties by lower index). */
export function pixelOrder(map: ArrayLike<number>): Uint32Array {
  const order = new Uint32Array(map.length);
  for (let i = 0; i < order.length; i++) order[i] = i;
  order.sort((a, b) => map[b] - map[a] || a - b);
  return order;
}

/** Trapezoid rule over x = i / (n - 1): (sum - (first + last) / 2) / (n - 1). */
export function trapezoidAuc(values: ArrayLike<number>): number {
  const n = values.length;
  if (n < 2) return 0;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += values[i];
  return (sum - (values[0] + values[n - 1]) / 2) / (n - 1);
}

export function removalSchedule(pixels: number, steps: number): { perStep: number; removed: number[] } {
  if (!Number.isInteger(steps) || steps < 1) throw new Error(`steps must be an integer >= 1, got ${steps}`);
  const perStep = Math.ceil(pixels / steps);
  return { perStep, removed: Array.from({ length: steps + 1 }, (_, i) => Math.min(i * perStep, pixels)) };
}

/**
 * Both curves for `map` (H*W, the final map) on the preprocessed `input` [1, H, W, 3] (not disposed).
 * Deletion sets the removed pixels to 0; insertion starts from the blurred input and puts them back.
 */
export async function deletionInsertion(
  model: LoadedModel,
  input: tf.Tensor4D,
  map: ArrayLike<number>,
  classIndex: number,
  opts: CurveOptions = {},
): Promise<DeletionInsertion> {
  const c = checkInput(model, input);
  const [h, w] = checkMap(model, map);
  const steps = opts.steps ?? DEFAULT_STEPS;
  const { perStep, removed } = removalSchedule(h * w, steps);
  const order = pixelOrder(map);
  const rank = new Float32Array(h * w); // exact up to 2^24 pixels
  for (let r = 0; r < order.length; r++) rank[order[r]] = r;
  const points = steps + 1;
  const total = 2 * points;
  const x = tf.clone(input); // ours: the caller may dispose `input` while we await
  const ranks = tf.tensor4d(rank, [1, h, w, 1]);
  let base: tf.Tensor4D | undefined;
  try {
    base = tf.tensor4d(gaussianBlur((await x.data()) as Float32Array, h, w, c), [1, h, w, c]);
    const blurred = base;
    // Images 0..points-1 are deletion steps, points..2*points-1 insertion steps.
    const probs = await classProbabilities(
      model,
      classIndex,
      total,
      (from, to) => {
        const thresholds = Array.from({ length: to - from }, (_, i) => removed[(from + i) % points]);
        const isInsertion = Array.from({ length: to - from }, (_, i) => (from + i >= points ? 1 : 0));
        const gone = tf.cast(tf.less(ranks, tf.tensor4d(thresholds, [to - from, 1, 1, 1])), 'float32');
        const ins = tf.tensor4d(isInsertion, [to - from, 1, 1, 1]);
        const deleted = tf.mul(x, tf.sub(1, gone));
        const inserted = tf.add(blurred, tf.mul(gone, tf.sub(x, blurred)));
        return tf.add(tf.mul(deleted, tf.sub(1, ins)), tf.mul(inserted, ins)) as tf.Tensor4D;
      },
      { ...opts, onImages: (done) => opts.onProgress?.(done / total) },
    );
    const curve = (offset: number): Curve => {
      const probabilities = Array.from(probs.subarray(offset, offset + points));
      return { pixelsRemoved: removed, probabilities, auc: trapezoidAuc(probabilities) };
    };
    return { steps, pixelsPerStep: perStep, deletion: curve(0), insertion: curve(points) };
  } finally {
    tf.dispose([x, ranks]);
    base?.dispose();
  }
}

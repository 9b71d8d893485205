/**
 * ROAD (Rong et al. 2022; pytorch-grad-cam's ROADMostRelevantFirst / ROADLeastRelevantFirst /
 * ROADCombined) with the linear imputer's noise off: at each percentile p, MoRF keeps the pixels
 * with map < percentile(map, p) and LeRF those with (1 - map) < percentile(1 - map, p); the rest is
 * imputed; each term is the class's probability after imputation minus the probability on the
 * input. ROAD = (mean LeRF - mean MoRF) / 2.
 */
import * as tf from '@tensorflow/tfjs';
import { yieldAndCheck } from '../abort';
import type { LoadedModel } from '../model';
import { checkInput, checkMap, classProbabilities, type ForwardOptions } from './forward';
import { imputeLinear } from './linear-imputer';

export const ROAD_PERCENTILES: readonly number[] = [10, 20, 30, 40, 50, 60, 70, 80, 90];

export interface RoadOptions extends ForwardOptions {
  percentiles?: readonly number[];
  onProgress?: (fraction: number) => void;
}

export interface RoadResult {
  road: number;
  percentiles: number[];
  /** Probability after imputation minus the probability on the input, per percentile. */
  morf: number[];
  lerf: number[];
  morfMean: number;
  lerfMean: number;
}

/** numpy.percentile(values, p) with linear interpolation, rounded to float32. */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  const pos = (p / 100) * (n - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(lo + 1, n - 1);
  const t = pos - lo;
  const a = sorted[lo];
  const b = sorted[hi];
  return Math.fround(t >= 0.5 ? b - (b - a) * (1 - t) : a + (b - a) * t);
}

/** The "keep" masks: MoRF then LeRF, one per percentile. */
export function roadMasks(map: ArrayLike<number>, percentiles: readonly number[]): Uint8Array[] {
  const values = Float32Array.from(map);
  const inverse = values.map((v) => Math.fround(1 - v));
  const sortedValues = Float32Array.from(values).sort();
  const sortedInverse = Float32Array.from(inverse).sort();
  const masks: Uint8Array[] = [];
  for (const [v, sorted] of [
    [values, sortedValues],
    [inverse, sortedInverse],
  ] as const) {
    for (const p of percentiles) {
      const cut = percentile(sorted, p);
      masks.push(Uint8Array.from(v, (x) => (x < cut ? 1 : 0)));
    }
  }
  return masks;
}

const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;

export async function roadCombined(
  model: LoadedModel,
  input: tf.Tensor4D,
  map: ArrayLike<number>,
  classIndex: number,
  opts: RoadOptions = {},
): Promise<RoadResult> {
  const c = checkInput(model, input);
  const [h, w] = checkMap(model, map);
  const percentiles = [...(opts.percentiles ?? ROAD_PERCENTILES)];
  const masks = roadMasks(map, percentiles);
  const x = tf.clone(input);
  const images: Float32Array[] = [];
  try {
    const pixels = (await x.data()) as Float32Array;
    // Imputation dominates on small models: it is most of the progress bar.
    const total = masks.length * 2 + 1;
    for (const keep of masks) {
      await yieldAndCheck(opts.signal);
      images.push(imputeLinear(pixels, keep, h, w, c).image);
      opts.onProgress?.((images.length * 2) / total);
    }
    const plane = h * w * c;
    const probs = await classProbabilities(
      model,
      classIndex,
      masks.length + 1,
      (from, to) => {
        const batch = new Float32Array((to - from) * plane);
        for (let i = from; i < to; i++) batch.set(i === 0 ? pixels : images[i - 1], (i - from) * plane);
        return tf.tensor4d(batch, [to - from, h, w, c]);
      },
      {
        ...opts,
        onImages: (done) => opts.onProgress?.((masks.length * 2 + done / (masks.length + 1)) / total),
      },
    );
    const y = probs[0];
    const diffs = Array.from(probs.subarray(1), (p) => p - y);
    const morf = diffs.slice(0, percentiles.length);
    const lerf = diffs.slice(percentiles.length);
    const morfMean = mean(morf);
    const lerfMean = mean(lerf);
    return { road: (lerfMean - morfMean) / 2, percentiles, morf, lerf, morfMean, lerfMean };
  } finally {
    x.dispose();
  }
}

/**
 * Compare methods: every fast method's map for one class, each with its faithfulness metrics,
 * sorted by a chosen metric. One map and one metrics run at a time (progress over the whole table).
 */
import type * as tf from '@tensorflow/tfjs';
import { isSlowMethod, METHODS, type MethodName } from '../methods/registry';
import type { GradCamSession } from '../session';
import { type FaithfulnessMetrics, type FaithfulnessOptions, faithfulnessMetrics } from './faithfulness';

export type SortMetric = 'deletionAuc' | 'insertionAuc' | 'averageDrop' | 'road';

/** Which way is better for each metric: lower deletion AUC and drop, higher insertion AUC and ROAD. */
export const METRIC_BETTER: Record<SortMetric, 'lower' | 'higher'> = {
  deletionAuc: 'lower',
  insertionAuc: 'higher',
  averageDrop: 'lower',
  road: 'higher',
};

export interface CompareRow {
  method: MethodName;
  metrics: FaithfulnessMetrics;
  /** The method's map at layer resolution (thumbnail), h x w. */
  lowRes: Float32Array;
  height: number;
  width: number;
}

export const fastMethods = (): MethodName[] => METHODS.filter((m) => !isSlowMethod(m));

/** Best first by `metric` (ties keep the methods' order; missing values last). */
export function sortRows<T extends { method: MethodName; metrics: Pick<FaithfulnessMetrics, SortMetric> }>(
  rows: readonly T[],
  metric: SortMetric,
): T[] {
  const sign = METRIC_BETTER[metric] === 'lower' ? 1 : -1;
  const value = (r: T) => r.metrics[metric] ?? Number.NaN;
  return [...rows].sort((a, b) => {
    const va = value(a);
    const vb = value(b);
    if (Number.isNaN(va) || Number.isNaN(vb)) return Number.isNaN(va) ? (Number.isNaN(vb) ? 0 : 1) : -1;
    return sign * (va - vb);
  });
}

/**
 * Each method's map (from the session's analysed image) and metrics on `input`, the same image
 * preprocessed (not disposed here).
 */
export async function compareMethods(
  session: GradCamSession,
  input: tf.Tensor4D,
  classIndex: number,
  opts: FaithfulnessOptions & { methods?: readonly MethodName[]; sortBy?: SortMetric } = {},
): Promise<CompareRow[]> {
  const methods = opts.methods ?? fastMethods();
  const rows: CompareRow[] = [];
  for (const [i, method] of methods.entries()) {
    const cam = await session.heatmap(classIndex, method, { signal: opts.signal });
    const metrics = await faithfulnessMetrics(session.model, input, cam.heatmap, classIndex, {
      ...opts,
      onProgress: (f) => opts.onProgress?.((i + f) / methods.length),
    });
    rows.push({ method, metrics, lowRes: cam.lowRes, height: cam.layerShape[0], width: cam.layerShape[1] });
  }
  return sortRows(rows, opts.sortBy ?? 'deletionAuc');
}

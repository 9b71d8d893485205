/**
 * Compare methods: every fast method's map for one class, each with its faithfulness metrics,
 * sorted by a chosen metric. One map and one metrics run at a time (progress over the whole table).
 */
import type * as tf from '@tensorflow/tfjs';
import { isSlowMethod, METHODS, type MethodName } from '../methods/registry';
import type { GradCamSession } from '../session';
import { type FaithfulnessMetrics, type FaithfulnessOptions, faithfulnessMetrics } from './faithfulness';
import { type SortMetric, sortRows } from './sort';

export { METRIC_BETTER, type SortMetric, sortRows } from './sort';

export interface CompareRow {
  method: MethodName;
  metrics: FaithfulnessMetrics;
  /** The method's map at layer resolution (thumbnail), h x w. */
  lowRes: Float32Array;
  height: number;
  width: number;
}

export const fastMethods = (): MethodName[] => METHODS.filter((m) => !isSlowMethod(m));

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

/** The compare table's sort (tfjs-free, so the page sorts its rows with the engine's own order). */
import type { MethodName } from '../methods/registry';

export type SortMetric = 'deletionAuc' | 'insertionAuc' | 'averageDrop' | 'road';

/** Which way is better for each metric: lower deletion AUC and drop, higher insertion AUC and ROAD. */
export const METRIC_BETTER: Record<SortMetric, 'lower' | 'higher'> = {
  deletionAuc: 'lower',
  insertionAuc: 'higher',
  averageDrop: 'lower',
  road: 'higher',
};

/** Best first by `metric` (ties keep the methods' order; missing values last). */
export function sortRows<T extends { method: MethodName; metrics: { [K in SortMetric]: number | null } }>(
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

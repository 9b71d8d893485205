/**
 * The Metrics panel's table: every map measured for the current class and layer (compare methods'
 * rows, plus the current method's own metrics run), sorted by the chosen metric. Memoised on its
 * inputs so that React selectors get the same array back.
 */
import { sortRows } from '../../gradcam/metrics/sort';
import type { MethodName } from '../../gradcam/types';
import type { HeatMap } from '../../render/draw-heatmap';
import type { AppState } from '../../state/store';
import { currentTrust } from '../../state/trust';
import type { MetricsSummary } from '../../worker/trust-protocol';
import { toHeatMap } from '../heatmap-of';

export interface MeasuredRow {
  method: MethodName;
  metrics: MetricsSummary;
  /** The method's map at layer resolution (the thumbnail). */
  map: HeatMap;
}

const heatMaps = new WeakMap<Float32Array, HeatMap>();
function heatMap(lowRes: Float32Array, width: number, height: number): HeatMap {
  let map = heatMaps.get(lowRes);
  if (!map) {
    map = { width, height, values: lowRes };
    heatMaps.set(lowRes, map);
  }
  return map;
}

let memo: { inputs: unknown[]; rows: MeasuredRow[] } | null = null;

export function measuredRows(s: AppState): MeasuredRow[] {
  const compare = currentTrust(s, 'compare');
  const metrics = currentTrust(s, 'metrics');
  const inputs = [compare, metrics, s.map, s.compareSort];
  if (memo?.inputs.every((v, i) => Object.is(v, inputs[i]))) return memo.rows;
  const rows: MeasuredRow[] = (compare?.rows ?? []).map((r) => ({
    method: r.method,
    metrics: r.metrics,
    map: heatMap(r.lowRes, r.width, r.height),
  }));
  if (metrics && s.map && s.map.method === metrics.method && !rows.some((r) => r.method === metrics.method))
    rows.push({ method: metrics.method, metrics, map: toHeatMap(s.map) });
  const sorted = sortRows(rows, s.compareSort);
  memo = { inputs, rows: sorted };
  return sorted;
}

/** The metrics of the map on the stage (its method and class), once measured. */
export function shownMetrics(s: AppState): MetricsSummary | null {
  const map = s.map;
  if (!map) return null;
  const row = measuredRows(s).find((r) => r.method === map.method);
  return row && row.metrics.classIndex === map.classIndex && row.metrics.layer === map.layer
    ? row.metrics
    : null;
}

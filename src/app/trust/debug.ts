/** gradcamDebug.last().metrics: the metrics of the map on the stage, once computed. */
import type { AppState } from '../../state/store';
import { currentTrust } from '../../state/trust';
import type { MetricsSummary } from '../../worker/trust-protocol';

export function debugMetrics(s: AppState): { metrics?: MetricsSummary } {
  const m = currentTrust(s, 'metrics');
  if (!m || !s.map || m.method !== s.map.method || m.classIndex !== s.map.classIndex) return {};
  const { key: _key, ...metrics } = m;
  return { metrics };
}

/** gradcamDebug.last().metrics: the metrics of the map on the stage, once computed. */
import type { AppState } from '../../state/store';
import type { MetricsSummary } from '../../worker/trust-protocol';
import { shownMetrics } from './rows';

export function debugMetrics(s: AppState): { metrics?: MetricsSummary } {
  const metrics = shownMetrics(s);
  return metrics ? { metrics } : {};
}

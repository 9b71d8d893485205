/**
 * The worker calls of the trust-and-localise features (metrics, compare methods, sanity check):
 * one `trust(request)` call on the engine, typed here so the page never imports tfjs.
 */

import type { MethodName } from '../gradcam/methods/registry';
import type { MetricNumbers } from '../gradcam/metrics/faithfulness';
import type { SortMetric } from '../gradcam/metrics/sort';

interface TrustBase {
  layer: string;
  classIndex: number;
  maxChannels?: number;
}

export type TrustRequest =
  | (TrustBase & { kind: 'metrics'; method: MethodName; steps?: number })
  | (TrustBase & { kind: 'compare'; methods?: MethodName[]; sortBy?: SortMetric; steps?: number })
  | (TrustBase & { kind: 'sanity'; method: MethodName; seed?: number });

/** The metrics of one map, as plain numbers (the CLI's `metrics` fields plus the probability). */
export interface MetricsSummary extends MetricNumbers {
  classIndex: number;
  method: MethodName;
  layer: string;
  steps: number;
  probability: number;
}

export interface CompareRowResult {
  method: MethodName;
  metrics: MetricsSummary;
  lowRes: Float32Array;
  width: number;
  height: number;
}

export interface SanitySummary {
  method: MethodName;
  layer: string;
  classIndex: number;
  blocks: number;
  correlations: number[];
  /** Layers randomised at each step (step 0: none). */
  layers: string[][];
  halfwayCorrelation: number;
  halfwayStep: number;
  passed: boolean;
  verdict: string;
}

export type TrustResult =
  | { kind: 'metrics'; metrics: MetricsSummary }
  | { kind: 'compare'; rows: CompareRowResult[] }
  | { kind: 'sanity'; sanity: SanitySummary };

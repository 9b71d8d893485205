import type { StateCreator } from 'zustand';
import type { SortMetric } from '../../gradcam/metrics/sort';
import type { CompareRowResult, MetricsSummary, SanitySummary } from '../../worker/trust-protocol';
import type { AppState } from '../store';

export type TrustKind = 'metrics' | 'compare' | 'sanity';

/** A trust computation the user asked for, keyed by what it is computed on (src/state/trust.ts). */
export interface TrustWant {
  kind: TrustKind;
  key: string;
}

/** A box in photo pixels (COCO-style x, y, w, h). */
export interface PhotoRect {
  x: number;
  y: number;
  w: number;
  h: number;
}

/**
 * Trust and localise: what the user asked for (metrics, compare methods, the sanity check; the
 * boxes' toggle and threshold; a box they drew) and what the engine computed, each result keyed.
 */
export interface TrustSlice {
  /** Wanted, oldest first (at most one per kind); the trust stage runs them in turn. */
  trustQueue: TrustWant[];
  /** A trust computation the user cancelled: not restarted until asked again. */
  trustCancelled: string | null;
  /** Progress of the running trust job in [0, 1]. */
  trustProgress: { key: string; kind: TrustKind; fraction: number } | null;
  metrics: (MetricsSummary & { key: string }) | null;
  compare: { key: string; rows: CompareRowResult[] } | null;
  sanity: (SanitySummary & { key: string }) | null;
  /** The compare table's sort column. */
  compareSort: SortMetric;
  showBoxes: boolean;
  /** Percent of the map's maximum. */
  boxThreshold: number;
  /** A box the user drew (photo pixels) on the image with this token, scored against the map's box. */
  userBox: (PhotoRect & { token: number }) | null;
}

export const DEFAULT_BOX_THRESHOLD_PERCENT = 15;

export const createTrustSlice: StateCreator<AppState, [], [], TrustSlice> = () => ({
  trustQueue: [],
  trustCancelled: null,
  trustProgress: null,
  metrics: null,
  compare: null,
  sanity: null,
  compareSort: 'deletionAuc',
  showBoxes: false,
  boxThreshold: DEFAULT_BOX_THRESHOLD_PERCENT,
  userBox: null,
});

/** All faithfulness metrics of one map in one call: deletion/insertion, confidence change, ROAD. */
import type * as tf from '@tensorflow/tfjs';
import type { LoadedModel } from '../model';
import { type ConfidenceChange, confidenceChange } from './confidence';
import { type CurveOptions, deletionInsertion } from './deletion-insertion';
import { type RoadResult, roadCombined } from './road';

export interface FaithfulnessOptions extends CurveOptions {
  /** Skip ROAD (the slowest part: 18 linear systems), e.g. for quick tables. */
  road?: boolean;
}

/** The metrics as the command line and the page report them (field names are the test contract). */
export interface FaithfulnessMetrics {
  classIndex: number;
  steps: number;
  deletionAuc: number;
  insertionAuc: number;
  deletionCurve: number[];
  insertionCurve: number[];
  averageDrop: number;
  increase: number;
  /** ROAD (noise off), or null when skipped. */
  road: number | null;
  confidence: ConfidenceChange;
  roadDetail: RoadResult | null;
}

/** The metrics' plain numbers: the command line's `metrics` fields (the page's summary adds its context). */
export type MetricNumbers = Pick<
  FaithfulnessMetrics,
  'deletionAuc' | 'insertionAuc' | 'deletionCurve' | 'insertionCurve' | 'averageDrop' | 'increase' | 'road'
>;

export function metricNumbers(m: FaithfulnessMetrics): MetricNumbers {
  return {
    deletionAuc: m.deletionAuc,
    insertionAuc: m.insertionAuc,
    deletionCurve: m.deletionCurve,
    insertionCurve: m.insertionCurve,
    averageDrop: m.averageDrop,
    increase: m.increase,
    road: m.road,
  };
}

export async function faithfulnessMetrics(
  model: LoadedModel,
  input: tf.Tensor4D,
  map: ArrayLike<number>,
  classIndex: number,
  opts: FaithfulnessOptions = {},
): Promise<FaithfulnessMetrics> {
  const withRoad = opts.road ?? true;
  // Rough shares of the work: curves (102 forward passes), confidence (2), ROAD (18 solves + 19 passes).
  const [wCurves, wConf] = withRoad ? [0.45, 0.05] : [0.95, 0.05];
  const stage = (offset: number, weight: number) => (f: number) => opts.onProgress?.(offset + weight * f);
  const curves = await deletionInsertion(model, input, map, classIndex, {
    ...opts,
    onProgress: stage(0, wCurves),
  });
  const confidence = await confidenceChange(model, input, map, classIndex, opts);
  stage(wCurves, wConf)(1);
  const roadDetail = withRoad
    ? await roadCombined(model, input, map, classIndex, { ...opts, onProgress: stage(wCurves + wConf, 0.5) })
    : null;
  opts.onProgress?.(1);
  return {
    classIndex,
    steps: curves.steps,
    deletionAuc: curves.deletion.auc,
    insertionAuc: curves.insertion.auc,
    deletionCurve: curves.deletion.probabilities,
    insertionCurve: curves.insertion.probabilities,
    averageDrop: confidence.averageDrop,
    increase: confidence.increase,
    road: roadDetail ? roadDetail.road : null,
    confidence,
    roadDetail,
  };
}

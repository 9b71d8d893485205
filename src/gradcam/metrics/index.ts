/** Trust and localisation: faithfulness metrics, the randomisation sanity check, boxes from the map. */
export { gaussianBlur, gaussianTaps } from './blur';
export {
  type BoxOptions,
  boxToPhoto,
  type Component,
  DEFAULT_BOX_THRESHOLD,
  iou,
  mapBoxes,
  mapComponents,
  mapPeak,
  type PhotoFrame,
  pointingGame,
  type Rect,
  roundOut,
} from './boxes';
export {
  type CompareRow,
  compareMethods,
  fastMethods,
  METRIC_BETTER,
  type SortMetric,
  sortRows,
} from './compare';
export { type ConfidenceChange, confidenceChange, confidenceFrom } from './confidence';
export {
  type Curve,
  type CurveOptions,
  DEFAULT_STEPS,
  type DeletionInsertion,
  deletionInsertion,
  pixelOrder,
  removalSchedule,
  trapezoidAuc,
} from './deletion-insertion';
export {
  type FaithfulnessMetrics,
  type FaithfulnessOptions,
  faithfulnessMetrics,
  type MetricNumbers,
  metricNumbers,
} from './faithfulness';
export { finalMapFromLowRes, resizeBilinearHalfPixel } from './final-map';
export { classProbabilities, type ForwardOptions, softmaxAt } from './forward';
export { type ImputeOptions, imputeLinear } from './linear-imputer';
export { weightsChecksum } from './randomize';
export { averageRanks, pearsonCorrelation, spearman } from './rank-correlation';
export {
  percentile,
  ROAD_PERCENTILES,
  type RoadOptions,
  type RoadResult,
  roadCombined,
  roadMasks,
} from './road';
export {
  cascadingRandomization,
  SANITY_THRESHOLD,
  type SanityOptions,
  type SanityResult,
  type SanityStep,
  sanityVerdict,
} from './sanity';

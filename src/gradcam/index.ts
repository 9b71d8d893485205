/** Grad-CAM Studio's framework-free engine: load a model, analyse an image once, explain any class. */
export { abortError, isAbortError, throwIfAborted } from './abort';
export { CATALOGUE, type CatalogueEntry, DEFAULT_MODEL_ID, findCatalogueEntry } from './catalogue';
export { explainFrame, type FrameOptions, type FrameResult } from './frame';
export { deprocessImage, guidedGradCam } from './guided';
export { classGradients } from './head-gradients';
export {
  binaryLabels,
  detectHead,
  type HeadInfo,
  headProbabilities,
  headScores,
  isTask,
  TASKS,
} from './heads';
export { DARKNET_TO_IMAGENET, IMAGENET_LABELS, resolveLabels, shortLabel } from './labels';
export { detectFormat, expectedWeightBytes, type LoadOptions, loadModel } from './load-model';
export { softmax } from './math';
export {
  type DetectableField,
  type DetectedMeta,
  isTeachableMachineMetadata,
  type MetadataFinding,
  type MetaSources,
  mergeMetadata,
  parseLabelsFile,
  readSidecarJson,
  readTeachableMachineMetadata,
  readUserDefinedMetadata,
} from './metadata';
export {
  eigenCam,
  GRADIENT_METHODS,
  type GradientMethod,
  gradientCam,
  isGradientMethod,
  isMethodName,
  isSlowMethod,
  METHOD_INFO,
  type MethodInfo,
  type MethodKind,
  methodLabel,
  thumbnailMethod,
} from './methods';
export * from './metrics/index';
export type { LoadedModel, Split } from './model';
export { multiplyAdds } from './model-cost';
export { type ModelDetails, modelDetails } from './model-details';
export {
  fetchLabels,
  fetchUrlMetadata,
  type NamedBlob,
  type SortedModelFiles,
  sortModelFiles,
} from './model-files';
export { type CamMaps, finishCams, MINMAX_EPS, minMaxMaps, normalizeCam } from './normalize';
export {
  type PreprocessedPhoto,
  type PreprocessTarget,
  preprocessImage,
  preprocessPhoto,
} from './preprocess';
export { type CropRegion, cropRegion, isWholeImage } from './preprocessing/geometry';
export { describePreprocess, PREPROCESS_PRESETS, type PreprocessPreset } from './preprocessing/preset-labels';
export {
  type FullPreprocess,
  inputToPixel,
  isPresetId,
  normalizePreprocess,
  PRESET_IDS,
  PRESET_VALUES,
  type PreprocessChoice,
  type PresetId,
  parsePreprocess,
  preprocessProblems,
  preprocessToParam,
  presetIdOf,
  presetValue,
  samePreprocess,
  validatePreprocess,
} from './preprocessing/presets';
export {
  type AnalyzeOptions,
  type AnalyzeResult,
  createSession,
  type GradCamSession,
  type ImageInput,
  topKPredictions,
} from './session';
export {
  FINER_ALPHA,
  FINER_COMPARISONS,
  finerComparisons,
  SCORE_TARGETS,
} from './targets';
export * from './types';

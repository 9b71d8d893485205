/** Grad-CAM Studio's framework-free engine: load a model, analyse an image once, explain any class. */
export { abortError, isAbortError, throwIfAborted } from './abort';
export { CATALOGUE, type CatalogueEntry, DEFAULT_MODEL_ID, findCatalogueEntry } from './catalogue';
export { deprocessImage, guidedGradCam } from './guided';
export { classGradients } from './head-gradients';
export { DARKNET_TO_IMAGENET, IMAGENET_LABELS, resolveLabels, shortLabel } from './labels';
export { detectFormat, expectedWeightBytes, type LoadOptions, loadModel } from './load-model';
export { softmax } from './math';
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
export { type CamMaps, finishCams, MINMAX_EPS, minMaxMaps, normalizeCam } from './normalize';
export { preprocessImage } from './preprocess';
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

/** Public types of the framework-free Grad-CAM core. No DOM, no React. */

import type { MethodName } from './methods/registry';
import type { ScoreTarget, TargetKind } from './targets';

export { METHODS, type MethodName } from './methods/registry';
export type { ScoreTarget, TargetKind } from './targets';

/** Channel order of the model input: RGB, BGR, or one gray channel (0.299 R + 0.587 G + 0.114 B). */
export type ColorOrder = 'rgb' | 'bgr' | 'gray';

/**
 * How a photo (pixels p in 0..255) becomes model input, as data: the channels are put in `color`
 * order, then per channel `x = (p * scale + offset - mean[c]) / std[c]`, and the photo is fitted to
 * the model input by `resize` (the presets, validation and crop geometry: ./preprocessing/).
 * `{ scale, offset }` alone is RGB, stretched.
 */
export interface Preprocess {
  color?: ColorOrder;
  scale: number;
  offset: number;
  /** Per channel (in `color` order), or one value for all; default 0. */
  mean?: readonly number[];
  /** Per channel (in `color` order), or one value for all; default 1. */
  std?: readonly number[];
  /** stretch (default): the whole photo; center-crop: the largest centred region with the input's aspect ratio. */
  resize?: 'stretch' | 'center-crop';
  /** center-crop only: the fraction of that region kept (0.875 = torchvision Resize(256)+CenterCrop(224)); default 1. */
  cropFraction?: number;
}

/**
 * multiclass: one class per image (softmax, or logits whose probabilities are their softmax);
 * binary: one sigmoid unit, shown as two classes; multilabel: independent sigmoid per class.
 */
export type Task = 'multiclass' | 'binary' | 'multilabel';

/**
 * Label sets: 'imagenet' = the 1000 standard labels in standard order; 'darknet' = the same labels
 * in Darknet's output order; 'imagenet-background' = 1001 outputs, index 0 = background.
 * Or an explicit list in the model's own output order.
 */
export type LabelSource = 'imagenet' | 'darknet' | 'imagenet-background' | readonly string[];

/** What the engine needs to know about a model beyond its weights. */
export interface ModelMeta {
  id: string;
  format: 'layers' | 'graph';
  /** [height, width] of the model input. */
  inputSize: [number, number];
  preprocess: Preprocess;
  labels: LabelSource;
  /** Layer (LayersModel) whose output is the pre-softmax score; inferred when absent. */
  logitsLayer?: string;
  /** Target layer used when the caller names none; inferred (last conv layer) when absent. */
  defaultLayer?: string;
  /** The head's task; detected from the model's last activation and output size when absent. */
  task?: Task;
}

export interface LayerInfo {
  name: string;
  /** [h, w, C] of the layer's output for one image. */
  shape: [number, number, number];
}

export interface Prediction {
  /** Index in the model's own output order. */
  index: number;
  label: string;
  probability: number;
  /** Pre-softmax logit. */
  score: number;
}

export interface CamOptions {
  signal?: AbortSignal;
  /** Called with a fraction in [0, 1] by long methods (Score-CAM, Ablation-CAM). */
  onProgress?: (fraction: number) => void;
  /** Score-CAM: use at most this many channels (highest variance first). */
  maxChannels?: number;
  /** false: the H*W map is not read back (CamResult.heatmap is then empty); for callers that draw lowRes. */
  inputSizeMap?: boolean;
  /**
   * Several target layers at once: each layer's map resized to the input and min-maxed, the maps
   * averaged and min-maxed again (pytorch-grad-cam's aggregate_multi_layers). Default: the session's layer.
   */
  layers?: readonly string[];
  /** Test-time augmentation: the mean of the final maps over hflip x brightness (0.9, 1, 1.1) of the input. */
  augSmooth?: boolean;
  /** The first principal component of the per-channel terms instead of their sum (methods where it applies). */
  eigenSmooth?: boolean;
  /**
   * What class-dependent methods score: the pre-softmax logit (default) or the probability (the
   * head's: softmax, or sigmoid for binary and multilabel heads; targets.ts).
   */
  target?: ScoreTarget;
  /** "Why this class and not that one?": the score becomes logit[class] - logit[versus]. */
  versus?: number | null;
}

/** The options a map was actually computed with (what applied to its method). */
export interface AppliedCamOptions {
  /** The target layers, in the model's order (the first one's maps are CamResult.raw / lowRes). */
  layers: string[];
  augSmooth: boolean;
  eigenSmooth: boolean;
  /** What was differentiated or scored; null for class-agnostic methods (Eigen-CAM, KPCA-CAM, FEM, Random-CAM). */
  target: TargetKind | null;
  versus: number | null;
}

export interface CamResult {
  classIndex: number;
  method: MethodName;
  layer: string;
  /** [h, w, C] of the target layer. */
  layerShape: [number, number, number];
  /** The class's pre-softmax score for the analysed image. */
  score: number;
  /** h*w, row-major: the map after ReLU, before any normalisation. */
  raw: Float32Array;
  /** h*w, row-major: min-max normalised at layer resolution, in [0, 1]. */
  lowRes: Float32Array;
  /** H*W (model input size), row-major: the final map in [0, 1]. */
  heatmap: Float32Array;
  /** Per-channel weights where the method has them (length C). */
  channelWeights?: Float32Array;
  /** Which tfjs backend computed the map (may differ from the session's if a kernel was missing). */
  backend: string;
  /** The options in force. */
  options: AppliedCamOptions;
  /** The value of the target (options.target) for this class on the image; null for class-agnostic methods. */
  targetValue: number | null;
  timingsMs: { cam: number };
}

/** Guided Backpropagation of one class: the raw input gradient. */
export interface GuidedResult {
  classIndex: number;
  /** H*W*C (the input's layout and channel order), d score[class] / d input with the guided rule. */
  gradient: Float32Array;
  /** [H, W] of the model input. */
  size: [number, number];
  /** C: the model input's channels (3, or 1 for a gray model). */
  channels: number;
  backend: string;
  timingsMs: { guided: number };
}

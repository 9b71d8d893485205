/** Public types of the framework-free Grad-CAM core. No DOM, no React. */

import type { MethodName } from './methods/registry';

export { METHODS, type MethodName } from './methods/registry';

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
  timingsMs: { cam: number };
}

/** The LoadedModel and Split interfaces (model.ts implements them for LayersModels and GraphModels). */
import type * as tf from '@tensorflow/tfjs';
import type { MetaSources } from './metadata';
import type { LayerInfo, ModelMeta, Preprocess, Task } from './types';

/** The forward/backward pieces for one target layer. Tensors returned are owned by the caller. */
export interface Split {
  readonly layer: LayerInfo;
  /** Full model: input [N, H, W, channels] -> A [N, h, w, C], scores [N, K], extras the head needs. */
  forward(x: tf.Tensor4D): { activation: tf.Tensor4D; logits: tf.Tensor2D; extras: tf.Tensor[] };
  /** Head only: A [B, h, w, C] (+ the extras of a 1-image forward) -> logits [B, K]. Differentiable. */
  head(activation: tf.Tensor4D, extras: readonly tf.Tensor[]): tf.Tensor2D;
  /**
   * Where the head ends in a class projection (see head-slicing.ts): the same scores for `classes`
   * only, [B, k] with column j = class classes[j], computing k of the projection's columns.
   */
  classHead?(activation: tf.Tensor4D, extras: readonly tf.Tensor[], classes: readonly number[]): tf.Tensor2D;
  /** The class projection classHead slices (a layer or node name), when it exists. */
  readonly projection?: string;
  dispose(): void;
}

export interface LoadedModel {
  /** The metadata in force (inputSize and format corrected from the model itself). */
  readonly meta: ModelMeta;
  readonly format: 'layers' | 'graph';
  /** Labels in the model's output order (length numClasses). */
  readonly labels: string[];
  readonly numClasses: number;
  /** Every candidate target layer (4-D output, h, w > 1, feeding the scores), in graph order. */
  readonly layers: LayerInfo[];
  readonly defaultLayer: string;
  readonly inputSize: [number, number];
  /** Channels of the model input: 3 (colour) or 1 (gray). */
  readonly channels: 1 | 3;
  /** True when the model leaves its input size open: setInputSize() may change it. */
  readonly dynamicSize: boolean;
  /** What the output means (heads.ts): scores and probabilities follow it. */
  readonly task: Task;
  /** How the task and the probabilities were decided, for people. */
  readonly headNote: string;
  /** Where labels, preprocessing, input size and task came from (set by loadModel). */
  sources: MetaSources;
  /** How the pre-softmax score was found (e.g. "bypassed softmax layer 'act_softmax'"). */
  readonly logitsNote: string;
  /** Another preprocessing for the next analyze() (validated; the weights and splits stay). */
  setPreprocess(preprocess: Preprocess): void;
  /** Dynamic-size models only: rebuilds the layer list and splits for another input size. */
  setInputSize(size: [number, number]): void;
  /** The split for a layer, built on first use and cached until dispose(). */
  split(layerName: string): Split;
  /**
   * Input [N, H, W, C] -> the class scores [N, numClasses] (pre-activation; a binary unit z gives
   * [-z, z]), for backward passes to the input (Guided Backpropagation): no weight gradient is
   * computed. Built on first use.
   */
  inputLogits(x: tf.Tensor4D): tf.Tensor2D;
  /** Builds what inputLogits needs (call it outside tf.tidy: the stand-ins own tensors). */
  prepareInputLogits(): void;
  /** The underlying tfjs model (for advanced callers; do not dispose it yourself). */
  readonly tfModel: tf.LayersModel | tf.GraphModel;
  readonly disposed: boolean;
  /** Frees the cached splits and the model's weights. */
  dispose(): void;
}

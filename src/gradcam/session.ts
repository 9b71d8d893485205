/**
 * GradCamSession: one forward pass per image, then any number of maps from the cached activation.
 * Gradient methods run only the head (A -> logits) backward; Ablation-CAM runs only the head
 * forward; Score-CAM is the one method that needs full forward passes (batched, with progress).
 */
import * as tf from '@tensorflow/tfjs';
import { throwIfAborted } from './abort';
import { BackwardRunner } from './backward';
import { installFastGradients } from './fast-gradients';
import { classGradients, tileBatch } from './head-gradients';
import { headProbabilities } from './heads';
import {
  ablationWeights,
  eigenCams,
  gradientCam,
  isGradientMethod,
  isMethodName,
  METHODS,
  type MethodName,
  scoreCamWeights,
  weightedSum,
} from './methods';
import type { LoadedModel } from './model';
import { finishCams } from './normalize';
import { preprocessPhoto } from './preprocess';
import type { CropRegion } from './preprocessing/geometry';
import type { CamOptions, CamResult, Prediction } from './types';

export interface AnalyzeOptions {
  /** How many predictions to return (default 5). */
  topK?: number;
  signal?: AbortSignal;
}

export interface AnalyzeResult {
  /** The top-k classes, highest probability first. */
  predictions: Prediction[];
  /** Pre-softmax scores, model output order. */
  logits: Float32Array;
  /** softmax(logits), or sigmoid per class for binary and multi-label heads (model.task). */
  probabilities: Float32Array;
  /**
   * The part of the photo the model saw, in photo pixels (the whole photo unless the preprocessing
   * crops): maps and boxes at input resolution belong on this region. Absent for preprocessed input.
   */
  region?: CropRegion;
  timingsMs: { forward: number };
}

/** What analyze() accepts: raw RGB pixels (H x W x 3, 0..255, any size) or an already preprocessed batch of one. */
export type ImageInput = tf.Tensor3D | { preprocessed: tf.Tensor4D };

export interface GradCamSession {
  readonly model: LoadedModel;
  /** The current target layer. */
  readonly layer: string;
  /**
   * Model forward calls since the last analyze() (analyze itself counts 1; a new layer's activation 1;
   * Score-CAM 1 per batch of masked images, however many images a batch holds).
   */
  readonly forwardPasses: number;
  /** The last analysed image's result, or null. */
  readonly lastAnalysis: AnalyzeResult | null;
  analyze(image: ImageInput, opts?: AnalyzeOptions): Promise<AnalyzeResult>;
  setLayer(name: string): void;
  heatmap(classIndex: number, method: MethodName, opts?: CamOptions): Promise<CamResult>;
  heatmaps(classIndices: number[], method: MethodName, opts?: CamOptions): Promise<CamResult[]>;
  dispose(): void;
}

interface Cache {
  layer: string;
  activation: tf.Tensor4D;
  extras: tf.Tensor[];
}

export function createSession(model: LoadedModel, opts: { layer?: string } = {}): GradCamSession {
  installFastGradients();
  return new Session(model, opts.layer ?? model.defaultLayer);
}

export function topKPredictions(
  logits: Float32Array,
  probabilities: Float32Array,
  labels: readonly string[],
  k: number,
): Prediction[] {
  const order = Array.from(logits.keys()).sort((a, b) => logits[b] - logits[a]);
  return order.slice(0, Math.max(0, Math.min(k, logits.length))).map((index) => ({
    index,
    label: labels[index],
    probability: probabilities[index],
    score: logits[index],
  }));
}

class Session implements GradCamSession {
  forwardPasses = 0;
  lastAnalysis: AnalyzeResult | null = null;
  private layerName: string;
  private input: tf.Tensor4D | null = null;
  private logits: Float32Array | null = null;
  private cache: Cache | null = null;
  private disposed = false;
  private readonly backward = new BackwardRunner();

  constructor(
    readonly model: LoadedModel,
    layer: string,
  ) {
    model.split(layer);
    this.layerName = layer;
  }

  get layer(): string {
    return this.layerName;
  }

  setLayer(name: string): void {
    this.assertAlive();
    if (name === this.layerName) return;
    this.model.split(name); // validates and builds (cached per layer)
    this.layerName = name;
  }

  async analyze(image: ImageInput, opts: AnalyzeOptions = {}): Promise<AnalyzeResult> {
    this.assertAlive();
    throwIfAborted(opts.signal);
    const [h, w] = this.model.inputSize;
    const c = this.model.channels;
    let x: tf.Tensor4D;
    let region: CropRegion | undefined;
    if ('preprocessed' in image) {
      const p = image.preprocessed;
      if (p.rank !== 4 || p.shape[0] !== 1 || p.shape[1] !== h || p.shape[2] !== w || p.shape[3] !== c) {
        throw new Error(`Expected a preprocessed [1, ${h}, ${w}, ${c}] tensor, got [${p.shape.join(', ')}]`);
      }
      x = tf.cast(p, 'float32') as tf.Tensor4D; // a copy the session owns
    } else {
      ({ input: x, region } = preprocessPhoto(image, { ...this.model.meta, channels: c }));
    }
    this.clearImage();
    this.input = x;
    this.forwardPasses = 0;
    const start = performance.now();
    const split = this.model.split(this.layerName);
    const out = split.forward(x);
    this.forwardPasses += 1;
    let logits: Float32Array;
    try {
      logits = (await out.logits.data()) as Float32Array;
    } catch (error) {
      tf.dispose([out.activation, ...out.extras]);
      throw error;
    } finally {
      out.logits.dispose();
    }
    if (this.input !== x || this.disposed) {
      // A newer analyze() or dispose() happened while we awaited.
      tf.dispose([out.activation, ...out.extras]);
      throwIfAborted(opts.signal);
      throw new Error('analyze() was superseded');
    }
    this.cache = { layer: this.layerName, activation: out.activation, extras: out.extras };
    this.logits = logits;
    const forward = performance.now() - start;
    throwIfAborted(opts.signal);
    const probabilities = headProbabilities(logits, this.model.task);
    const result: AnalyzeResult = {
      predictions: topKPredictions(logits, probabilities, this.model.labels, opts.topK ?? 5),
      logits,
      probabilities,
      region,
      timingsMs: { forward },
    };
    this.lastAnalysis = result;
    return result;
  }

  async heatmap(classIndex: number, method: MethodName, opts: CamOptions = {}): Promise<CamResult> {
    const [result] = await this.heatmaps([classIndex], method, opts);
    return result;
  }

  async heatmaps(classIndices: number[], method: MethodName, opts: CamOptions = {}): Promise<CamResult[]> {
    this.assertAlive();
    const { signal } = opts;
    throwIfAborted(signal);
    if (!isMethodName(method)) {
      throw new Error(`Unknown method '${method}'; one of ${METHODS.join(', ')}`);
    }
    if (!this.input || !this.logits) throw new Error('Call analyze(image) before heatmap()');
    const k = this.model.numClasses;
    for (const c of classIndices) {
      if (!Number.isInteger(c) || c < 0 || c >= k) throw new Error(`Class index ${c} is outside 0..${k - 1}`);
    }
    if (classIndices.length === 0) return [];
    const cache = this.ensureActivation();
    const split = this.model.split(cache.layer);
    // Hold our own references: a concurrent analyze() may replace the cache while we await.
    const a = tf.clone(cache.activation);
    const extras = cache.extras.map((e) => tf.clone(e));
    const x = tf.clone(this.input);
    const logits = this.logits;
    const start = performance.now();
    let cam: tf.Tensor3D | undefined;
    let weights: tf.Tensor2D | undefined;
    let backend = tf.getBackend();
    try {
      if (isGradientMethod(method)) {
        const r = await this.backward.run(cache.layer, () =>
          tf.tidy(() => {
            const grads = classGradients(split, a, extras, classIndices, k);
            const ab = tileBatch(a, classIndices.length);
            const out = gradientCam(method, ab, grads);
            return out.weights ? [out.cam, out.weights] : [out.cam];
          }),
        );
        backend = r.backend;
        [cam, weights] = r.value as [tf.Tensor3D, tf.Tensor2D | undefined];
      } else if (method === 'eigencam') {
        cam = await eigenCams(a, classIndices.length);
      } else if (method === 'ablationcam') {
        weights = await ablationWeights(split, a, extras, classIndices, logits, opts);
        cam = tf.tidy(() => weightedSum(tileBatch(a, classIndices.length), weights!));
      } else {
        weights = await scoreCamWeights(split, a, x, classIndices, k, opts, () => {
          this.forwardPasses += 1;
        });
        cam = tf.tidy(() => weightedSum(tileBatch(a, classIndices.length), weights!));
      }
      throwIfAborted(signal);
      const maps = finishCams(cam, this.model.inputSize);
      try {
        const [raw, lowRes, heat, w] = await Promise.all([
          maps.raw.data(),
          maps.lowRes.data(),
          opts.inputSizeMap === false ? Promise.resolve(new Float32Array(0)) : maps.heatmap.data(),
          weights ? weights.data() : Promise.resolve(undefined),
        ]);
        const [, lh, lw, lc] = a.shape;
        const [H, W] = this.model.inputSize;
        const elapsed = performance.now() - start;
        return classIndices.map((classIndex, i) => ({
          classIndex,
          method,
          layer: cache.layer,
          layerShape: [lh, lw, lc] as [number, number, number],
          score: logits[classIndex],
          raw: (raw as Float32Array).slice(i * lh * lw, (i + 1) * lh * lw),
          lowRes: (lowRes as Float32Array).slice(i * lh * lw, (i + 1) * lh * lw),
          heatmap: (heat as Float32Array).slice(i * H * W, (i + 1) * H * W),
          channelWeights: w ? (w as Float32Array).slice(i * lc, (i + 1) * lc) : undefined,
          backend,
          timingsMs: { cam: elapsed },
        }));
      } finally {
        tf.dispose([maps.raw, maps.lowRes, maps.heatmap]);
      }
    } finally {
      tf.dispose([a, x, ...extras]);
      if (cam) cam.dispose();
      if (weights) weights.dispose();
    }
  }

  dispose(): void {
    if (this.disposed) return;
    this.clearImage();
    this.disposed = true;
  }

  /** The cached activation for the current layer; recomputed (one forward pass) after setLayer(). */
  private ensureActivation(): Cache {
    if (this.cache && this.cache.layer === this.layerName) return this.cache;
    const split = this.model.split(this.layerName);
    const out = split.forward(this.input!);
    this.forwardPasses += 1;
    out.logits.dispose();
    if (this.cache) tf.dispose([this.cache.activation, ...this.cache.extras]);
    this.cache = { layer: this.layerName, activation: out.activation, extras: out.extras };
    return this.cache;
  }

  private clearImage(): void {
    if (this.cache) tf.dispose([this.cache.activation, ...this.cache.extras]);
    this.cache = null;
    if (this.input) this.input.dispose();
    this.input = null;
    this.logits = null;
    this.lastAnalysis = null;
  }

  private assertAlive(): void {
    if (this.disposed) throw new Error('The session has been disposed');
    if (this.model.disposed) throw new Error('The model has been disposed');
  }
}

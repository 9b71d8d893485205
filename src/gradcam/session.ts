/**
 * GradCamSession: one forward pass per image, then any number of maps from the cached activation.
 * Gradient methods run only the head (A -> logits) backward; Ablation-CAM runs only the head
 * forward; Score-CAM is the one method that needs full forward passes (batched, with progress).
 */
import * as tf from '@tensorflow/tfjs';
import { throwIfAborted } from './abort';
import { ActivationStore } from './activation-store';
import { BackwardRunner } from './backward';
import { applyCamOptions, computeCams } from './cam-runs';
import { installFastGradients } from './fast-gradients';
import { guidedInputGradient } from './guided';
import { headProbabilities } from './heads';
import { isMethodName, METHODS, type MethodName } from './methods';
import type { LoadedModel } from './model';
import { preprocessPhoto } from './preprocess';
import type { CropRegion } from './preprocessing/geometry';
import type { CamOptions, CamResult, GuidedResult, Prediction } from './types';

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
  /** Guided Backpropagation of one class (one backward pass through the whole model). */
  guided(classIndex: number): Promise<GuidedResult>;
  dispose(): void;
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
  private disposed = false;
  private readonly backward = new BackwardRunner();
  private readonly store: ActivationStore;

  constructor(
    readonly model: LoadedModel,
    layer: string,
  ) {
    model.split(layer);
    this.layerName = layer;
    this.store = new ActivationStore(model, () => {
      this.forwardPasses += 1;
    });
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
    this.store.reset(x);
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
    this.store.seed(logits, this.layerName, out.activation, out.extras);
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
    const applied = applyCamOptions(this.model, this.layerName, method, opts);
    const env = {
      model: this.model,
      store: this.store,
      numClasses: k,
      backward: this.backward,
      countForward: () => {
        this.forwardPasses += 1;
      },
    };
    return computeCams(env, classIndices, method, applied, opts);
  }

  async guided(classIndex: number): Promise<GuidedResult> {
    this.assertAlive();
    if (!this.input) throw new Error('Call analyze(image) before guided()');
    const k = this.model.numClasses;
    if (!Number.isInteger(classIndex) || classIndex < 0 || classIndex >= k) {
      throw new Error(`Class index ${classIndex} is outside 0..${k - 1}`);
    }
    this.model.prepareInputLogits();
    const x = tf.clone(this.input);
    const start = performance.now();
    try {
      const r = await this.backward.run('(input gradient)', () =>
        guidedInputGradient(this.model, x, classIndex, k),
      );
      this.forwardPasses += 1; // the whole model ran forward (and backward)
      try {
        const gradient = (await r.value.data()) as Float32Array;
        const [H, W] = this.model.inputSize;
        return {
          classIndex,
          gradient,
          size: [H, W],
          channels: this.model.channels,
          backend: r.backend,
          timingsMs: { guided: performance.now() - start },
        };
      } finally {
        r.value.dispose();
      }
    } finally {
      x.dispose();
    }
  }

  dispose(): void {
    if (this.disposed) return;
    this.clearImage();
    this.disposed = true;
  }

  private clearImage(): void {
    this.store.clear(); // frees the input too
    this.input = null;
    this.logits = null;
    this.lastAnalysis = null;
  }

  private assertAlive(): void {
    if (this.disposed) throw new Error('The session has been disposed');
    if (this.model.disposed) throw new Error('The model has been disposed');
  }
}

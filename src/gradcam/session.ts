/**
 * GradCamSession: one forward pass per image, then any number of maps from the cached activation.
 * Gradient methods run only the head (A -> logits) backward; Ablation-CAM runs only the head
 * forward; Score-CAM is the one method that needs full forward passes (batched, with progress).
 */
import * as tf from '@tensorflow/tfjs';
import { isAbortError, throwIfAborted, yieldAndCheck } from './abort';
import { eigenCam, gradientCam, isGradientMethod, softmax, weightedSum } from './methods';
import type { LoadedModel, Split } from './model';
import { finishCams } from './normalize';
import { preprocessImage } from './preprocess';
import { type CamOptions, type CamResult, METHODS, type MethodName, type Prediction } from './types';

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
  /** softmax(logits). */
  probabilities: Float32Array;
  timingsMs: { forward: number };
}

/** What analyze() accepts: raw RGB pixels (H x W x 3, 0..255, any size) or an already preprocessed batch of one. */
export type ImageInput = tf.Tensor3D | { preprocessed: tf.Tensor4D };

export interface GradCamSession {
  readonly model: LoadedModel;
  /** The current target layer. */
  readonly layer: string;
  /** Full-model forward passes since the last analyze() (analyze itself counts 1). */
  readonly forwardPasses: number;
  /** The last analysed image's result, or null. */
  readonly lastAnalysis: AnalyzeResult | null;
  analyze(image: ImageInput, opts?: AnalyzeOptions): Promise<AnalyzeResult>;
  setLayer(name: string): void;
  heatmap(classIndex: number, method: MethodName, opts?: CamOptions): Promise<CamResult>;
  heatmaps(classIndices: number[], method: MethodName, opts?: CamOptions): Promise<CamResult[]>;
  dispose(): void;
}

/** Score-CAM images per forward pass (pytorch-grad-cam uses 16): also the abort latency. */
const SCORECAM_BATCH = 16;

/** Score-CAM / Ablation-CAM batch sizes: at most this many floats in one batched input. */
const MAX_BATCH_FLOATS = 8 * 224 * 224 * 3 * 4;

interface Cache {
  layer: string;
  activation: tf.Tensor4D;
  extras: tf.Tensor[];
}

export function createSession(model: LoadedModel, opts: { layer?: string } = {}): GradCamSession {
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
  /** Layers whose backward pass needed the cpu backend (missing kernels on the active one). */
  private readonly cpuBackward = new Map<string, string>();

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
    let x: tf.Tensor4D;
    if ('preprocessed' in image) {
      const p = image.preprocessed;
      if (p.rank !== 4 || p.shape[0] !== 1 || p.shape[1] !== h || p.shape[2] !== w || p.shape[3] !== 3) {
        throw new Error(`Expected a preprocessed [1, ${h}, ${w}, 3] tensor, got [${p.shape.join(', ')}]`);
      }
      x = tf.cast(p, 'float32') as tf.Tensor4D; // a copy the session owns
    } else {
      x = preprocessImage(image, this.model.meta);
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
    const probabilities = softmax(logits);
    const result: AnalyzeResult = {
      predictions: topKPredictions(logits, probabilities, this.model.labels, opts.topK ?? 5),
      logits,
      probabilities,
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
    if (!(METHODS as readonly string[]).includes(method)) {
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
        const r = await this.onBackwardBackend(cache.layer, () =>
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
          maps.heatmap.data(),
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

  /**
   * Runs a synchronous backward computation on the active backend; if that backend lacks a kernel
   * (wasm: some conv/depthwise input gradients), runs it on cpu instead and remembers that for the
   * layer. Returns which backend did it.
   */
  private async onBackwardBackend<T>(layer: string, fn: () => T): Promise<{ value: T; backend: string }> {
    const current = tf.getBackend();
    if (current !== 'cpu' && this.cpuBackward.get(layer) !== current) {
      try {
        return { value: fn(), backend: current };
      } catch (error) {
        releaseFailedTape();
        if (isAbortError(error)) throw error;
        throwIfNoGradient(error, layer);
        if (!isMissingKernel(error)) throw error;
        this.cpuBackward.set(layer, current);
      }
    }
    if (current === 'cpu') return { value: runBackward(fn, layer), backend: 'cpu' };
    await tf.setBackend('cpu');
    try {
      return { value: runBackward(fn, layer), backend: 'cpu' };
    } finally {
      await tf.setBackend(current);
    }
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

/**
 * When a backward pass throws (a missing gradient kernel), tfjs leaves the tape's saved tensors
 * alive and the tape set: free them as engine.gradients() would have on success.
 */
function releaseFailedTape(): void {
  const state = (tf.engine() as unknown as { state: EngineState }).state;
  if (state.gradientDepth !== 0 || !state.activeTape) return;
  for (const node of state.activeTape) for (const t of node.saved ?? []) t.dispose();
  state.activeTape = null;
}

interface EngineState {
  gradientDepth: number;
  activeTape: { saved?: tf.Tensor[] }[] | null;
}

/** Runs a backward computation; a missing gradient becomes a message naming the op (see below). */
function runBackward<T>(fn: () => T, layer: string): T {
  try {
    return fn();
  } catch (error) {
    releaseFailedTape();
    throwIfNoGradient(error, layer);
    throw error;
  }
}

/**
 * tfjs says "Cannot compute gradient: gradient function not found for X." when an op between the
 * target layer and the class scores has no gradient (on every backend): say which op, and what to do.
 */
function throwIfNoGradient(error: unknown, layer: string): void {
  const message = error instanceof Error ? error.message : String(error);
  const match = /gradient function not found for (\w+)/i.exec(message);
  if (!match) return;
  throw new Error(
    `Gradients cannot flow from layer '${layer}' to the class scores: the model's op '${match[1]}' has ` +
      'no gradient in TensorFlow.js. Pick a layer after it, or a gradient-free method ' +
      '(Eigen-CAM, Ablation-CAM or Score-CAM).',
  );
}

function isMissingKernel(error: unknown): boolean {
  const message = error instanceof Error ? error.message : String(error);
  return /kernel|not (yet )?(implemented|registered|supported)|gradient/i.test(message);
}

function tileBatch<T extends tf.Tensor>(t: T, batch: number): T {
  if (t.shape[0] === batch) return t;
  return tf.tile(
    t,
    t.shape.map((_, i) => (i === 0 ? batch : 1)),
  ) as T;
}

/** One-hot [B, K] rows selecting each class (a mask, not tf.gather: gather's gradient is missing on wasm). */
function classMask(classIndices: readonly number[], numClasses: number): tf.Tensor2D {
  const mask = new Float32Array(classIndices.length * numClasses);
  classIndices.forEach((c, i) => {
    mask[i * numClasses + c] = 1;
  });
  return tf.tensor2d(mask, [classIndices.length, numClasses]);
}

/** dScore_c / dA for each class c, batched: A tiled to [B, h, w, C], one backward pass of the head. */
export function classGradients(
  split: Split,
  a: tf.Tensor4D,
  extras: readonly tf.Tensor[],
  classIndices: readonly number[],
  numClasses: number,
): tf.Tensor4D {
  return tf.tidy(() => {
    const mask = classMask(classIndices, numClasses);
    const ab = tileBatch(a, classIndices.length);
    const score = (t: tf.Tensor) => tf.sum(tf.mul(split.head(t as tf.Tensor4D, extras), mask));
    return tf.grad(score)(ab) as tf.Tensor4D;
  });
}

async function eigenCams(a: tf.Tensor4D, count: number): Promise<tf.Tensor3D> {
  const [, h, w, c] = a.shape;
  const values = (await a.data()) as Float32Array;
  const projection = eigenCam(values, h * w, c);
  const maps = new Float32Array(count * h * w);
  for (let i = 0; i < count; i++) maps.set(projection, i * h * w);
  return tf.tensor3d(maps, [count, h, w]);
}

/** Ablation-CAM: w_k = (y - y_k) / y with channel k of A set to 0; head-only, batched over channels. */
async function ablationWeights(
  split: Split,
  a: tf.Tensor4D,
  extras: readonly tf.Tensor[],
  classIndices: readonly number[],
  logits: Float32Array,
  opts: CamOptions,
): Promise<tf.Tensor2D> {
  const [, h, w, c] = a.shape;
  const k = logits.length;
  const chunk = Math.max(1, Math.min(c, Math.floor(MAX_BATCH_FLOATS / (h * w * c))));
  const selector = tf.tidy(() => tf.transpose(classMask(classIndices, k)) as tf.Tensor2D); // [K, n]
  const ablated = new Float32Array(c * classIndices.length); // [C, n]
  try {
    for (let start = 0; start < c; start += chunk) {
      const n = Math.min(chunk, c - start);
      const scores = tf.tidy(() => {
        const keep = new Float32Array(n * c).fill(1);
        for (let i = 0; i < n; i++) keep[i * c + start + i] = 0;
        const masked = tf.mul(tileBatch(a, n), tf.tensor4d(keep, [n, 1, 1, c]));
        return tf.matMul(split.head(masked as tf.Tensor4D, extras), selector);
      });
      try {
        ablated.set((await scores.data()) as Float32Array, start * classIndices.length);
      } finally {
        scores.dispose();
      }
      opts.onProgress?.(Math.min(1, (start + n) / c));
      await yieldAndCheck(opts.signal);
    }
  } finally {
    selector.dispose();
  }
  const weights = new Float32Array(classIndices.length * c);
  classIndices.forEach((cls, i) => {
    const y = logits[cls];
    for (let ch = 0; ch < c; ch++) weights[i * c + ch] = (y - ablated[ch * classIndices.length + i]) / y;
  });
  return tf.tensor2d(weights, [classIndices.length, c]);
}

/**
 * Score-CAM: every (selected) channel upsampled to the input (bilinear, align corners), min-max
 * normalised (+1e-8), multiplied into the input; s_k = the class logit of that masked input;
 * weights = softmax_k(s). Channels beyond maxChannels (lowest variance) get weight 0.
 */
async function scoreCamWeights(
  split: Split,
  a: tf.Tensor4D,
  x: tf.Tensor4D,
  classIndices: readonly number[],
  numClasses: number,
  opts: CamOptions,
  countForward: () => void,
): Promise<tf.Tensor2D> {
  const [, , , c] = a.shape;
  const [, H, W] = x.shape;
  let channels = Array.from({ length: c }, (_, i) => i);
  if (opts.maxChannels != null && opts.maxChannels > 0 && opts.maxChannels < c) {
    const variance = tf.tidy(() => tf.moments(a, [0, 1, 2]).variance);
    const v = (await variance.data()) as Float32Array;
    variance.dispose();
    channels = channels.sort((p, q) => v[q] - v[p]).slice(0, opts.maxChannels);
  }
  const chunk = Math.max(1, Math.min(SCORECAM_BATCH, Math.floor(MAX_BATCH_FLOATS / (H * W * 3))));
  const n = classIndices.length;
  const scores = new Float32Array(channels.length * n); // [S, n]
  const selector = tf.tidy(() => tf.transpose(classMask(classIndices, numClasses)) as tf.Tensor2D); // [K, n]
  try {
    for (let start = 0; start < channels.length; start += chunk) {
      const idx = channels.slice(start, start + chunk);
      const batchScores = tf.tidy(() => {
        const sel = tf.gather(a, tf.tensor1d(idx, 'int32'), 3);
        const up = tf.image.resizeBilinear(sel, [H, W], true);
        const mn = tf.min(up, [1, 2], true);
        const mx = tf.max(up, [1, 2], true);
        const norm = tf.div(tf.sub(up, mn), tf.add(tf.sub(mx, mn), 1e-8));
        const masks = tf.transpose(norm, [3, 1, 2, 0]); // [n, H, W, 1]
        const out = split.forward(tf.mul(x, masks) as tf.Tensor4D);
        return tf.matMul(out.logits, selector);
      });
      countForward();
      try {
        scores.set((await batchScores.data()) as Float32Array, start * n);
      } finally {
        batchScores.dispose();
      }
      opts.onProgress?.(Math.min(1, (start + idx.length) / channels.length));
      await yieldAndCheck(opts.signal);
    }
  } finally {
    selector.dispose();
  }
  const weights = new Float32Array(n * c);
  for (let i = 0; i < n; i++) {
    const s = new Float32Array(channels.length);
    for (let j = 0; j < channels.length; j++) s[j] = scores[j * n + i];
    const p = softmax(s);
    channels.forEach((ch, j) => {
      weights[i * c + ch] = p[j];
    });
  }
  return tf.tensor2d(weights, [n, c]);
}

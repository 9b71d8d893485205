/**
 * The model worker: hosts the Grad-CAM core and tfjs. Exposes ONE object through comlink; the page
 * imports only its type. Calls are serialised (one session, one GPU queue) and each carries an id so
 * the page can abort it (an AbortSignal cannot cross postMessage).
 */
import * as tf from '@tensorflow/tfjs';
import * as Comlink from 'comlink';
import { type BenchmarkSpec, benchmarkSession } from '../gradcam/benchmark';
import { findCatalogueEntry } from '../gradcam/catalogue';
import { createSession, type GradCamSession, type LoadedModel, loadModel } from '../gradcam/index';
import type { ModelMeta } from '../gradcam/types';
import { selectBackend } from './backend';
import type { FrameRequest, FrameResult, FrameSource } from './frame-protocol';
import { explainFrameSource, releaseFrames } from './frames';
import { cachedHttpHandler } from './model-cache';
import {
  type AnalyzeResult,
  type BackendInfo,
  type BackendRequest,
  type DebugOptions,
  FAULT_MESSAGE,
  type FaultReason,
  type MapRequest,
  type MapResult,
  type ModelInfo,
  type ModelSource,
  type ProgressCallback,
} from './protocol';

interface State {
  backend?: BackendInfo;
  model?: LoadedModel;
  modelInfo?: ModelInfo;
  session?: GradCamSession;
  image?: tf.Tensor3D;
  analyzed: boolean;
}

const state: State = { analyzed: false };
let debug: DebugOptions = {};

/** Tells the page why (outside comlink) and closes the worker: the page restarts a fresh one. */
function fault(reason: FaultReason): void {
  self.postMessage({ type: FAULT_MESSAGE, reason });
  self.close();
}

/** The WebGL backend's context, when that is the backend in use. */
function webglContext(): WebGL2RenderingContext | null {
  if (tf.getBackend() !== 'webgl') return null;
  return (tf.backend() as unknown as { gpgpu?: { gl?: WebGL2RenderingContext } }).gpgpu?.gl ?? null;
}

/**
 * A lost WebGL context (driver reset, GPU memory pressure, too many contexts) leaves tfjs computing
 * garbage: give up this worker and let the page start a fresh one (and fall back if it happens again).
 */
function watchWebGlContext(): void {
  const canvas = (webglContext() as unknown as { canvas?: OffscreenCanvas } | null)?.canvas;
  canvas?.addEventListener('webglcontextlost', () => fault('webgl-context-lost'), { once: true });
}
const controllers = new Map<number, AbortController>();
let queue: Promise<unknown> = Promise.resolve();

function abortError(): Error {
  const error = new Error('Cancelled');
  error.name = 'AbortError';
  return error;
}

/** Runs jobs one at a time; a job aborted while queued never starts. */
function run<T>(callId: number, job: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  controllers.set(callId, controller);
  const result = queue.then(async () => {
    if (controller.signal.aborted) throw abortError();
    return job(controller.signal);
  });
  const done = () => controllers.delete(callId);
  queue = result.then(done, done);
  return result;
}

function requireSession(): GradCamSession {
  if (!state.session || !state.model) throw new Error('No model is loaded yet.');
  return state.session;
}

function requireModel(): LoadedModel {
  requireSession();
  return state.model!;
}

function customMeta(
  key: string,
  meta: { format: 'layers' | 'graph'; preprocess: ModelMeta['preprocess']; labels?: string[] },
): ModelMeta {
  return {
    id: key,
    format: meta.format,
    inputSize: [224, 224],
    preprocess: meta.preprocess,
    labels: meta.labels ?? 'imagenet',
  };
}

function toMapResult(cam: {
  classIndex: number;
  method: MapResult['method'];
  layer: string;
  layerShape: [number, number, number];
  score: number;
  raw: Float32Array;
  lowRes: Float32Array;
  backend: string;
  timingsMs: { cam: number };
}): MapResult {
  return {
    classIndex: cam.classIndex,
    layer: cam.layer,
    method: cam.method,
    height: cam.layerShape[0],
    width: cam.layerShape[1],
    // Copies: the core may keep its arrays, and ours are transferred (detached) on return.
    lowRes: Float32Array.from(cam.lowRes),
    raw: Float32Array.from(cam.raw),
    score: cam.score,
    backend: cam.backend,
    camMs: cam.timingsMs.cam,
    // The session counts full forward passes since the last analyze() (analyze itself is 1).
    forwardPasses: state.session?.forwardPasses ?? 0,
  };
}

function disposeModel(): void {
  releaseFrames();
  state.session?.dispose();
  state.model?.dispose();
  state.session = undefined;
  state.model = undefined;
  state.modelInfo = undefined;
  state.analyzed = false;
}

const api = {
  /** Starts tfjs on the requested backend (or the best available one). Call once per worker. */
  async init(requested: BackendRequest, debugOptions: DebugOptions = {}): Promise<BackendInfo> {
    debug = debugOptions;
    if (!state.backend) {
      state.backend = await selectBackend(requested, debug);
      watchWebGlContext();
    }
    return state.backend;
  },

  /**
   * Holds a Web Lock for the worker's whole life: the page asks for the same lock and is granted it
   * the moment this worker dies (crash, out of memory, terminate), which is how it notices.
   */
  async holdLifeline(name: string): Promise<void> {
    const locks = (self.navigator as Navigator & { locks?: LockManager }).locks;
    if (!locks) return;
    await new Promise<void>((held) => {
      void locks.request(name, () => {
        held();
        return new Promise<void>(() => {});
      });
    });
  },

  /** Test hook: loses the WebGL context as a driver reset would. False when not on WebGL. */
  debugLoseWebGlContext(): boolean {
    const lose = webglContext()?.getExtension('WEBGL_lose_context');
    lose?.loseContext();
    return Boolean(lose);
  },

  abort(callId: number): void {
    controllers.get(callId)?.abort();
  },

  async loadModel(callId: number, source: ModelSource, onProgress?: ProgressCallback): Promise<ModelInfo> {
    return run(callId, async (signal) => {
      const start = performance.now();
      let meta: ModelMeta;
      let handler: string | tf.io.IOHandler;
      let title: string;
      let key: string;
      let from: ModelInfo['from'] = 'network';
      const progress = (fraction: number) => onProgress?.(fraction);
      if (source.kind === 'catalogue') {
        const entry = findCatalogueEntry(source.id);
        if (!entry) throw new Error(`Unknown model "${source.id}".`);
        meta = entry;
        title = entry.title;
        key = `catalogue:${entry.id}`;
        if (source.cache) {
          const cached = cachedHttpHandler(source.url, `gradcam-studio/${entry.id}`, progress, {
            signal,
            stallTimeoutMs: debug.stallTimeoutMs,
          });
          handler = cached.handler;
          from = await cached.willUseCache();
        } else {
          handler = source.url; // the core fetches it with our abort signal
        }
      } else if (source.kind === 'url') {
        key = `url:${source.url}`;
        title = new URL(source.url).pathname.split('/').slice(-2, -1)[0] || 'Model from URL';
        meta = customMeta(key, source.meta);
        const cached = cachedHttpHandler(source.url, `gradcam-studio/url/${source.url}`, progress, {
          signal,
          stallTimeoutMs: debug.stallTimeoutMs,
        });
        handler = cached.handler;
        from = await cached.willUseCache();
      } else {
        const json = source.files.find((file) => file.name.endsWith('.json') && file.name !== 'labels.json');
        if (!json) throw new Error('Pick the model.json file together with its weight files (.bin).');
        const weights = source.files.filter((file) => file !== json && !file.name.endsWith('.json'));
        key = `files:${json.name}:${json.size}:${weights.map((f) => `${f.name}:${f.size}`).join(',')}`;
        title = `${json.name} (your files)`;
        meta = customMeta(key, source.meta);
        handler = tf.io.browserFiles([json, ...weights]);
        from = 'files';
      }
      // The current model stays loaded (and usable) until the new one has loaded: a failed load keeps it.
      let model: LoadedModel;
      try {
        model = await loadModel(handler, meta, {
          onProgress: progress,
          signal,
          stallTimeoutMs: debug.stallTimeoutMs,
        });
      } catch (error) {
        throw new Error(
          `Could not load the model: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
      if (signal.aborted) {
        model.dispose();
        throw abortError();
      }
      let session: GradCamSession;
      try {
        session = createSession(model);
      } catch (error) {
        model.dispose();
        throw error;
      }
      disposeModel();
      state.model = model;
      state.session = session;
      state.modelInfo = {
        key,
        title,
        labels: model.labels,
        numClasses: model.numClasses,
        layers: model.layers,
        defaultLayer: model.defaultLayer,
        inputSize: model.inputSize,
        from,
        loadMs: performance.now() - start,
      };
      return state.modelInfo;
    });
  },

  /** Sets the image (the bitmap is transferred and closed here) and runs the one forward pass. */
  async setImage(callId: number, bitmap: ImageBitmap, topK = 5): Promise<AnalyzeResult> {
    return run(callId, async (signal) => {
      const session = requireSession();
      state.image?.dispose();
      state.image = bitmapToTensor(bitmap);
      state.analyzed = false;
      const analysis = await session.analyze(state.image, { topK, signal });
      state.analyzed = true;
      const probabilities = Float32Array.from(analysis.probabilities);
      const result: AnalyzeResult = {
        probabilities,
        predictions: analysis.predictions.map((p) => ({
          index: p.index,
          label: p.label,
          probability: p.probability,
          score: p.score,
        })),
        forwardMs: analysis.timingsMs.forward,
        forwardPasses: session.forwardPasses,
      };
      return Comlink.transfer(result, [probabilities.buffer]);
    });
  },

  async heatmap(callId: number, request: MapRequest, onProgress?: ProgressCallback): Promise<MapResult> {
    return run(callId, async (signal) => {
      const session = requireSession();
      if (!state.analyzed) throw new Error('No image has been analysed yet.');
      if (session.layer !== request.layer) session.setLayer(request.layer);
      const cam = await session.heatmap(request.classIndex, request.method, {
        signal,
        onProgress: onProgress ? (fraction: number) => void onProgress(fraction) : undefined,
        maxChannels: request.maxChannels,
      });
      const result = toMapResult(cam);
      return Comlink.transfer(result, [result.lowRes.buffer, result.raw.buffer]);
    });
  },

  /** Maps for several classes in one batched backward pass (the top-5 thumbnails). */
  async heatmaps(
    callId: number,
    request: Omit<MapRequest, 'classIndex'> & { classIndices: number[] },
  ): Promise<MapResult[]> {
    return run(callId, async (signal) => {
      const session = requireSession();
      if (!state.analyzed) throw new Error('No image has been analysed yet.');
      if (session.layer !== request.layer) session.setLayer(request.layer);
      const cams = await session.heatmaps(request.classIndices, request.method, {
        signal,
        maxChannels: request.maxChannels,
      });
      const results = cams.map(toMapResult);
      return Comlink.transfer(
        results,
        results.flatMap((r) => [r.lowRes.buffer, r.raw.buffer]),
      );
    });
  },

  /** Camera/video: one frame (transferred, closed here) -> prediction + low-res map (src/worker/frames.ts). */
  async frame(callId: number, frame: FrameSource, request: FrameRequest): Promise<FrameResult> {
    const job = run(callId, (signal) => explainFrameSource(requireModel(), frame, request, signal));
    const result = await job.finally(() => frame.close());
    return Comlink.transfer(result, [result.lowRes.buffer]);
  },

  /** Frees what the frame calls keep (after the camera stops or an analysis ends). */
  async releaseFrames(): Promise<void> {
    await run(0, async () => releaseFrames());
  },

  /** Runs src/gradcam/benchmark.ts on the loaded model and current image (bench/browser.bench.ts). */
  async benchmark(callId: number, spec: BenchmarkSpec) {
    return run(callId, async () => {
      const session = requireSession();
      if (!state.image) throw new Error('Set an image before benchmarking.');
      const result = await benchmarkSession(session, [state.image], spec, () => {
        const { numTensors, numBytes } = tf.memory();
        const numBytesInGPU = (tf.memory() as { numBytesInGPU?: number }).numBytesInGPU;
        const heap = (performance as Performance & { memory?: { usedJSHeapSize: number } }).memory;
        return { numTensors, numBytes, numBytesInGPU, jsHeapBytes: heap?.usedJSHeapSize ?? 0 };
      });
      // The benchmark moved the session (layer, cached activation): re-analyse so the app stays consistent.
      await session.analyze(state.image, { topK: 5 });
      return result;
    });
  },

  /** tfjs's tensor count and bytes, and the shape of the image the model sees ([h, w, 3]). */
  memory(): { numTensors: number; numBytes: number; image: number[] | null } {
    const { numTensors, numBytes } = tf.memory();
    return { numTensors, numBytes, image: state.image ? [...state.image.shape] : null };
  },
};

/** RGB int32 HxWx3 from a bitmap, via an OffscreenCanvas (works on every backend, wasm included). */
function bitmapToTensor(bitmap: ImageBitmap): tf.Tensor3D {
  const { width, height } = bitmap;
  const canvas = new OffscreenCanvas(width, height);
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  if (!ctx) throw new Error('This browser cannot read image pixels in a worker.');
  // Transparent pixels are composited over white (how the photo looks on a page); the model
  // never sees the arbitrary colours that fully transparent pixels may hold.
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, width, height);
  ctx.drawImage(bitmap, 0, 0);
  bitmap.close();
  const rgba = ctx.getImageData(0, 0, width, height).data;
  const rgb = new Int32Array(width * height * 3);
  for (let i = 0, j = 0; i < rgba.length; i += 4, j += 3) {
    rgb[j] = rgba[i];
    rgb[j + 1] = rgba[i + 1];
    rgb[j + 2] = rgba[i + 2];
  }
  return tf.tensor3d(rgb, [height, width, 3], 'int32');
}

export type GradcamApi = typeof api;

Comlink.expose(api);

/**
 * The engine: the Grad-CAM core behind the calls the page makes (load a model, analyse an image,
 * compute maps). Environment-free: the worker (gradcam.worker.ts) gives it the browser's backends,
 * file sources and pixel reader; the Node tests give it Node's (src/node/engine.ts), so the page's
 * pipeline is tested against this very object. Calls run one at a time (one session, one GPU queue);
 * each takes an AbortSignal, and one aborted while queued never starts.
 */
import * as tf from '@tensorflow/tfjs';
import { abortError, throwIfAborted } from '../gradcam/abort';
import { type BenchmarkSpec, benchmarkSession } from '../gradcam/benchmark';
import { createSession, type GradCamSession, type LoadedModel, loadModel } from '../gradcam/index';
import { multiplyAdds } from '../gradcam/model-cost';
import { modelDetails } from '../gradcam/model-details';
import { samePreprocess } from '../gradcam/preprocessing/presets';
import type { CamResult, ModelMeta } from '../gradcam/types';
import type { EngineEnvironment } from './engine-environment';
import { createFrameCalls } from './frame-calls';
import type { FrameRequest, FrameResult } from './frame-protocol';
import { camOptionsOf, guidedPictures, isCombined } from './method-options-engine';
import type {
  AnalysisOptions,
  AnalyzeResult,
  BackendInfo,
  BackendRequest,
  DebugOptions,
  GuidedRequest,
  GuidedResult,
  MapRequest,
  MapResult,
  ModelInfo,
  ModelSource,
  ProgressCallback,
} from './protocol';
import { customOverrides, sourceMeta } from './source-meta';
import { runTrust } from './trust-api';
import type { TrustRequest, TrustResult } from './trust-protocol';

export type { EngineEnvironment, OpenedSource } from './engine-environment';

export type ThumbnailsRequest = Omit<MapRequest, 'classIndex'> & { classIndices: number[] };

export function createEngineApi<Image, Frame = Image>(env: EngineEnvironment<Image, Frame>) {
  let backend: BackendInfo | undefined;
  let debug: DebugOptions = {};
  let model: LoadedModel | undefined;
  let session: GradCamSession | undefined;
  let image: tf.Tensor3D | undefined;
  let analyzed = false;
  /** The loaded model's own preprocessing (an analysis without a choice goes back to it). */
  let ownPreprocess: ModelMeta['preprocess'] | undefined;
  /** Where the loaded model's settings came from, before the user changed any. */
  let ownSources: LoadedModel['sources'] = {};
  let queue: Promise<unknown> = Promise.resolve();
  const frames = createFrameCalls<Frame>(env.frameToTensor);

  function run<T>(signal: AbortSignal | undefined, job: () => Promise<T>): Promise<T> {
    const result = queue.then(() => {
      throwIfAborted(signal);
      return job();
    });
    queue = result.catch(() => undefined);
    return result;
  }

  function requireSession(): GradCamSession {
    if (!session || !model) throw new Error('No model is loaded yet.');
    return session;
  }

  function analysedSession(layer: string): GradCamSession {
    const s = requireSession();
    if (!analyzed) throw new Error('No image has been analysed yet.');
    if (s.layer !== layer) s.setLayer(layer);
    return s;
  }

  function toMapResult(cam: CamResult): MapResult {
    // Several layers or aug_smooth: the map exists only at the input's size (the layers' maps are combined there).
    const combined = isCombined(cam.options);
    const [height, width] = combined && model ? model.inputSize : cam.layerShape;
    return {
      classIndex: cam.classIndex,
      layer: cam.layer,
      method: cam.method,
      height,
      width,
      // The core hands out fresh slices: ours to transfer.
      lowRes: combined ? cam.heatmap : cam.lowRes,
      raw: cam.raw,
      score: cam.score,
      backend: cam.backend,
      camMs: cam.timingsMs.cam,
      // Full forward passes since the last analyze() (analyze itself is 1); Score-CAM adds one per batch.
      forwardPasses: session?.forwardPasses ?? 0,
      options: cam.options,
    };
  }

  return {
    /** Starts tfjs on the requested backend (or the best available one). Once per engine. */
    async init(requested: BackendRequest, debugOptions: DebugOptions = {}): Promise<BackendInfo> {
      debug = debugOptions;
      backend ??= await env.startBackend(requested, debug);
      return backend;
    },

    /** Loads a model; the current one stays loaded (and usable) until the new one has loaded. */
    loadModel(source: ModelSource, signal?: AbortSignal, onProgress?: ProgressCallback): Promise<ModelInfo> {
      return run(signal, async () => {
        const start = performance.now();
        const progress = (fraction: number) => onProgress?.(fraction);
        const meta = sourceMeta(source);
        let loaded: LoadedModel;
        let from: ModelInfo['from'];
        try {
          const opened = await env.openSource(source, signal, progress, debug);
          from = opened.from;
          loaded = await loadModel(opened.handler, meta, {
            onProgress: progress,
            signal,
            stallTimeoutMs: debug.stallTimeoutMs,
            metadata: opened.metadata,
            overrides: customOverrides(source),
            metaSource: source.kind === 'catalogue' ? 'catalogue' : 'default',
          });
          if (source.kind !== 'catalogue' && source.meta.labels && source.meta.labelsFrom)
            loaded.sources = { ...loaded.sources, labels: source.meta.labelsFrom };
        } catch (error) {
          if (signal?.aborted) throw abortError();
          throw new Error(
            `Could not load the model: ${error instanceof Error ? error.message : String(error)}`,
          );
        }
        if (signal?.aborted) {
          loaded.dispose();
          throw abortError();
        }
        let next: GradCamSession;
        try {
          next = createSession(loaded);
        } catch (error) {
          loaded.dispose();
          throw error;
        }
        frames.release();
        session?.dispose();
        model?.dispose();
        model = loaded;
        session = next;
        ownPreprocess = loaded.meta.preprocess;
        ownSources = { ...loaded.sources };
        analyzed = false;
        return {
          key: source.key,
          title: source.title,
          labels: loaded.labels,
          numClasses: loaded.numClasses,
          layers: loaded.layers,
          defaultLayer: loaded.defaultLayer,
          inputSize: loaded.inputSize,
          from,
          loadMs: performance.now() - start,
          multiplyAdds: multiplyAdds(loaded.tfModel),
          details: modelDetails(loaded),
        };
      });
    },

    /** Sets the image (released here) and runs the one forward pass. */
    setImage(
      picture: Image,
      signal?: AbortSignal,
      topK = 5,
      options: AnalysisOptions = {},
    ): Promise<AnalyzeResult> {
      return run(signal, async () => {
        let s = requireSession();
        const m = model as LoadedModel;
        // Another preprocessing or input size re-runs only the analysis (the weights stay loaded).
        const preprocess = options.preprocess ?? ownPreprocess;
        if (preprocess && !samePreprocess(preprocess, m.meta.preprocess)) m.setPreprocess(preprocess);
        const size = options.inputSize;
        if (m.dynamicSize && size && (size[0] !== m.inputSize[0] || size[1] !== m.inputSize[1])) {
          s.dispose();
          m.setInputSize(size);
          s = session = createSession(m);
        }
        // The model panel says where each setting came from: the user's picks are theirs.
        m.sources = {
          ...ownSources,
          ...(options.preprocess ? { preprocess: 'your choice' } : {}),
          ...(m.dynamicSize && size ? { inputSize: 'your choice' } : {}),
        };
        image?.dispose();
        image = env.toTensor(picture);
        analyzed = false;
        const analysis = await s.analyze(image, { topK, signal });
        analyzed = true;
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
          forwardPasses: s.forwardPasses,
          region: analysis.region,
          details: modelDetails(m),
        };
        return env.transfer(result, [probabilities.buffer]);
      });
    },

    /** One class's map at layer resolution (the page upsamples when it draws). */
    heatmap(request: MapRequest, signal?: AbortSignal, onProgress?: ProgressCallback): Promise<MapResult> {
      return run(signal, async () => {
        const cam = await analysedSession(request.layer).heatmap(request.classIndex, request.method, {
          signal,
          onProgress: onProgress ? (fraction: number) => void onProgress(fraction) : undefined,
          maxChannels: request.maxChannels,
          inputSizeMap: false,
          ...camOptionsOf(request.options),
        });
        const result = toMapResult(cam);
        return env.transfer(result, [result.lowRes.buffer, result.raw.buffer]);
      });
    },

    /** Maps for several classes in one batched backward pass (the top-5 thumbnails). */
    heatmaps(request: ThumbnailsRequest, signal?: AbortSignal): Promise<MapResult[]> {
      return run(signal, async () => {
        const cams = await analysedSession(request.layer).heatmaps(request.classIndices, request.method, {
          signal,
          maxChannels: request.maxChannels,
          inputSizeMap: false,
          ...camOptionsOf(request.options),
        });
        const results = cams.map(toMapResult);
        return env.transfer(
          results,
          results.flatMap((r) => [r.lowRes.buffer, r.raw.buffer]),
        );
      });
    },

    /** Guided Backpropagation and Guided Grad-CAM of one class (one whole-model backward pass). */
    guided(request: GuidedRequest, signal?: AbortSignal): Promise<GuidedResult> {
      return run(signal, async () => {
        const result = await guidedPictures(analysedSession(request.layer), request, signal);
        return env.transfer(result, [result.backprop.buffer, result.guidedCam.buffer]);
      });
    },

    /** Camera/video: one frame (released here) -> prediction + low-res map, on a session of its own. */
    frame(picture: Frame, request: FrameRequest, signal?: AbortSignal): Promise<FrameResult> {
      const result = run(signal, async () => {
        requireSession();
        const r = await frames.explain(model!, picture, request, signal);
        return env.transfer(r, [r.lowRes.buffer]);
      });
      return result.finally(() => env.closeFrame?.(picture));
    },

    /** Frees what the frame calls keep (after the camera stops or an analysis ends). */
    releaseFrames(): Promise<void> {
      return run(undefined, async () => frames.release());
    },

    /** Metrics, compare methods or the sanity check on the analysed image (src/worker/trust-api.ts). */
    trust(request: TrustRequest, signal?: AbortSignal, onProgress?: ProgressCallback): Promise<TrustResult> {
      return run(signal, async () => {
        const s = analysedSession(request.layer);
        if (!model || !image) throw new Error('No image has been analysed yet.');
        const progress = onProgress ? (fraction: number) => void onProgress(fraction) : undefined;
        const { result, transfer } = await runTrust(model, s, image, request, signal, progress);
        return env.transfer(result, transfer);
      });
    },

    /**
     * Runs src/gradcam/benchmark.ts on the loaded model and current image (bench/browser.bench.ts);
     * without one (the video modes set none) on a stand-in of the model's input size, in a session
     * of its own (bench/video.bench.ts: the video engine's own figures).
     */
    benchmark(spec: BenchmarkSpec, signal?: AbortSignal) {
      return run(signal, async () => {
        const own = requireSession();
        const s = image ? own : createSession(own.model);
        const [h, w] = s.model.inputSize;
        const used =
          image ??
          tf.tidy(() =>
            tf
              .range(0, h * w * 3, 1, 'int32')
              .mod(256)
              .reshape([h, w, 3]),
          );
        try {
          const result = await benchmarkSession(s, [used as tf.Tensor3D], spec, () => {
            const { numTensors, numBytes } = tf.memory();
            const numBytesInGPU = (tf.memory() as { numBytesInGPU?: number }).numBytesInGPU;
            return { numTensors, numBytes, numBytesInGPU, jsHeapBytes: env.heapBytes?.() ?? 0 };
          });
          // The benchmark moved the session (layer, cached activation): re-analyse so the app stays consistent.
          if (image) await s.analyze(image, { topK: 5 });
          return result;
        } finally {
          if (s !== own) s.dispose();
          if (used !== image) used.dispose();
        }
      });
    },

    /** tfjs's tensor count and bytes, and the shape of the image the model sees ([h, w, 3]). */
    memory(): { numTensors: number; numBytes: number; numBytesInGPU?: number; image: number[] | null } {
      const { numTensors, numBytes } = tf.memory();
      const numBytesInGPU = (tf.memory() as { numBytesInGPU?: number }).numBytesInGPU;
      return { numTensors, numBytes, numBytesInGPU, image: image ? [...image.shape] : null };
    },

    /** Runs `job` in the call queue on the loaded model (the dataset run, src/worker/dataset-api.ts). */
    inQueue<T>(signal: AbortSignal | undefined, job: (model?: LoadedModel) => Promise<T>): Promise<T> {
      return run(signal, () => job(model));
    },

    /** Frees the model, the session and the image (Node tests; a worker is simply terminated). */
    dispose(): void {
      frames.release();
      session?.dispose();
      model?.dispose();
      image?.dispose();
      session = model = image = undefined;
      analyzed = false;
    },
  };
}

export type EngineApi = ReturnType<typeof createEngineApi<ImageBitmap>>;

/**
 * The page's side of the worker: comlink-wrapped, typed from the worker's own exposed object (import
 * type only, so tfjs never reaches the page bundle). AbortSignals travel as they are (abort-signal.ts);
 * a dead worker rejects every call in flight; every call is counted here (the tests' "no worker call").
 */
import './abort-signal';
import * as Comlink from 'comlink';
import { abortError, throwIfAborted } from '../gradcam/abort';
import type { BenchmarkSpec } from '../gradcam/benchmark';
import type {
  DatasetBatchItem,
  DatasetFileRef,
  DatasetImageRequest,
  OverlayRequest,
} from './dataset-protocol';
import type { ThumbnailsRequest } from './engine-api';
import { type FrameRequest, type FrameResult, type FrameSource, frameTransferables } from './frame-protocol';
import type { GradcamApi } from './gradcam.worker';
import { bitmapForModel } from './model-bitmap';
import {
  type AnalysisOptions,
  type AnalyzeResult,
  type BackendInfo,
  type BackendRequest,
  type DebugOptions,
  FAULT_MESSAGE,
  type FaultReason,
  type GuidedRequest,
  type GuidedResult,
  type MapRequest,
  type MapResult,
  type ModelInfo,
  type ModelSource,
  type ProgressCallback,
} from './protocol';
import type { TrustRequest, TrustResult } from './trust-protocol';
import type { AnalyseFileAnswer } from './video-timings';

/** Calls sent to any worker since the page loaded, by method (bridges come and go; the count stays). */
const callsByMethod: Record<string, number> = {};

export function bridgeCalls(): Record<string, number> {
  return { ...callsByMethod };
}

export function totalBridgeCalls(): number {
  return Object.values(callsByMethod).reduce((sum, n) => sum + n, 0);
}

export class GradcamBridge {
  private readonly worker: Worker;
  private readonly remote: Comlink.Remote<GradcamApi>;
  private terminated = false;
  private dead = false;
  /** Rejecters of the calls in flight: a dead worker never answers them. */
  private readonly pending = new Set<(error: Error) => void>();
  private readonly lifeline = `gradcam-worker-${crypto.randomUUID()}`;

  /** onFault: the worker died (or gave up after losing its GPU context) without being terminated. */
  constructor(private readonly onFault?: (reason: FaultReason) => void) {
    this.worker = new Worker(new URL('./gradcam.worker.ts', import.meta.url), {
      type: 'module',
      name: 'gradcam',
    });
    this.remote = Comlink.wrap<GradcamApi>(this.worker);
    this.worker.addEventListener('message', (event: MessageEvent) => {
      if (event.data?.type === FAULT_MESSAGE) this.died(event.data.reason as FaultReason);
    });
  }

  private died(reason: FaultReason): void {
    if (this.dead || this.terminated) return;
    this.dead = true;
    const error = new Error('The model engine stopped.');
    for (const reject of this.pending) reject(error);
    this.pending.clear();
    this.onFault?.(reason);
  }

  /** Rejects when the worker dies (or is terminated) before answering. */
  private guard<T>(promise: Promise<T>): Promise<T> {
    if (this.dead) return Promise.reject(new Error('The model engine stopped.'));
    if (this.terminated) return Promise.reject(abortError());
    return new Promise<T>((resolve, reject) => {
      this.pending.add(reject);
      promise.then(resolve, reject).finally(() => this.pending.delete(reject));
    });
  }

  /** One counted worker call. */
  private call<T>(method: string, invoke: () => Promise<T>): Promise<T> {
    callsByMethod[method] = (callsByMethod[method] ?? 0) + 1;
    return this.guard(invoke());
  }

  /** Starts the worker's backend; from then on its death is noticed (Web Lock lifeline). */
  async start(backend: BackendRequest, debug: DebugOptions = {}): Promise<BackendInfo> {
    await this.call('init', () => this.remote.holdLifeline(this.lifeline));
    // Granted only once the worker no longer holds it: the worker is gone.
    void navigator.locks?.request(this.lifeline, () => this.died('stopped'));
    return this.guard(this.remote.init(backend, debug));
  }

  loadModel(source: ModelSource, signal?: AbortSignal, onProgress?: ProgressCallback): Promise<ModelInfo> {
    return this.call('loadModel', () =>
      this.remote.loadModel(source, signal, onProgress ? Comlink.proxy(onProgress) : undefined),
    );
  }

  /** Sends the worker its own copy of the photo (downscaled when huge, transferred). */
  async setImage(
    bitmap: ImageBitmap,
    signal?: AbortSignal,
    options: AnalysisOptions = {},
  ): Promise<AnalyzeResult> {
    const copy = await bitmapForModel(bitmap);
    if (signal?.aborted) copy.close();
    throwIfAborted(signal);
    return this.call('setImage', () =>
      this.remote.setImage(Comlink.transfer(copy, [copy]), signal, 5, options),
    );
  }

  heatmap(request: MapRequest, signal?: AbortSignal, onProgress?: ProgressCallback): Promise<MapResult> {
    return this.call('heatmap', () =>
      this.remote.heatmap(request, signal, onProgress ? Comlink.proxy(onProgress) : undefined),
    );
  }

  heatmaps(request: ThumbnailsRequest, signal?: AbortSignal): Promise<MapResult[]> {
    return this.call('heatmaps', () => this.remote.heatmaps(request, signal));
  }

  /** A batch of files of a dataset run (decoded, explained and thumbnailed in the worker). */
  datasetBatch(
    refs: DatasetFileRef[],
    request: DatasetImageRequest,
    signal?: AbortSignal,
  ): Promise<DatasetBatchItem[]> {
    return this.call('datasetBatch', () => this.remote.datasetBatch(refs, request, signal));
  }

  datasetOverlay(file: Blob, name: string, request: OverlayRequest, signal?: AbortSignal): Promise<Blob> {
    return this.call('datasetOverlay', () => this.remote.datasetOverlay(file, name, request, signal));
  }

  guided(request: GuidedRequest, signal?: AbortSignal): Promise<GuidedResult> {
    return this.call('guided', () => this.remote.guided(request, signal));
  }

  /** Camera/video frame -> prediction + low-res map. Transfers the frame: unusable on the page afterwards. */
  frame(frame: FrameSource, request: FrameRequest, signal?: AbortSignal): Promise<FrameResult> {
    return this.call('frame', () =>
      this.remote.frame(Comlink.transfer(frame, frameTransferables(frame)), request, signal),
    );
  }

  /** A whole video file analysed in the worker (decoded there); each result through onResult. */
  analyseFile(
    file: Blob,
    times: number[],
    request: FrameRequest,
    signal: AbortSignal,
    onResult: (time: number, result: FrameResult) => void,
  ): Promise<AnalyseFileAnswer> {
    return this.call('analyseFile', () =>
      this.remote.analyseFile(file, times, request, signal, Comlink.proxy(onResult)),
    );
  }

  warmVideoDecoder(): Promise<void> {
    return this.guard(this.remote.warmVideoDecoder());
  }

  releaseFrames(): Promise<void> {
    return this.guard(this.remote.releaseFrames());
  }

  trust(request: TrustRequest, signal?: AbortSignal, onProgress?: ProgressCallback): Promise<TrustResult> {
    // Comlink's Remote type splits the union's promise apart; the value is a TrustResult.
    return this.call(
      'trust',
      () =>
        this.remote.trust(
          request,
          signal,
          onProgress ? Comlink.proxy(onProgress) : undefined,
        ) as Promise<TrustResult>,
    );
  }

  benchmark(spec: BenchmarkSpec, signal?: AbortSignal): ReturnType<GradcamApi['benchmark']> {
    return this.call('benchmark', () => this.remote.benchmark(spec, signal));
  }

  /** tfjs's tensor count in the worker and the shape of the image the model sees (not counted). */
  memory(): Promise<{
    numTensors: number;
    numBytes: number;
    numBytesInGPU?: number;
    image: number[] | null;
  }> {
    return this.guard(this.remote.memory());
  }

  /** Test hook: kills the worker without telling the bridge (as a crash would). */
  debugKill(): void {
    this.worker.terminate();
  }

  /** Test hook: loses the worker's WebGL context. */
  debugLoseWebGlContext(): Promise<boolean> {
    return this.guard(this.remote.debugLoseWebGlContext());
  }

  terminate(): void {
    this.terminated = true;
    for (const reject of this.pending) reject(abortError());
    this.pending.clear();
    this.remote[Comlink.releaseProxy]();
    this.worker.terminate();
  }
}

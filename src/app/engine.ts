/**
 * The engine's lifecycle: what the pipeline calls (Engine), who starts one (EngineHost: a worker on
 * the page, the core itself in the Node tests) and fault recovery. A lost engine is simply dropped:
 * the pipeline sees no engine, starts a fresh one, and the model, analysis and map follow from what
 * the store still wants (same model, image, class, layer and method).
 */
import { abortError } from '../gradcam/abort';
import type { BenchmarkSpec, CaseTiming, SoakSeries } from '../gradcam/benchmark';
import type { AppState, AppStore } from '../state/store';
import type { VideoHost } from '../video/host';
import type {
  DatasetBatchItem,
  DatasetFileRef,
  DatasetImageRequest,
  OverlayRequest,
} from '../worker/dataset-protocol';
import type { ThumbnailsRequest } from '../worker/engine-api';
import type { FrameRequest, FrameResult, FrameSource } from '../worker/frame-protocol';
import {
  type AnalysisOptions,
  type AnalyzeResult,
  type BackendInfo,
  type BackendRequest,
  backendLabel,
  type FaultReason,
  type GuidedRequest,
  type GuidedResult,
  type MapRequest,
  type MapResult,
  type ModelInfo,
  type ModelSource,
  type ProgressCallback,
} from '../worker/protocol';
import type { TrustRequest, TrustResult } from '../worker/trust-protocol';
import type { EngineUse } from '../worker/wasm-threads';
import type { WorkerMemory } from './debug-api';
import { describeError, type Jobs } from './jobs';

/** What the pipeline asks of an engine: the worker's API (src/worker/engine-api.ts), as promises. */
export interface Engine {
  loadModel(source: ModelSource, signal?: AbortSignal, onProgress?: ProgressCallback): Promise<ModelInfo>;
  /** Analyses the photo (one forward pass); options: another preprocessing or input size. */
  setImage(image: ImageBitmap, signal?: AbortSignal, options?: AnalysisOptions): Promise<AnalyzeResult>;
  heatmap(request: MapRequest, signal?: AbortSignal, onProgress?: ProgressCallback): Promise<MapResult>;
  heatmaps(request: ThumbnailsRequest, signal?: AbortSignal): Promise<MapResult[]>;
  guided(request: GuidedRequest, signal?: AbortSignal): Promise<GuidedResult>;
  /** Camera/video (src/video): one frame (released) -> prediction + low-res map. */
  frame(frame: FrameSource, request: FrameRequest, signal?: AbortSignal): Promise<FrameResult>;
  /** A whole video file, decoded in the worker (the page's worker has it; the Node test engine does not). */
  analyseFile?: VideoHost['analyseFile'];
  /** Starts what analyseFile needs before its first call (the video file mode is shown). */
  warmVideoDecoder?(): Promise<void>;
  /** Frees what the frame calls keep. */
  releaseFrames(): Promise<void>;
  trust(request: TrustRequest, signal?: AbortSignal, onProgress?: ProgressCallback): Promise<TrustResult>;
  benchmark(spec: BenchmarkSpec, signal?: AbortSignal): Promise<{ cases: CaseTiming[]; soak?: SoakSeries }>;
  /** The dataset run (the page's worker has them; the Node test engine does not). */
  datasetBatch?(
    refs: DatasetFileRef[],
    request: DatasetImageRequest,
    signal?: AbortSignal,
  ): Promise<DatasetBatchItem[]>;
  datasetOverlay?(file: Blob, name: string, request: OverlayRequest, signal?: AbortSignal): Promise<Blob>;
  memory(): Promise<WorkerMemory>;
  /** Stops it for good (a new backend, a fault); calls in flight reject. */
  terminate(): void;
  /** Test hooks (the worker engine has them). */
  debugKill?(): void;
  debugLoseWebGlContext?(): Promise<boolean>;
}

export interface EngineHost {
  /** Starts an engine on a backend (wasm: on `threads` threads at most); `onLost` is called if it dies later. */
  start(
    request: BackendRequest,
    onLost: (reason: FaultReason) => void,
    threads?: number,
  ): Promise<{ engine: Engine; backend: BackendInfo }>;
  /**
   * The wasm thread count an engine for this use should run (none: the host has one count), for a
   * model of this many multiply-adds a frame (null: unknown).
   */
  threads?(use: EngineUse, multiplyAdds: number | null): number;
}

/**
 * Whether the running engine must be restarted for another wasm thread count (tfjs fixes the count
 * when its backend starts). Compared with the count it was started with, not the one it reports (a
 * build that cannot run threads would otherwise restart forever); other backends have no count.
 */
export function restartForThreads(
  running: BackendInfo | null,
  startedWith: number | undefined,
  wanted: number | undefined,
): boolean {
  return running?.name === 'wasm' && wanted !== undefined && startedWith !== wanted;
}

/**
 * A worker that keeps dying is not restarted forever. Five minutes, not one: on a slow software GPU
 * a restart and its first map can take over a minute, and a second loss then is still "again".
 */
const FAULT_WINDOW_MS = 5 * 60_000;
const MAX_RESTARTS = 3;
const ENGINE_STAGE = 'engine';

export class EngineRoom {
  /** The running engine, once started. */
  current: Engine | null = null;
  /** The backend request the current (or starting) engine serves. */
  private serves: BackendRequest | null = null;
  /** A request that could not be served (start failed, or too many faults): wait for another choice. */
  private refused: BackendRequest | null = null;
  private generation = 0;
  private readonly faults: number[] = [];
  /** After a fault: the backend to use instead of the wanted one, and what to tell the user. */
  private recovery: { request: BackendRequest; notice: (backend: string) => string | null } | null = null;
  /** What the current engine was started with: the backend asked of the host, and its thread count. */
  private startedAs: { request: BackendRequest; threads: number | undefined } | null = null;

  constructor(
    private readonly host: EngineHost,
    private readonly store: AppStore,
    private readonly jobs: Jobs,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * The engine stage: true when an engine serves the wanted backend, for this use (its wasm thread
   * count); otherwise starts one. A thread count change restarts the engine on the backend it runs
   * (a fallback stays a fallback) and keeps the notice shown; the view is recomputed as after a fault.
   */
  ensure(request: BackendRequest, use: EngineUse = 'photo', multiplyAdds: number | null = null): boolean {
    const threads = this.host.threads?.(use, multiplyAdds);
    if (this.serves === request) {
      const { backend } = this.store.getState();
      if (this.current === null || backend === null) return false;
      if (!restartForThreads(backend, this.startedAs?.threads, threads)) return true;
      this.recovery = { request: this.startedAs?.request ?? request, notice: () => null };
      void this.start(request, threads);
      return false;
    }
    if (this.refused === request) return false;
    void this.start(request, threads);
    return false;
  }

  private async start(request: BackendRequest, threads?: number): Promise<void> {
    const generation = ++this.generation;
    this.drop();
    this.serves = request;
    this.refused = null;
    const recovery = this.recovery;
    this.recovery = null;
    const { set } = this;
    set({ backend: null, ...this.engineLost() });
    const asked = recovery?.request ?? request;
    let started: Awaited<ReturnType<EngineHost['start']>> | undefined;
    let failure: unknown;
    await this.jobs.run(
      ENGINE_STAGE,
      request,
      'Starting the model engine',
      async () => {
        let engine: Engine | undefined;
        const result = await this.host.start(
          asked,
          (reason) => {
            if (engine) this.lost(engine, reason);
          },
          threads,
        );
        engine = result.engine;
        // Superseded while starting (another backend was picked): this one is not wanted.
        if (generation !== this.generation) {
          engine.terminate();
          throw abortError();
        }
        return result;
      },
      (result) => {
        started = result;
      },
      (error) => {
        failure = error;
      },
    );
    if (generation !== this.generation) return;
    if (!started) {
      this.serves = null;
      this.refused = request;
      if (failure !== undefined) set({ error: describeError(failure) });
      return;
    }
    this.current = started.engine;
    this.startedAs = { request: asked, threads };
    const notice = recovery ? recovery.notice(backendLabel(started.backend.name)) : started.backend.notice;
    set({ backend: started.backend, notice: notice ?? this.store.getState().notice });
  }

  /** What the engine had is gone with it: the pipeline recomputes it from what is still wanted. */
  private engineLost() {
    const { model } = this.store.getState();
    return {
      model:
        model.status === 'idle'
          ? model
          : { status: 'loading' as const, info: null, progress: 0, source: null },
      analysis: null,
      map: null,
      thumbs: null,
    };
  }

  private drop(): void {
    this.jobs.abortAll();
    this.current?.terminate();
    this.current = null;
  }

  private readonly set = (patch: Partial<AppState>) => this.store.setState(patch);

  /**
   * The engine died (crash, out of memory) or lost its WebGL context: forget it, so that the pipeline
   * starts a fresh one. A second GPU context loss within five minutes falls back to WebAssembly.
   */
  private lost(dead: Engine, reason: FaultReason): void {
    if (dead !== this.current) return;
    const now = this.now();
    this.faults.push(now);
    while (this.faults.length && now - this.faults[0] > FAULT_WINDOW_MS) this.faults.shift();
    const what =
      reason === 'webgl-context-lost' ? 'The GPU (WebGL) context was lost' : 'The model engine stopped';
    const s = this.store.getState();
    const running = s.backend?.name;
    this.drop();
    const wanted = this.serves;
    this.serves = null;
    if (this.faults.length > MAX_RESTARTS) {
      this.refused = wanted;
      this.set({
        backend: null,
        ...this.engineLost(),
        error: `${what} again (${this.faults.length} times in five minutes). Reload the page, or pick another backend.`,
      });
      return;
    }
    const fallBack =
      reason === 'webgl-context-lost' &&
      this.faults.length > 1 &&
      (running === 'webgl' || running === 'webgpu');
    this.recovery = {
      request: fallBack ? 'wasm' : s.backendRequest,
      notice: (on) =>
        fallBack
          ? `${what} again; switched to ${on} and recomputed the view.`
          : `${what}; restarted it on ${on} and recomputed the view.`,
    };
    this.set({ backend: null, ...this.engineLost() });
  }

  /** Test hooks of the running engine. */
  kill(): void {
    this.current?.debugKill?.();
  }
}

/**
 * The page's side of the worker: comlink-wrapped, typed from the worker's own code (import type only,
 * so tfjs never reaches the page bundle). Every call gets an id; aborting its AbortSignal tells the
 * worker to stop and rejects at once, so a late result is dropped. Errors keep their message.
 */
import * as Comlink from 'comlink';
import type { BenchmarkSpec } from '../gradcam/benchmark';
import type { FrameRequest, FrameResult, FrameSource } from './frame-protocol';
import type { GradcamApi } from './gradcam.worker';
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

export class AbortedError extends Error {
  constructor() {
    super('Cancelled');
    this.name = 'AbortError';
  }
}

export function isAbort(error: unknown): boolean {
  return error instanceof Error && error.name === 'AbortError';
}

export interface BridgeStats {
  /** Calls sent to the worker since the page loaded (tests use it to prove canvas-only updates). */
  calls: number;
  byMethod: Record<string, number>;
}

export class GradcamBridge {
  private readonly worker: Worker;
  private readonly remote: Comlink.Remote<GradcamApi>;
  private nextId = 1;
  private terminated = false;
  private dead = false;
  /** Rejecters of the calls in flight: a dead worker never answers them. */
  private readonly pending = new Set<(error: Error) => void>();
  private readonly lifeline = `gradcam-worker-${crypto.randomUUID()}`;
  readonly stats: BridgeStats = { calls: 0, byMethod: {} };

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

  /** Rejects when the worker dies before answering. */
  private guard<T>(promise: Promise<T>): Promise<T> {
    if (this.dead) return Promise.reject(new Error('The model engine stopped.'));
    return new Promise<T>((resolve, reject) => {
      this.pending.add(reject);
      promise.then(resolve, reject).finally(() => this.pending.delete(reject));
    });
  }

  private count(method: string): void {
    this.stats.calls += 1;
    this.stats.byMethod[method] = (this.stats.byMethod[method] ?? 0) + 1;
  }

  /** Runs one abortable worker call. */
  private call<T>(
    method: string,
    signal: AbortSignal | undefined,
    invoke: (id: number) => Promise<T>,
  ): Promise<T> {
    if (signal?.aborted) return Promise.reject(new AbortedError());
    const id = this.nextId++;
    this.count(method);
    return new Promise<T>((resolve, reject) => {
      const onAbort = () => {
        // A terminated or dead worker has nothing to stop (and its proxy is released).
        if (!this.terminated && !this.dead) void this.remote.abort(id).catch(() => undefined);
        reject(new AbortedError());
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.guard(invoke(id)).then(
        (value) => {
          signal?.removeEventListener('abort', onAbort);
          // Stale: the caller moved on; the promise is already rejected and this value is dropped.
          if (!signal?.aborted) resolve(value);
        },
        (error: unknown) => {
          signal?.removeEventListener('abort', onAbort);
          if (signal?.aborted) return;
          reject(error instanceof Error ? error : new Error(String(error)));
        },
      );
    });
  }

  async init(backend: BackendRequest, debug: DebugOptions = {}): Promise<BackendInfo> {
    this.count('init');
    await this.guard(this.remote.holdLifeline(this.lifeline));
    // Granted only once the worker no longer holds it: the worker is gone.
    void navigator.locks?.request(this.lifeline, () => this.died('stopped'));
    return this.guard(this.remote.init(backend, debug));
  }

  /** tfjs's tensor count in the worker and the shape of the image the model sees. */
  memory(): Promise<{ numTensors: number; numBytes: number; image: number[] | null }> {
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

  loadModel(source: ModelSource, signal?: AbortSignal, onProgress?: ProgressCallback): Promise<ModelInfo> {
    return this.call('loadModel', signal, (id) =>
      this.remote.loadModel(id, source, onProgress ? Comlink.proxy(onProgress) : undefined),
    );
  }

  /** Transfers the bitmap: it is unusable on the page afterwards. */
  setImage(bitmap: ImageBitmap, signal?: AbortSignal): Promise<AnalyzeResult> {
    return this.call('setImage', signal, (id) =>
      this.remote.setImage(id, Comlink.transfer(bitmap, [bitmap]), 5),
    );
  }

  heatmap(request: MapRequest, signal?: AbortSignal, onProgress?: ProgressCallback): Promise<MapResult> {
    return this.call('heatmap', signal, (id) =>
      this.remote.heatmap(id, request, onProgress ? Comlink.proxy(onProgress) : undefined),
    );
  }

  heatmaps(
    request: Omit<MapRequest, 'classIndex'> & { classIndices: number[] },
    signal?: AbortSignal,
  ): Promise<MapResult[]> {
    return this.call('heatmaps', signal, (id) => this.remote.heatmaps(id, request));
  }

  /** Camera/video frame -> prediction + low-res map. Transfers the frame: unusable on the page afterwards. */
  frame(frame: FrameSource, request: FrameRequest, signal?: AbortSignal): Promise<FrameResult> {
    return this.call('frame', signal, (id) =>
      this.remote.frame(id, Comlink.transfer(frame, [frame]), request),
    );
  }

  releaseFrames(): Promise<void> {
    return this.guard(this.remote.releaseFrames());
  }

  benchmark(spec: BenchmarkSpec, signal?: AbortSignal): ReturnType<GradcamApi['benchmark']> {
    return this.call('benchmark', signal, (id) => this.remote.benchmark(id, spec));
  }

  terminate(): void {
    this.terminated = true;
    for (const reject of this.pending) reject(new AbortedError());
    this.pending.clear();
    this.remote[Comlink.releaseProxy]();
    this.worker.terminate();
  }
}

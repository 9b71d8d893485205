/**
 * The page's side of the worker: comlink-wrapped, typed from the worker's own code (import type only,
 * so tfjs never reaches the page bundle). Every call gets an id; aborting its AbortSignal tells the
 * worker to stop and rejects at once, so a late result is dropped. Errors keep their message.
 */
import * as Comlink from 'comlink';
import type { BenchmarkSpec } from '../gradcam/benchmark';
import type { GradcamApi } from './gradcam.worker';
import type {
  AnalyzeResult,
  BackendInfo,
  BackendRequest,
  MapRequest,
  MapResult,
  ModelInfo,
  ModelSource,
  ProgressCallback,
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
  readonly stats: BridgeStats = { calls: 0, byMethod: {} };

  constructor() {
    this.worker = new Worker(new URL('./gradcam.worker.ts', import.meta.url), {
      type: 'module',
      name: 'gradcam',
    });
    this.remote = Comlink.wrap<GradcamApi>(this.worker);
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
        void this.remote.abort(id);
        reject(new AbortedError());
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      invoke(id).then(
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

  init(backend: BackendRequest): Promise<BackendInfo> {
    this.count('init');
    return this.remote.init(backend);
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

  benchmark(spec: BenchmarkSpec, signal?: AbortSignal): ReturnType<GradcamApi['benchmark']> {
    return this.call('benchmark', signal, (id) => this.remote.benchmark(id, spec));
  }

  terminate(): void {
    this.remote[Comlink.releaseProxy]();
    this.worker.terminate();
  }
}

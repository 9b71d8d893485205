/**
 * The page's test contract: the shape of window.gradcamDebug (the end-to-end tests and the benchmark
 * import this declaration; debug-hook.ts implements it) and the fault-injection flags a test may put
 * in the link.
 */
import type { BenchmarkSpec, CaseTiming, SoakSeries } from '../gradcam/benchmark';
import type { AppliedCamOptions, MethodName } from '../gradcam/types';
import { type DebugOptions, isBackendName } from '../worker/protocol';

export interface DebugMap {
  classIndex: number;
  layer: string;
  method: MethodName;
  backend: string;
  width: number;
  height: number;
  map: number[];
  forwardPasses: number;
  timingsMs: { forward: number | null; cam: number };
  ready: boolean;
  /** The method options in force for this map (layers, augSmooth, eigenSmooth, target, versus). */
  options: AppliedCamOptions;
}

export interface DebugModel {
  key: string;
  /** The backend tfjs runs on. */
  backend: string;
  loadMs: number;
  from: 'network' | 'cache' | 'files';
  numClasses: number;
  layers: string[];
}

/** The worker's tfjs tensor count and the shape ([h, w, 3]) of the image the model sees. */
export interface WorkerMemory {
  numTensors: number;
  numBytes: number;
  image: number[] | null;
}

export interface GradcamDebug {
  last(): DebugMap | null;
  workerCalls(): number;
  bridgeCalls(): Record<string, number>;
  model(): DebugModel | null;
  benchmark(spec: BenchmarkSpec): Promise<{ cases: CaseTiming[]; soak?: SoakSeries }>;
  memory(): Promise<WorkerMemory | null>;
  /** Kills the worker as a crash would (the app must notice and restart it). */
  killWorker(): void;
  /** Loses the worker's WebGL context (false when not on WebGL). */
  loseWebGlContext(): Promise<boolean>;
}

declare global {
  interface Window {
    gradcamDebug: GradcamDebug;
  }
}

/**
 * Fault injection for the end-to-end tests, honoured only in a browser driven by a test
 * (navigator.webdriver): debug-hang=webgl, debug-fail=wasm, debug-init-timeout=ms, debug-stall=ms.
 * Read once at start-up, before the address bar is rewritten from the state.
 */
export function readTestFlags(search: string, webdriver = navigator.webdriver): DebugOptions {
  if (!webdriver) return {};
  const params = new URLSearchParams(search);
  const list = (key: string) => (params.get(key) ?? '').split(',').filter(isBackendName);
  const ms = (key: string) => {
    const n = Number(params.get(key));
    return Number.isFinite(n) && n > 0 ? n : undefined;
  };
  return {
    hang: list('debug-hang'),
    fail: list('debug-fail'),
    initTimeoutMs: ms('debug-init-timeout'),
    stallTimeoutMs: ms('debug-stall'),
  };
}

/**
 * The page's test contract: the shape of window.gradcamDebug (the end-to-end tests and the benchmark
 * import this declaration; debug-hook.ts implements it) and the fault-injection flags a test may put
 * in the link.
 */
import type { BenchmarkSpec, CaseTiming, SoakSeries } from '../gradcam/benchmark';
import type { CropRegion } from '../gradcam/preprocessing/geometry';
import type { AppliedCamOptions, MethodName, Preprocess } from '../gradcam/types';
import { type DebugOptions, isBackendName } from '../worker/protocol';
import type { MetricsSummary } from '../worker/trust-protocol';
import type { AnalysisTimings } from '../worker/video-timings';
import type { PhotoBox } from './trust/boxes-view';

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
  /** The map's boxes in photo pixels, COCO-style (as the boxes JSON export). */
  boxes: PhotoBox[];
  /** The faithfulness metrics of this map, once computed (Metrics panel). */
  metrics?: MetricsSummary;
  /** The wasm backend's thread count (1 on every other backend). */
  threads: number;
  /** Whether the page is cross-origin isolated (what wasm threads need). */
  isolated: boolean;
}

export interface DebugModel {
  key: string;
  /** The model's id (catalogue id, or the source key of an own model). */
  id: string;
  /** [h, w] of the model input (in force: a dynamic model's chosen size). */
  inputSize: [number, number];
  channels: 1 | 3;
  /** The preprocessing in force: a preset id (preprocess-select's values) or 'custom'. */
  preprocess: string;
  /** The full preprocessing in force. */
  preprocessing: Preprocess;
  task: 'multiclass' | 'binary' | 'multilabel';
  /** Where labels, preprocessing, input size and task came from. */
  sources: Record<string, string | undefined>;
  /** The part of the photo the model saw last ({x, y, width, height} of imageWidth x imageHeight). */
  region: CropRegion | null;
  /** The backend tfjs runs on. */
  backend: string;
  loadMs: number;
  /** Multiply-adds a forward pass (null: a GraphModel or a dynamic input size). */
  multiplyAdds: number | null;
  from: 'network' | 'cache' | 'files';
  numClasses: number;
  layers: string[];
}

/** The worker's tfjs tensor count and the shape ([h, w, 3]) of the image the model sees. */
export interface WorkerMemory {
  numTensors: number;
  numBytes: number;
  /** Bytes in GPU textures or buffers (WebGL and WebGPU backends only). */
  numBytesInGPU?: number;
  image: number[] | null;
}

/** One analysed sample (video) or live frame (camera): its top-1 or locked class. */
export interface DebugVideoFrame {
  time: number;
  classIndex: number;
  probability: number;
  shift: number;
}

export interface DebugVideo {
  framesAnalysed: number;
  /** Live frames per second (camera), or sampled frames analysed per second (video). */
  fps: number;
  latencyMs: number;
  /** Camera: off | starting | live | paused; video: empty | idle | analysing | ready. */
  state: string;
  lockedClass: number | null;
  /** Video: where the last analysis decoded its frames ('worker' | 'element'); null for the camera or before one. */
  decodedIn: string | null;
  frames: DebugVideoFrame[];
  keyframes: DebugVideoFrame[];
  /** Camera: frames the camera delivered to the live loop since it started (0 for a video file). */
  framesReceived?: number;
  /**
   * Camera: live results since the camera started and the worker's milliseconds summed over them
   * (forward, map, the whole frame call; divide by `frames`).
   */
  liveTimingsMs?: { frames: number; forward: number; map: number; worker: number };
  /** Video: the last worker analysis's per-frame averages in ms (null before one, or where the element decoded). */
  timingsMs?: AnalysisTimings | null;
}

export interface GradcamDebug {
  /** Camera and video (src/video/debug.ts). */
  video(): DebugVideo;
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
  /** The dataset run: files finished (ready or failed), in all, failed, images per second. */
  dataset(): { done: number; total: number; failed: number; imagesPerSecond: number };
  /**
   * Benchmark hooks (bench/dataset.bench.ts): predictions only, no maps, boxes or thumbnails (the
   * forward-only baseline; changing it restarts the run); and the finished tiles repeated `times`
   * times into one grid (a large grid to scroll without explaining that many files).
   */
  setDatasetForwardOnly(on: boolean): void;
  repeatDatasetTiles(times: number): number;
}

declare global {
  interface Window {
    gradcamDebug: GradcamDebug;
  }
}

/**
 * Fault injection for the end-to-end tests, honoured only in a browser driven by a test
 * (navigator.webdriver): debug-hang=webgl, debug-fail=wasm, debug-init-timeout=ms, debug-stall=ms,
 * debug-threads=n (at most n wasm threads).
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
    threads: ms('debug-threads'),
  };
}

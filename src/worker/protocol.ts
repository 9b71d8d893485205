/**
 * Plain data that crosses the page <-> worker boundary. No tfjs types here: the page imports this
 * file (type-only) and must never pull tfjs into its bundle.
 */
import type { ModelDetails } from '../gradcam/model-details';
import type { CropRegion } from '../gradcam/preprocessing/geometry';
import type { AppliedCamOptions, LayerInfo, MethodName, Preprocess } from '../gradcam/types';
import type { GuidedRequest, GuidedResult, MapOptions } from './method-options';

export type { GuidedRequest, GuidedResult, MapOptions };

export const BACKENDS = ['webgpu', 'webgl', 'wasm', 'cpu'] as const;
export type BackendName = (typeof BACKENDS)[number];
export type BackendRequest = BackendName | 'auto';

/** The one home of a backend's user-facing name. */
export const BACKEND_LABEL: Record<BackendName, string> = {
  webgpu: 'WebGPU',
  webgl: 'WebGL',
  wasm: 'WebAssembly',
  cpu: 'CPU',
};

export function backendLabel(name: string | undefined): string {
  return BACKEND_LABEL[name as BackendName] ?? name ?? 'another backend';
}

export function isBackendName(value: unknown): value is BackendName {
  return typeof value === 'string' && (BACKENDS as readonly string[]).includes(value);
}

export interface BackendInfo {
  /** The backend tfjs runs on now. */
  name: BackendName;
  requested: BackendRequest;
  /** Human sentence when the requested (or preferred) backend could not be used. */
  notice?: string;
  /** Backends tried before this one, with the reason each one was skipped. */
  skipped: { name: BackendName; reason: string }[];
  /** GPU description where known (WebGPU adapter or WebGL renderer). */
  device?: string;
  /** Threads the backend computes with: the wasm thread count, 1 on every other backend. */
  threads: number;
  /** Whether the page is cross-origin isolated (what wasm threads need). */
  isolated: boolean;
  initMs: number;
}

/**
 * A model to load, resolved once by the page (src/app/model-source.ts): `key` identifies it (the
 * loaded model's ModelInfo.key is this key) and `title` names it in messages.
 */
export type ModelSource = {
  key: string;
  title: string;
} /** A catalogue entry; url is resolved against the document by the page (the app lives on any sub-path). */ & (
  | { kind: 'catalogue'; id: string; url: string }
  /** A model.json URL pasted by the user. */
  | { kind: 'url'; url: string; meta: CustomModelMeta }
  /** model.json (last) + weight files picked or dropped by the user. */
  | { kind: 'files'; files: File[]; meta: CustomModelMeta }
);

export interface CustomModelMeta {
  /** Only a hint: the core reads the format from the model.json itself. */
  format?: 'layers' | 'graph';
  /** The default when the model's metadata names none (or the user's choice: see preprocessChosen). */
  preprocess: Preprocess;
  /** True when the user picked `preprocess` for this model: it wins over the model's metadata. */
  preprocessChosen?: boolean;
  /** Labels in the model's output order (a labels file the user gave): win over the model's metadata. */
  labels?: string[];
  /** Where those labels were read (for the model panel). */
  labelsFrom?: string;
  /** URL models: a labels file at a URL (share links carry it). */
  labelsUrl?: string;
}

/** How the next analysis prepares the photo: another preprocessing, another size (dynamic models). */
export interface AnalysisOptions {
  /** null/absent: the model's own (catalogue entry or detected from its metadata). */
  preprocess?: Preprocess | null;
  inputSize?: [number, number] | null;
}

export interface ModelInfo {
  key: string;
  title: string;
  labels: string[];
  numClasses: number;
  layers: LayerInfo[];
  defaultLayer: string;
  inputSize: [number, number];
  /** Where the weights came from this time. */
  from: 'network' | 'cache' | 'files';
  loadMs: number;
  /** Multiply-adds a forward pass (src/gradcam/model-cost.ts); null for a GraphModel. */
  multiplyAdds: number | null;
  /** What was detected (input, preprocessing, head) and from where (src/gradcam/model-details.ts). */
  details?: ModelDetails;
}

export interface PredictionItem {
  index: number;
  label: string;
  probability: number;
  score: number;
}

export interface AnalyzeResult {
  predictions: PredictionItem[];
  /** softmax over every class, model output order (for search results). */
  probabilities: Float32Array;
  forwardMs: number;
  forwardPasses: number;
  /** The part of the photo the model saw, in the worker's copy's pixels (imageWidth x imageHeight). */
  region?: CropRegion;
  /** The model as analysed (its preprocessing and input size in force). */
  details?: ModelDetails;
}

export interface MapRequest {
  classIndex: number;
  layer: string;
  method: MethodName;
  /** Score-CAM: at most this many channels. */
  maxChannels?: number;
  /** Smoothing, several layers, score target, versus class (src/worker/method-options.ts). */
  options?: MapOptions;
}

export interface MapResult {
  classIndex: number;
  layer: string;
  method: MethodName;
  /** Low-resolution map size (the target layer's h, w). */
  width: number;
  height: number;
  /** width*height, min-max normalised to [0, 1]. */
  lowRes: Float32Array;
  /** width*height, after ReLU, before normalisation (for the JSON export). */
  raw: Float32Array;
  score: number;
  backend: string;
  camMs: number;
  /** Model forward calls since the image was set (see GradCamSession.forwardPasses: Score-CAM counts batches). */
  forwardPasses: number;
  /** The options in force (what applied to the method). */
  options: AppliedCamOptions;
}

export type ProgressCallback = (fraction: number) => void;

/** What the worker posts (outside comlink) right before it closes itself after a fault. */
export const FAULT_MESSAGE = 'gradcam-fault';
export type FaultReason = 'stopped' | 'webgl-context-lost';

/**
 * Fault injection for end-to-end tests. The page passes it only when the browser is driven by a test
 * (navigator.webdriver) and the link asks for it (see src/app/debug-api.ts, readTestFlags).
 */
export interface DebugOptions {
  /** Backends whose initialisation never finishes. */
  hang?: BackendName[];
  /** Backends whose initialisation fails. */
  fail?: BackendName[];
  /** Backend init timeout instead of the usual 5-15 s. */
  initTimeoutMs?: number;
  /**
   * At most this many wasm threads (default: every core when the page is cross-origin isolated):
   * ?debug-threads=n, or the count the page wants for the engine's use (src/worker/wasm-threads.ts).
   */
  threads?: number;
  /** Model download stall timeout instead of 30 s. */
  stallTimeoutMs?: number;
}

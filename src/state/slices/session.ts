import type { StateCreator } from 'zustand';
import type { AnalyzeResult, BackendInfo, MapResult, ModelInfo, ModelSource } from '../../worker/protocol';
import type { EngineUse } from '../../worker/wasm-threads';
import type { AppState } from '../store';

export interface ShownImage {
  /** Full-resolution, orientation-corrected bitmap shown on the stage and used for the PNG export. */
  bitmap: ImageBitmap;
  width: number;
  height: number;
  name: string;
  /** Sample id when the image is one of the bundled samples (then it can travel in a link). */
  sampleId: string | null;
  /** Increments with every new image: results are keyed by it. */
  token: number;
}

export interface KeyedMap extends MapResult {
  key: string;
}

export interface ModelState {
  status: 'idle' | 'loading' | 'ready' | 'error';
  info: ModelInfo | null;
  progress: number;
  /** Where the loaded model came from (ready only): a failed load falls back to it. */
  source: ModelSource | null;
}

/**
 * What the user wants that is not a link setting (the model to use, the photo), what the engine has
 * (backend, model, analysis, maps) and what is happening now. src/app/stages.ts compares the two.
 */
export interface SessionSlice {
  /** Wanted: the model to use (a catalogue entry, a URL or files), resolved once by src/app/model-source.ts. */
  modelSource: ModelSource | null;
  /** A model whose load failed: not tried again until Retry (or another choice). */
  failedModel: ModelSource | null;
  /** Wanted: the photo. */
  image: ShownImage | null;
  /** Wanted: what the engine is for (the video modes run wasm on a thread fewer: src/worker/wasm-threads.ts). */
  engineUse: EngineUse;
  /**
   * The last loaded model's cost a frame (ModelInfo.multiplyAdds), by its source's key: unlike
   * `model` it outlives an engine restart, so the thread count it decides stays decided.
   */
  modelCost: { key: string; multiplyAdds: number | null } | null;
  backend: BackendInfo | null;
  model: ModelState;
  analysis: (AnalyzeResult & { key: string }) | null;
  map: KeyedMap | null;
  thumbs: { key: string; maps: MapResult[] } | null;
  /** A long map computation the user cancelled: not restarted until a selection changes. */
  cancelledKey: string | null;
  /** What is running, for the status bar; null when idle. */
  running: string | null;
  /** Progress of a long map (Score-CAM, Ablation-CAM) in [0, 1]; null when none. */
  mapProgress: number | null;
  error: string | null;
  /** The error message of a failed model load (Retry is offered while that error shows). */
  retryModel: string | null;
  notice: string | null;
}

export const createSessionSlice: StateCreator<AppState, [], [], SessionSlice> = () => ({
  modelSource: null,
  failedModel: null,
  image: null,
  engineUse: 'photo',
  modelCost: null,
  backend: null,
  model: { status: 'idle', info: null, progress: 0, source: null },
  analysis: null,
  map: null,
  thumbs: null,
  cancelledKey: null,
  running: null,
  mapProgress: null,
  error: null,
  retryModel: null,
  notice: null,
});

/** The wanted model's cost a frame, once it has loaded on any engine; null while unknown. */
export function wantedModelCost(s: Pick<SessionSlice, 'modelSource' | 'modelCost'>): number | null {
  return s.modelSource && s.modelCost?.key === s.modelSource.key ? s.modelCost.multiplyAdds : null;
}

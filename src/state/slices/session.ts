import type { StateCreator } from 'zustand';
import type { AnalyzeResult, BackendInfo, MapResult, ModelInfo } from '../../worker/protocol';
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

/** What the worker produced and what is happening now. */
export interface SessionSlice {
  backend: BackendInfo | null;
  model: { status: 'idle' | 'loading' | 'ready' | 'error'; info: ModelInfo | null; progress: number };
  image: ShownImage | null;
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
  backend: null,
  model: { status: 'idle', info: null, progress: 0 },
  image: null,
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

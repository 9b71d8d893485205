/**
 * The video feature's state (zustand): which source the stage shows, the camera, and the analysed
 * video file. Derived data (timeline rows, keyframes) is computed by selectors (selectors.ts), never stored twice.
 */
import { create } from 'zustand';
import type { AnalysisTimings } from '../worker/video-timings';
import type { CameraDevice } from './camera';
import { DEFAULT_KEYFRAMES, DEFAULT_MAX_PER_SECOND, DEFAULT_MIN_SPACING_S } from './defaults';
import type { AnalysedFrame } from './timeline';

export type SourceMode = 'photo' | 'camera' | 'video';

export interface LiveFrame {
  /** Seconds since the camera started. */
  time: number;
  classIndex: number;
  probability: number;
  label: string;
  shift: number;
  lowRes: Float32Array;
  width: number;
  height: number;
}

export interface VideoState {
  mode: SourceMode;
  /** The class explained in every frame (camera and video); null = each frame's top-1. */
  lockedClass: number | null;
  camera: {
    status: 'off' | 'starting' | 'live' | 'paused';
    error: string | null;
    devices: CameraDevice[];
    deviceId: string | null;
    mirror: boolean;
    fps: number;
    latencyMs: number;
    /** Worker time of the last frame (pixels in, prediction + map out). */
    workerMs: number;
    framesAnalysed: number;
    /** Frames the camera delivered to the live loop since it started (as of the last result). */
    framesReceived: number;
    /** The worker's milliseconds summed over the live results since the camera started. */
    workerSums: LiveTimings;
    /** The latest live result and a short history (for the debug API), newest last. */
    last: LiveFrame | null;
    history: LiveFrame[];
  };
  file: {
    name: string | null;
    url: string | null;
    duration: number;
    error: string | null;
    status: 'empty' | 'idle' | 'analysing' | 'ready';
    progress: { done: number; total: number };
    maxPerSecond: number;
    keyframeCount: number;
    minSpacing: number;
    /** Analysed samples (low-res maps only), ascending time. */
    frames: AnalysedFrame[];
    /** Which class the analysis explained (null = top-1), and its model: a change asks for a new analysis. */
    analysedClass: number | null;
    analysisFps: number;
    /** The last worker analysis's per-frame timings (null before one, or where the element decoded). */
    timingsMs: AnalysisTimings | null;
    /** Where the last analysis decoded its frames: in the worker (WebCodecs) or by seeking a <video>. */
    decodedIn: DecodedIn | null;
    /** Keyframe thumbnails by sample time. */
    thumbs: Record<string, ImageBitmap>;
  };
}

export const HISTORY_LIMIT = 600;

/** Live results counted and their worker times (forward, map, the whole frame call) in ms. */
export interface LiveTimings {
  frames: number;
  forward: number;
  map: number;
  worker: number;
}
export const NO_LIVE_TIMINGS: LiveTimings = { frames: 0, forward: 0, map: 0, worker: 0 };

/** The two ways an analysis reads frames, and how the stats line names them. */
export const DECODED_IN = {
  worker: 'decoded in the worker',
  element: 'decoded by seeking the player',
} as const;
export type DecodedIn = keyof typeof DECODED_IN;

export const useVideoStore = create<VideoState>()(() => ({
  mode: 'photo',
  lockedClass: null,
  camera: {
    status: 'off',
    error: null,
    devices: [],
    deviceId: null,
    mirror: true,
    fps: 0,
    latencyMs: 0,
    workerMs: 0,
    framesAnalysed: 0,
    framesReceived: 0,
    workerSums: NO_LIVE_TIMINGS,
    last: null,
    history: [],
  },
  file: {
    name: null,
    url: null,
    duration: 0,
    error: null,
    status: 'empty',
    progress: { done: 0, total: 0 },
    maxPerSecond: DEFAULT_MAX_PER_SECOND,
    keyframeCount: DEFAULT_KEYFRAMES,
    minSpacing: DEFAULT_MIN_SPACING_S,
    frames: [],
    analysedClass: null,
    analysisFps: 0,
    timingsMs: null,
    decodedIn: null,
    thumbs: {},
  },
}));

export function patchCamera(patch: Partial<VideoState['camera']>): void {
  useVideoStore.setState((s) => ({ camera: { ...s.camera, ...patch } }));
}

export function patchFile(patch: Partial<VideoState['file']>): void {
  useVideoStore.setState((s) => ({ file: { ...s.file, ...patch } }));
}

export function thumbKey(time: number): string {
  return time.toFixed(3);
}

/**
 * What the video feature needs from the rest of the app, in one place: the worker's frame call, the
 * current model and explanation settings, and the way into the single-image view. src/video/wire.ts
 * fills it from the app's pipeline; nothing else in src/video/ imports the app.
 */

import type { MethodName } from '../gradcam/types';
import type { ColormapName } from '../render/colormaps';
import type { FrameRequest, FrameResult, FrameSource } from '../worker/frame-protocol';
import type { AnalyseFileAnswer } from '../worker/video-timings';

export interface VideoModel {
  key: string;
  labels: readonly string[];
  inputSize: [number, number];
}

export interface VideoHost {
  /** The loaded model, or null while none is ready. */
  model(): VideoModel | null;
  /** The model once it is ready (after an engine restart, e.g. for the video modes' thread count). */
  modelReady(signal: AbortSignal): Promise<VideoModel>;
  layer(): string | null;
  method(): MethodName;
  style(): { opacity: number; colormap: ColormapName };
  frame(frame: FrameSource, request: FrameRequest, signal?: AbortSignal): Promise<FrameResult>;
  /**
   * The whole file analysed in the worker (decoded there): resolves with the number of results, each
   * sent through onResult, and the per-frame timings. Rejects with name 'NotDecodable' where the worker cannot read the file.
   */
  analyseFile?(
    file: Blob,
    times: number[],
    request: FrameRequest,
    signal: AbortSignal,
    onResult: (time: number, result: FrameResult) => void,
  ): Promise<AnalyseFileAnswer>;
  releaseFrames(): Promise<void>;
  /**
   * Sends a still (a camera snapshot) to the single-image view, as if the user had dropped it, with
   * the class to select there (the locked one) if any.
   */
  openStill(blob: Blob, name: string, classIndex: number | null): Promise<void>;
}

let host: VideoHost | null = null;

export function setVideoHost(h: VideoHost): void {
  host = h;
}

export function videoHost(): VideoHost {
  if (!host) throw new Error('The video feature is not wired to the app.');
  return host;
}

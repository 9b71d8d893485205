/** Plain data for the frame call (camera and video): page <-> worker. No tfjs types (the page imports it). */
import type { MethodName } from '../gradcam/types';
import type { PredictionItem } from './protocol';

export type PlaneFormat = 'NV12' | 'I420' | 'I420A' | 'RGBA' | 'RGBX' | 'BGRA' | 'BGRX';
export const PLANE_FORMATS: readonly string[] = ['NV12', 'I420', 'I420A', 'RGBA', 'RGBX', 'BGRA', 'BGRX'];

/** A video frame's pixels as copied out by VideoFrame.copyTo (src/worker/yuv.ts converts them). */
export interface Planes {
  format: PlaneFormat;
  width: number;
  height: number;
  data: Uint8Array;
  layout: { offset: number; stride: number }[];
  /** 'bt709' selects BT.709; anything else BT.601. */
  matrix?: string | null;
  fullRange?: boolean | null;
}

/**
 * A camera or video frame, transferred to the worker (a handle: no pixels are copied on the way): a
 * VideoFrame, whose planes the worker reads (yuv.ts), or a bitmap where there are no VideoFrames.
 */
export type FrameSource = ImageBitmap | VideoFrame;

/** What travels without a copy. */
export function frameTransferables(frame: FrameSource): Transferable[] {
  return [frame];
}

/** Releases a frame that will not be sent. */
export function closeFrame(frame: FrameSource): void {
  frame.close();
}

export interface FrameRequest {
  layer: string;
  method: MethodName;
  /** The locked class; absent = the frame's own top-1. */
  classIndex?: number;
  /** Predictions returned (default 5). */
  topK?: number;
}

/**
 * One explained frame as the page gets it (frame call and video analysis alike): plain data, the
 * predictions stripped to their fields, timings in ms.
 */
export function frameResult(
  frame: {
    predictions: readonly PredictionItem[];
    classIndex: number;
    probability: number;
    width: number;
    height: number;
    lowRes: Float32Array;
  },
  run: { layer: string; method: MethodName; backend: string },
  ms: { forward: number; cam: number; total: number },
): FrameResult {
  return {
    predictions: frame.predictions.map(({ index, label, probability, score }) => ({
      index,
      label,
      probability,
      score,
    })),
    classIndex: frame.classIndex,
    probability: frame.probability,
    width: frame.width,
    height: frame.height,
    lowRes: frame.lowRes,
    layer: run.layer,
    method: run.method,
    backend: run.backend,
    forwardMs: ms.forward,
    camMs: ms.cam,
    totalMs: ms.total,
  };
}

export interface FrameResult {
  predictions: PredictionItem[];
  /** The explained class (locked, else top-1) and its probability. */
  classIndex: number;
  probability: number;
  /** Low-resolution map: width*height, min-max normalised to [0, 1]. */
  width: number;
  height: number;
  lowRes: Float32Array;
  layer: string;
  method: MethodName;
  backend: string;
  forwardMs: number;
  camMs: number;
  /** Inside the worker: pixels in -> result out. */
  totalMs: number;
}

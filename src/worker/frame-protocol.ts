/** Plain data for the frame call (camera and video): page <-> worker. No tfjs types (the page imports it). */
import type { MethodName } from '../gradcam/types';
import type { PredictionItem } from './protocol';

/** A camera or video frame: transferred to the worker, which closes it. */
export type FrameSource = ImageBitmap | VideoFrame;

export interface FrameRequest {
  layer: string;
  method: MethodName;
  /** The locked class; absent = the frame's own top-1. */
  classIndex?: number;
  /** Predictions returned (default 5). */
  topK?: number;
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

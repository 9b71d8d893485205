/**
 * The method options as they cross the page <-> worker boundary (plain data, no tfjs), and the
 * Guided Backpropagation call's request and result. The engine side is in engine-api.ts; the
 * option semantics are the core's (src/gradcam/cam-runs.ts).
 */
import type { MethodName, ScoreTarget } from '../gradcam/types';

export interface MapOptions {
  /** The target layers when more than one (the request's layer among them); absent = the request's layer. */
  layers?: string[];
  augSmooth?: boolean;
  eigenSmooth?: boolean;
  target?: ScoreTarget;
  /** "Why this class and not that one?": logit[class] - logit[versus]; null = off. */
  versus?: number | null;
}

export interface GuidedRequest {
  classIndex: number;
  layer: string;
  method: MethodName;
  options?: MapOptions;
}

/** Both pictures at the model's input size, RGBA (pytorch-grad-cam's deprocess_image). */
export interface GuidedResult {
  classIndex: number;
  width: number;
  height: number;
  /** Guided Backpropagation of the class. */
  backprop: Uint8ClampedArray;
  /** Guided Grad-CAM: the final map (the request's method and options) times the guided gradient. */
  guidedCam: Uint8ClampedArray;
  backend: string;
  ms: number;
}

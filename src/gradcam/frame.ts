/**
 * One video or camera frame -> prediction + low-resolution map, in one go: one forward pass, one map
 * (the frame's own top-1, or a locked class). Run it on a session of its own so the single-image
 * view's cached activation is left alone. Framework-free (worker and Node).
 */
import type { MethodName } from './methods/registry';
import type { GradCamSession, ImageInput } from './session';
import type { Prediction } from './types';

export interface FrameOptions {
  /** Explain this class in every frame; absent = each frame's own top-1. */
  classIndex?: number;
  /** Default 'gradcam'. Slow methods (Score-CAM, Ablation-CAM) work but are not meant for live use. */
  method?: MethodName;
  /** Predictions returned (default 5). */
  topK?: number;
  signal?: AbortSignal;
}

export interface FrameResult {
  predictions: Prediction[];
  /** The explained class and its probability in this frame. */
  classIndex: number;
  probability: number;
  /** The layer's h and w; lowRes is height*width, min-max normalised to [0, 1]. */
  width: number;
  height: number;
  lowRes: Float32Array;
  layer: string;
  method: MethodName;
  backend: string;
  timingsMs: { forward: number; cam: number };
}

/** `pixels`: H x W x 3 RGB (0..255, any size), or the model's input values; the caller keeps ownership. */
export async function explainFrame(
  session: GradCamSession,
  pixels: ImageInput,
  opts: FrameOptions = {},
): Promise<FrameResult> {
  const method = opts.method ?? 'gradcam';
  const analysis = await session.analyze(pixels, { topK: opts.topK ?? 5, signal: opts.signal });
  const classIndex = opts.classIndex ?? analysis.predictions[0].index;
  // Only the low-resolution map travels: no input-size map is made (nor read back).
  const cam = await session.heatmap(classIndex, method, { signal: opts.signal, inputSizeMap: false });
  return {
    predictions: analysis.predictions,
    classIndex,
    probability: analysis.probabilities[classIndex],
    width: cam.layerShape[1],
    height: cam.layerShape[0],
    lowRes: cam.lowRes,
    layer: cam.layer,
    method,
    backend: cam.backend,
    timingsMs: { forward: analysis.timingsMs.forward, cam: cam.timingsMs.cam },
  };
}

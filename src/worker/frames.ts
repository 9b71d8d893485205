/**
 * The worker's frame call: a camera or video frame in (transferred), prediction + low-resolution map
 * out, one forward pass and one map. Frames have a session of their own, so the single-image view's
 * cached activation is never touched; releaseFrames() disposes it (tensor count back to its level).
 */
import * as tf from '@tensorflow/tfjs';
import { explainFrame } from '../gradcam/frame';
import { createSession, type GradCamSession, type LoadedModel } from '../gradcam/index';
import type { FrameRequest, FrameResult, FrameSource } from './frame-protocol';

let frameSession: GradCamSession | null = null;
let canvas: OffscreenCanvas | null = null;
let ctx: OffscreenCanvasRenderingContext2D | null = null;

function sessionFor(model: LoadedModel): GradCamSession {
  if (frameSession && frameSession.model !== model) releaseFrames();
  frameSession ??= createSession(model);
  return frameSession;
}

/** The frame's pixels at the model's input size (drawn scaled, as preprocessing would resize); closes the frame. */
function frameToTensor(frame: FrameSource, [h, w]: [number, number]): tf.Tensor3D {
  try {
    if (!canvas || canvas.width !== w || canvas.height !== h) {
      canvas = new OffscreenCanvas(w, h);
      ctx = canvas.getContext('2d', { willReadFrequently: true });
    }
    if (!ctx) throw new Error('This browser cannot read frame pixels in a worker.');
    ctx.imageSmoothingQuality = 'high';
    ctx.drawImage(frame, 0, 0, w, h);
    const rgba = ctx.getImageData(0, 0, w, h).data;
    const rgb = new Int32Array(w * h * 3);
    for (let i = 0, j = 0; i < rgba.length; i += 4, j += 3) {
      rgb[j] = rgba[i];
      rgb[j + 1] = rgba[i + 1];
      rgb[j + 2] = rgba[i + 2];
    }
    return tf.tensor3d(rgb, [h, w, 3], 'int32');
  } finally {
    frame.close();
  }
}

export async function explainFrameSource(
  model: LoadedModel,
  frame: FrameSource,
  request: FrameRequest,
  signal: AbortSignal,
): Promise<FrameResult> {
  const start = performance.now();
  const session = sessionFor(model);
  if (session.layer !== request.layer) session.setLayer(request.layer);
  const pixels = frameToTensor(frame, model.inputSize);
  try {
    const r = await explainFrame(session, pixels, {
      classIndex: request.classIndex,
      method: request.method,
      topK: request.topK,
      signal,
    });
    return {
      predictions: r.predictions.map(({ index, label, probability, score }) => ({
        index,
        label,
        probability,
        score,
      })),
      classIndex: r.classIndex,
      probability: r.probability,
      width: r.width,
      height: r.height,
      lowRes: Float32Array.from(r.lowRes),
      layer: r.layer,
      method: r.method,
      backend: r.backend,
      forwardMs: r.timingsMs.forward,
      camMs: r.timingsMs.cam,
      totalMs: performance.now() - start,
    };
  } finally {
    pixels.dispose();
  }
}

/** Disposes the frames' session (its cached frame and activation). */
export function releaseFrames(): void {
  frameSession?.dispose();
  frameSession = null;
}

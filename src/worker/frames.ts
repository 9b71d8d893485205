/**
 * The worker's frame call: a camera or video frame in (transferred), prediction + low-resolution map
 * out, one forward pass and one map. Frames have a session of their own, so the single-image view's
 * cached activation is never touched; releaseFrames() disposes it (tensor count back to its level).
 */
import * as tf from '@tensorflow/tfjs';
import { explainFrame } from '../gradcam/frame';
import { createSession, type GradCamSession, type LoadedModel } from '../gradcam/index';
import type { FrameRequest, FrameResult, FrameSource } from './frame-protocol';
import { PLANE_FORMATS, type PlaneFormat, planesToRgb } from './yuv';

let frameSession: GradCamSession | null = null;
let canvas: OffscreenCanvas | null = null;
let ctx: OffscreenCanvasRenderingContext2D | null = null;

function sessionFor(model: LoadedModel): GradCamSession {
  if (frameSession && frameSession.model !== model) releaseFrames();
  frameSession ??= createSession(model);
  return frameSession;
}

/** The frame's pixels at the model's input size, drawn scaled on a 2D canvas (ImageBitmaps, and the fallback). */
function drawnPixels(frame: FrameSource, [h, w]: [number, number]): tf.Tensor3D {
  if (!canvas || canvas.width !== w || canvas.height !== h) {
    canvas = new OffscreenCanvas(w, h);
    ctx = canvas.getContext('2d', { willReadFrequently: true });
  }
  if (!ctx) throw new Error('This browser cannot read frame pixels in a worker.');
  ctx.imageSmoothingQuality = 'high';
  ctx.drawImage(frame, 0, 0, w, h);
  const rgba = ctx.getImageData(0, 0, w, h).data;
  return tf.tensor3d(new Uint8Array(rgba.buffer, rgba.byteOffset, rgba.length), [h, w, 4], 'int32');
}

/**
 * A VideoFrame's planes copied out as they are (a memcpy here in the worker: no GPU canvas round
 * trip), then resized and converted to RGB at the model's input size in one pass (src/worker/yuv.ts).
 */
async function copiedPixels(frame: VideoFrame, [h, w]: [number, number]): Promise<tf.Tensor3D> {
  const format = frame.format;
  if (!format || !PLANE_FORMATS.includes(format)) throw new Error(`unsupported frame format ${format}`);
  const data = new Uint8Array(frame.allocationSize());
  const layout = await frame.copyTo(data);
  const { width, height } = frame.visibleRect ?? { width: frame.codedWidth, height: frame.codedHeight };
  const rgb = planesToRgb(
    {
      format: format as PlaneFormat,
      width,
      height,
      data,
      layout,
      matrix: frame.colorSpace?.matrix,
      fullRange: frame.colorSpace?.fullRange,
    },
    w,
    h,
  );
  return tf.tensor3d(rgb, [h, w, 3], 'int32');
}

/** The frame's pixels at the model's input size (int32 RGB or RGBA; preprocessing drops alpha); closes the frame. */
async function frameToTensor(frame: FrameSource, inputSize: [number, number]): Promise<tf.Tensor3D> {
  try {
    if (typeof VideoFrame !== 'undefined' && frame instanceof VideoFrame) {
      try {
        return await copiedPixels(frame, inputSize);
      } catch {
        // A pixel format we do not convert (or a frame without planes): draw it instead.
      }
    }
    return drawnPixels(frame, inputSize);
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
  const pixels = await frameToTensor(frame, model.inputSize);
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

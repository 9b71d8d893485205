/**
 * A camera or video frame's pixels at the model's input size, in the worker (browser only). A
 * VideoFrame's planes are copied out as they are (a memcpy for a camera track's frames; a read-back,
 * here in the worker and not on the page, for a <video>'s), then resized and converted to RGB in one
 * pass (yuv.ts); an ImageBitmap (or a format yuv.ts does not convert) is
 * drawn scaled on a 2D canvas. Closes the frame.
 */
import * as tf from '@tensorflow/tfjs';
import type { FrameSource } from './frame-protocol';
import { PLANE_FORMATS, type PlaneFormat, planesToRgb } from './yuv';

type Drawable = ImageBitmap | VideoFrame;

let canvas: OffscreenCanvas | null = null;
let ctx: OffscreenCanvasRenderingContext2D | null = null;

function drawnPixels(frame: Drawable, [h, w]: [number, number]): tf.Tensor3D {
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
}

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

/** RGB int32 [h, w, 3] at `inputSize` ([h, w]); closes the frame. */
export async function frameToTensor(frame: FrameSource, inputSize: [number, number]): Promise<tf.Tensor3D> {
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

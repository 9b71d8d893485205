/**
 * A camera or video frame's pixels at the model's input size, as RGB bytes [h, w, 3] (no tfjs: the
 * video decode worker uses it too). A VideoFrame's planes are copied out as they are (a memcpy for a
 * camera track's or a decoder's frames; a read-back, off the page, for a <video>'s), then resized
 * and converted to RGB in one pass (yuv.ts); an ImageBitmap (or a format yuv.ts does not convert)
 * is drawn scaled on a 2D canvas. Closes the frame.
 */

import { applyAffine, type ChannelAffine } from '../gradcam/preprocessing/affine';
import type { FrameSource } from './frame-protocol';
import { dropAlpha } from './rgba';
import { PLANE_FORMATS, type PlaneFormat, planesToRgb } from './yuv';

type Drawable = ImageBitmap | VideoFrame;

let canvas: OffscreenCanvas | null = null;
let ctx: OffscreenCanvasRenderingContext2D | null = null;

function drawnPixels(frame: Drawable, [h, w]: [number, number]): Uint8Array {
  if (!canvas || canvas.width !== w || canvas.height !== h) {
    canvas = new OffscreenCanvas(w, h);
    ctx = canvas.getContext('2d', { willReadFrequently: true });
  }
  if (!ctx) throw new Error('This browser cannot read frame pixels in a worker.');
  ctx.imageSmoothingQuality = 'high';
  ctx.drawImage(frame, 0, 0, w, h);
  const rgba = ctx.getImageData(0, 0, w, h).data;
  return dropAlpha(rgba, new Uint8Array(w * h * 3));
}

async function copiedPixels(frame: VideoFrame, [h, w]: [number, number]): Promise<Uint8Array> {
  const format = frame.format;
  if (!format || !PLANE_FORMATS.includes(format)) throw new Error(`unsupported frame format ${format}`);
  const data = new Uint8Array(frame.allocationSize());
  const layout = await frame.copyTo(data);
  const { width, height } = frame.visibleRect ?? { width: frame.codedWidth, height: frame.codedHeight };
  return planesToRgb(
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
}

/** RGB bytes [h, w, 3] at `inputSize` ([h, w]), row-major; closes the frame. */
export async function frameRgb(frame: FrameSource, inputSize: [number, number]): Promise<Uint8Array> {
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

/**
 * The frame at `inputSize` as the model's input values where its preprocessing is one affine map per
 * channel (`affine`, from inputAffine), else as RGB bytes; closes the frame.
 */
export async function frameValues(
  frame: FrameSource,
  inputSize: [number, number],
  affine: ChannelAffine | null,
): Promise<Uint8Array | Float32Array> {
  const rgb = await frameRgb(frame, inputSize);
  return affine ? applyAffine(rgb, affine) : rgb;
}

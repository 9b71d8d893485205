/** Image pixels for the model, in the worker. */
import * as tf from '@tensorflow/tfjs';
import { dropAlpha } from './rgba';

/** Backends whose FromPixels kernel uploads a canvas to the GPU directly (no pixel array in JS). */
const UPLOADS_CANVAS = new Set(['webgl', 'webgpu']);

/**
 * RGB int32 HxWx3 from a bitmap (closed here), via an OffscreenCanvas. On WebGL/WebGPU the canvas
 * goes to the GPU as a texture; elsewhere (wasm, cpu) its RGBA is repacked to RGB straight into the
 * tensor's array: one copy of the pixels either way.
 */
export function bitmapToTensor(bitmap: ImageBitmap): tf.Tensor3D {
  const { width, height } = bitmap;
  const upload = UPLOADS_CANVAS.has(tf.getBackend());
  const canvas = new OffscreenCanvas(width, height);
  const ctx = canvas.getContext('2d', { willReadFrequently: !upload });
  if (!ctx) throw new Error('This browser cannot read image pixels in a worker.');
  // Transparent pixels are composited over white (how the photo looks on a page); the model
  // never sees the arbitrary colours that fully transparent pixels may hold.
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, width, height);
  ctx.drawImage(bitmap, 0, 0);
  bitmap.close();
  // tfjs takes any canvas-like object at run time; its types list only the DOM canvas.
  if (upload) return tf.browser.fromPixels(canvas as unknown as HTMLCanvasElement);
  const rgba = ctx.getImageData(0, 0, width, height).data;
  const rgb = dropAlpha(rgba, new Int32Array(width * height * 3));
  return tf.tensor3d(rgb, [height, width, 3], 'int32');
}

/** Image pixels for the model, in the worker. */
import * as tf from '@tensorflow/tfjs';

/**
 * RGB int32 HxWx3 from a bitmap (closed here), via an OffscreenCanvas (works on every backend, wasm
 * included). One copy of the pixels: the canvas's RGBA is repacked to RGB straight into the tensor's array.
 */
export function bitmapToTensor(bitmap: ImageBitmap): tf.Tensor3D {
  const { width, height } = bitmap;
  const canvas = new OffscreenCanvas(width, height);
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  if (!ctx) throw new Error('This browser cannot read image pixels in a worker.');
  // Transparent pixels are composited over white (how the photo looks on a page); the model
  // never sees the arbitrary colours that fully transparent pixels may hold.
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, width, height);
  ctx.drawImage(bitmap, 0, 0);
  bitmap.close();
  const rgba = ctx.getImageData(0, 0, width, height).data;
  const rgb = new Int32Array(width * height * 3);
  for (let i = 0, j = 0; i < rgba.length; i += 4, j += 3) {
    rgb[j] = rgba[i];
    rgb[j + 1] = rgba[i + 1];
    rgb[j + 2] = rgba[i + 2];
  }
  return tf.tensor3d(rgb, [height, width, 3], 'int32');
}

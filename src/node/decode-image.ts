/** PNG (pngjs) and JPEG (jpeg-js) decoding to RGB pixels, sniffed from the bytes (Node only). */
import { readFile } from 'node:fs/promises';
import * as tf from '@tensorflow/tfjs';
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';

export interface RgbImage {
  width: number;
  height: number;
  /** width * height * 3, row-major RGB 0..255. */
  data: Uint8Array;
}

export function sniffImageType(bytes: Uint8Array): 'png' | 'jpeg' | null {
  if (bytes.length >= 8 && bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47) {
    return 'png';
  }
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpeg';
  return null;
}

function dropAlpha(rgba: Uint8Array, width: number, height: number): Uint8Array {
  const rgb = new Uint8Array(width * height * 3);
  for (let i = 0, j = 0; i < width * height; i++, j += 4) {
    rgb[i * 3] = rgba[j];
    rgb[i * 3 + 1] = rgba[j + 1];
    rgb[i * 3 + 2] = rgba[j + 2];
  }
  return rgb;
}

/** Decodes PNG or JPEG bytes to RGB (alpha dropped, 16-bit PNG scaled to 8-bit by pngjs). */
export function decodeImage(bytes: Uint8Array): RgbImage {
  const type = sniffImageType(bytes);
  if (type === 'png') {
    const png = PNG.sync.read(Buffer.from(bytes));
    return { width: png.width, height: png.height, data: dropAlpha(png.data, png.width, png.height) };
  }
  if (type === 'jpeg') {
    const img = jpeg.decode(bytes, { useTArray: true, formatAsRGBA: true, maxMemoryUsageInMB: 1024 });
    return { width: img.width, height: img.height, data: dropAlpha(img.data, img.width, img.height) };
  }
  throw new Error('not a PNG or JPEG image');
}

export async function readImage(path: string): Promise<RgbImage> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch {
    throw new Error(`cannot read image ${path}`);
  }
  try {
    return decodeImage(bytes);
  } catch (error) {
    throw new Error(`${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** An H x W x 3 int32 tensor of the image (the caller disposes it). */
export function imageToTensor(image: RgbImage): tf.Tensor3D {
  return tf.tensor3d(Int32Array.from(image.data), [image.height, image.width, 3], 'int32');
}

/**
 * The files of a dataset run, in the worker: decode (EXIF orientation, size cap, the page's error
 * messages), the model's input, and after the batched forward pass and maps (gradcam/batch-explain.ts)
 * each file's small overlay thumbnail and the frame its box is computed from when exported
 * (src/dataset/map-box.ts). Also the full overlay PNG of a file for the ZIP export
 * (re-read from the file: nothing big is kept).
 */

import type * as tf from '@tensorflow/tfjs';
import { decodeImage } from '../app/image-input';
import { isAbortError } from '../gradcam/abort';
import type { BatchItem, BatchResult } from '../gradcam/batch-explain';
import { type GradCamSession, preprocessPhoto } from '../gradcam/index';
import type { CropRegion } from '../gradcam/preprocessing/geometry';
import type { ColormapName } from '../render/colormaps';
import type { HeatMap } from '../render/map-colors';
import type { DatasetImageRequest, DatasetImageResult, OverlayRequest } from './dataset-protocol';
import { colorizeMap, thumbnailOf, thumbnailSource } from './dataset-thumbnail';
import { MAX_MODEL_SIDE } from './model-bitmap';
import { bitmapToTensor } from './pixels';

/** The photo drawn at (x, y, w, h) on a canvas of the given size, with the map over it. */
function drawOverlay(
  bitmap: ImageBitmap,
  map: HeatMap,
  canvasW: number,
  canvasH: number,
  rect: { x: number; y: number; w: number; h: number },
  colormap: ColormapName,
  opacity: number,
): OffscreenCanvas {
  const canvas = new OffscreenCanvas(canvasW, canvasH);
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  if (!ctx) throw new Error('Canvas 2D is not available in the worker');
  ctx.imageSmoothingQuality = 'high';
  ctx.drawImage(bitmap, rect.x, rect.y, rect.w, rect.h);
  const heat = new OffscreenCanvas(rect.w, rect.h);
  heat
    .getContext('2d')
    ?.putImageData(new ImageData(colorizeMap(map, rect.w, rect.h, colormap), rect.w, rect.h), 0, 0);
  ctx.globalAlpha = opacity;
  ctx.drawImage(heat, rect.x, rect.y);
  return canvas;
}

async function scaled(bitmap: ImageBitmap, maxSide: number): Promise<ImageBitmap> {
  const longest = Math.max(bitmap.width, bitmap.height);
  if (longest <= maxSide) return bitmap;
  const scale = maxSide / longest;
  const resized = await createImageBitmap(bitmap, {
    resizeWidth: Math.max(1, Math.round(bitmap.width * scale)),
    resizeHeight: Math.max(1, Math.round(bitmap.height * scale)),
    resizeQuality: 'high',
  });
  bitmap.close();
  return resized;
}

/** A file decoded for the model (size-capped) plus a small copy for its thumbnail (its cover size). */
export interface DecodedFile {
  bitmap: ImageBitmap;
  small: ImageBitmap;
  /** The photo's own size (before the size cap): boxes are given in its pixels. */
  photo: { width: number; height: number };
  decodeMs: number;
}

/** Decodes a file (the page's checks and messages). Can run ahead of the engine's queue. */
export async function decodeFile(file: Blob, name: string, thumbnailSize: number): Promise<DecodedFile> {
  const t0 = performance.now();
  const full = await decodeImage(file, name);
  const photo = { width: full.width, height: full.height };
  const bitmap = await scaled(full, MAX_MODEL_SIDE);
  // The thumbnail needs the photo after bitmapToTensor has closed it: a small copy at its cover size.
  const small = await thumbnailSource(bitmap, thumbnailSize);
  return { bitmap, small, photo, decodeMs: performance.now() - t0 };
}

export function releaseDecoded(decoded: DecodedFile): void {
  decoded.bitmap.close();
  decoded.small.close();
}

/** A decoded file made into the model's input (the bitmap is closed), or why it could not be. */
export type PreparedFile =
  | {
      input: tf.Tensor4D;
      small: ImageBitmap;
      photo: { width: number; height: number };
      seen: { width: number; height: number; region: CropRegion };
      decodeMs: number;
    }
  | { error: string };

/** Waits for a decoding and preprocesses it for the session's model (in the engine's queue). */
export async function prepareFile(
  session: GradCamSession,
  decoding: Promise<DecodedFile>,
): Promise<PreparedFile> {
  let decoded: DecodedFile;
  try {
    decoded = await decoding;
  } catch (error) {
    if (isAbortError(error)) throw error;
    return { error: error instanceof Error ? error.message : String(error) };
  }
  const { bitmap, small, photo, decodeMs } = decoded;
  const seen = { width: bitmap.width, height: bitmap.height };
  try {
    const pixels = bitmapToTensor(bitmap);
    try {
      const model = session.model;
      const { input, region } = preprocessPhoto(pixels, { ...model.meta, channels: model.channels });
      return { input, small, photo, seen: { ...seen, region }, decodeMs };
    } finally {
      pixels.dispose();
    }
  } catch (error) {
    bitmap.close();
    small.close();
    return { error: error instanceof Error ? error.message : String(error) };
  }
}

type Prepared = Extract<PreparedFile, { input: tf.Tensor4D }>;

/**
 * The dataset results of a batch's explained files: their overlay thumbnails (every one drawn and its
 * JPEG encoding started, then the encodings awaited), made after the batch has left the engine's queue
 * (the next batch computes meanwhile), and each box's frame. Closes every `small`.
 */
export async function finishFiles(
  files: readonly { prepared: Prepared; item: BatchItem }[],
  batch: Pick<BatchResult, 'layer' | 'method'> & { forwardMs: number; camMs: number },
  request: DatasetImageRequest,
  inputSize: readonly [number, number],
): Promise<DatasetImageResult[]> {
  const mapped = !request.forwardOnly;
  try {
    const maps = files.map(({ item }) => ({ width: item.width, height: item.height, values: item.lowRes }));
    const thumbnails = files.map(({ prepared }, i) => {
      if (!mapped) return Promise.resolve({ blob: null, ms: 0 });
      const started = performance.now();
      const blob = thumbnailOf(
        prepared.small,
        maps[i],
        request.thumbnailSize,
        request.colormap,
        request.opacity,
      );
      return blob.then((b) => ({ blob: b as Blob | null, ms: performance.now() - started }));
    });
    const encoded = await Promise.all(thumbnails);
    return files.map(({ prepared, item }, i) => ({
      predictions: item.predictions.map(({ index, label, probability }) => ({ index, label, probability })),
      classIndex: item.classIndex,
      layer: batch.layer,
      method: batch.method,
      width: maps[i].width,
      height: maps[i].height,
      lowRes: item.lowRes,
      frame: { inputSize, seen: prepared.seen, photo: prepared.photo },
      thumbnail: encoded[i].blob,
      timingsMs: {
        decode: prepared.decodeMs,
        forward: batch.forwardMs,
        cam: batch.camMs,
        thumbnail: encoded[i].ms,
      },
    }));
  } finally {
    for (const { prepared } of files) prepared.small.close();
  }
}

/** The overlay PNG of one file (ZIP export), at most `maxSide` pixels on its longest side. */
export async function overlayPng(file: Blob, name: string, request: OverlayRequest): Promise<Blob> {
  const bitmap = await scaled(await decodeImage(file, name), request.maxSide);
  try {
    const { width, height } = bitmap;
    const map = { width: request.width, height: request.height, values: request.lowRes };
    const rect = { x: 0, y: 0, w: width, h: height };
    const canvas = drawOverlay(bitmap, map, width, height, rect, request.colormap, request.opacity);
    return await canvas.convertToBlob({ type: 'image/png' });
  } finally {
    bitmap.close();
  }
}

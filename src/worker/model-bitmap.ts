/** The page's copy of a photo for the model worker (page side: needs createImageBitmap). */

/** Longest side sent to the model worker: bigger images only cost GPU memory. */
export const MAX_MODEL_SIDE = 2048;

/** A copy for the worker (transferred there), downscaled so that its longest side is at most MAX_MODEL_SIDE. */
export function bitmapForModel(bitmap: ImageBitmap): Promise<ImageBitmap> {
  const longest = Math.max(bitmap.width, bitmap.height);
  if (longest <= MAX_MODEL_SIDE) return createImageBitmap(bitmap);
  const scale = MAX_MODEL_SIDE / longest;
  return createImageBitmap(bitmap, {
    resizeWidth: Math.max(1, Math.round(bitmap.width * scale)),
    resizeHeight: Math.max(1, Math.round(bitmap.height * scale)),
    resizeQuality: 'high',
  });
}

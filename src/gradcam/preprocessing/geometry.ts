/** Where in the photo the model looks: the whole photo (stretch) or a centred crop, in photo pixels. */
import type { Preprocess } from '../types';

/**
 * The region of the photo the model input was made from, in photo pixels (integers): maps and
 * boxes at model-input resolution map to the photo by X = x + u * width / inputWidth (u in input
 * pixels), and likewise for Y. With stretch it is the whole photo.
 */
export interface CropRegion {
  x: number;
  y: number;
  width: number;
  height: number;
  /** The photo's own size, for callers that only keep the region. */
  imageWidth: number;
  imageHeight: number;
}

/**
 * center-crop: the largest centred region with the input's aspect ratio (w/h), times
 * `cropFraction` on each side, rounded to whole pixels (at least 1x1).
 */
export function cropRegion(
  imageHeight: number,
  imageWidth: number,
  inputSize: readonly [number, number],
  preprocess: Pick<Preprocess, 'resize' | 'cropFraction'>,
): CropRegion {
  const full = { x: 0, y: 0, width: imageWidth, height: imageHeight, imageWidth, imageHeight };
  if (preprocess.resize !== 'center-crop') return full;
  const aspect = inputSize[1] / inputSize[0];
  const fraction = preprocess.cropFraction ?? 1;
  let w = imageWidth;
  let h = imageHeight;
  if (imageWidth / imageHeight > aspect) w = imageHeight * aspect;
  else h = imageWidth / aspect;
  const width = Math.max(1, Math.min(imageWidth, Math.round(w * fraction)));
  const height = Math.max(1, Math.min(imageHeight, Math.round(h * fraction)));
  return {
    x: Math.floor((imageWidth - width) / 2),
    y: Math.floor((imageHeight - height) / 2),
    width,
    height,
    imageWidth,
    imageHeight,
  };
}

/** True when the region is the whole photo (nothing is outside the explanation). */
export function isWholeImage(region: CropRegion): boolean {
  return (
    region.x === 0 &&
    region.y === 0 &&
    region.width === region.imageWidth &&
    region.height === region.imageHeight
  );
}

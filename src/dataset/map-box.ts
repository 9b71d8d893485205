/**
 * A dataset image's box for the CSV and JSON exports: the largest component of the final map at the
 * default threshold (made from the layer map, as the page's boxes are), through the crop that made the
 * model input, in the photo's own pixels. Framework-free. The page computes it when an export asks
 * (src/app/dataset/boxes.ts), not during the run: a run's time goes to what the grid shows.
 */
import { boxToPhoto, DEFAULT_BOX_THRESHOLD, mapBoxes, type Rect } from '../gradcam/metrics/boxes';
import { finalMapFromLowRes } from '../gradcam/metrics/final-map';
import type { CropRegion } from '../gradcam/preprocessing/geometry';

/** Where an image's model input came from: what its box needs besides the map. */
export interface BoxFrame {
  /** The model's input size [height, width]. */
  inputSize: readonly [number, number];
  /** The decoded photo the input was made from (size-capped), and the part of it that was used. */
  seen: { width: number; height: number; region?: CropRegion };
  /** The photo's own size: boxes are given in its pixels. */
  photo: { width: number; height: number };
}

/** A map at layer resolution (min-max normalised). */
export interface LowResMap {
  width: number;
  height: number;
  lowRes: Float32Array;
}

/** The map's box (COCO x, y, w, h, rounded to 1/100 px), or null when the map has no region. */
export function datasetBox(map: LowResMap, frame: BoxFrame): Rect | null {
  const { inputSize, seen, photo } = frame;
  const final = finalMapFromLowRes(map.lowRes, map.height, map.width, inputSize);
  const [box] = mapBoxes(final, inputSize[0], inputSize[1], { threshold: DEFAULT_BOX_THRESHOLD });
  if (!box) return null;
  const r = seen.region;
  const crop = r ? { x: r.x, y: r.y, w: r.width, h: r.height } : undefined;
  const p = boxToPhoto(box, inputSize, { width: seen.width, height: seen.height, crop });
  const sx = photo.width / seen.width;
  const sy = photo.height / seen.height;
  const round = (v: number) => Math.round(v * 100) / 100;
  return { x: round(p.x * sx), y: round(p.y * sy), w: round(p.w * sx), h: round(p.h * sy) };
}

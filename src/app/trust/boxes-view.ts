/**
 * Boxes for the page: from the map the stage shows (layer resolution) to boxes in the photo's own
 * pixels, and a user's box scored against the map (IoU with the map's box, the pointing game).
 * Derived data: computed from the map and the threshold, never stored.
 */
// Straight from the modules (not metrics/index): the page bundle must not pull in tfjs.
import {
  boxToPhoto,
  iou,
  mapBoxes,
  type PhotoFrame,
  pointingGame,
  type Rect,
} from '../../gradcam/metrics/boxes';
import { finalMapFromLowRes } from '../../gradcam/metrics/final-map';

/** What the boxes JSON export and gradcamDebug.last().boxes hold (COCO-style, photo pixels). */
export interface PhotoBox {
  classIndex: number;
  label: string;
  x: number;
  y: number;
  w: number;
  h: number;
  score: number;
}

export interface MapForBoxes {
  classIndex: number;
  lowRes: Float32Array;
  width: number;
  height: number;
}

const round2 = (v: number) => Math.round(v * 100) / 100;

/** The final map once per map object (the threshold slider re-thresholds it without resizing again). */
const finalMaps = new WeakMap<Float32Array, Float32Array>();
function finalMap(map: MapForBoxes, inputSize: readonly [number, number]): Float32Array {
  let out = finalMaps.get(map.lowRes);
  if (!out || out.length !== inputSize[0] * inputSize[1]) {
    out = finalMapFromLowRes(map.lowRes, map.height, map.width, inputSize);
    finalMaps.set(map.lowRes, out);
  }
  return out;
}

export function photoBoxes(
  map: MapForBoxes,
  inputSize: readonly [number, number],
  photo: PhotoFrame,
  thresholdPercent: number,
  label: string,
  score: number,
): PhotoBox[] {
  const values = finalMap(map, inputSize);
  return mapBoxes(values, inputSize[0], inputSize[1], { threshold: thresholdPercent / 100 }).map((b) => {
    const p = boxToPhoto(b, inputSize, photo);
    return {
      classIndex: map.classIndex,
      label,
      x: round2(p.x),
      y: round2(p.y),
      w: round2(p.w),
      h: round2(p.h),
      score,
    };
  });
}

export interface UserBoxScore {
  /** IoU with the map's (first) box, or null when the map has none. */
  iou: number | null;
  /** Whether the map's maximum falls inside the user's box. */
  hit: boolean;
}

export function scoreUserBox(
  user: Rect,
  map: MapForBoxes,
  inputSize: readonly [number, number],
  photo: PhotoFrame,
  boxes: readonly PhotoBox[],
): UserBoxScore {
  return {
    iou: boxes.length ? iou(user, boxes[0]) : null,
    hit: pointingGame(finalMap(map, inputSize), inputSize, photo, user),
  };
}

/**
 * The boxes the page shows and exports, derived from the store (the map on the stage, the threshold,
 * the photo): memoised on their inputs so that React selectors get the same array back.
 */

import type { PhotoFrame } from '../../gradcam/metrics/boxes';
import { shortLabel } from '../../gradcam/short-label';
import type { AppState } from '../../state/store';
import { type PhotoBox, photoBoxes, scoreUserBox, type UserBoxScore } from './boxes-view';

let memo: { inputs: unknown[]; boxes: PhotoBox[] } | null = null;

/**
 * Where the model input came from in the shown photo: the whole photo, or the analysis's crop
 * region (given in the worker's copy's pixels, which may be a downscaled copy) in photo pixels.
 */
export function photoFrame(s: AppState): PhotoFrame | null {
  const { image } = s;
  if (!image) return null;
  const region = s.analysis?.region;
  if (!region) return { width: image.width, height: image.height };
  const sx = image.width / region.imageWidth;
  const sy = image.height / region.imageHeight;
  return {
    width: image.width,
    height: image.height,
    crop: { x: region.x * sx, y: region.y * sy, w: region.width * sx, h: region.height * sy },
  };
}

const same = (a: unknown[], b: unknown[]) => a.length === b.length && a.every((v, i) => Object.is(v, b[i]));

/** The map's boxes in the photo's own pixels ([] without a map). */
export function currentBoxes(s: AppState): PhotoBox[] {
  const { map, image } = s;
  const info = s.model.info;
  const inputs = [map, image, info, s.boxThreshold, s.analysis];
  if (memo && same(memo.inputs, inputs)) return memo.boxes;
  let boxes: PhotoBox[] = [];
  const frame = photoFrame(s);
  if (map && frame && info) {
    const label = shortLabel(info.labels[map.classIndex] ?? `class ${map.classIndex}`);
    const score = s.analysis?.probabilities[map.classIndex] ?? map.score;
    boxes = photoBoxes(map, info.inputSize, frame, s.boxThreshold, label, score);
  }
  memo = { inputs, boxes };
  return boxes;
}

/** The user's box on the current photo, if any. */
export function currentUserBox(s: AppState) {
  return s.userBox && s.image && s.userBox.token === s.image.token ? s.userBox : null;
}

/** The user's box scored against the map (IoU with the map's box, the pointing game). */
export function userBoxScore(s: AppState): UserBoxScore | null {
  const user = currentUserBox(s);
  const { map } = s;
  const info = s.model.info;
  const frame = photoFrame(s);
  if (!user || !map || !frame || !info) return null;
  return scoreUserBox(user, map, info.inputSize, frame, currentBoxes(s));
}

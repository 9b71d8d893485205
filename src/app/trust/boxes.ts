/**
 * The boxes the page shows and exports, derived from the store (the map on the stage, the threshold,
 * the photo): memoised on their inputs so that React selectors get the same array back.
 */
import { shortLabel } from '../../gradcam/short-label';
import type { AppState } from '../../state/store';
import { type PhotoBox, photoBoxes, scoreUserBox, type UserBoxScore } from './boxes-view';

let memo: { inputs: unknown[]; boxes: PhotoBox[] } | null = null;

const same = (a: unknown[], b: unknown[]) => a.length === b.length && a.every((v, i) => Object.is(v, b[i]));

/** The map's boxes in the photo's own pixels ([] without a map). */
export function currentBoxes(s: AppState): PhotoBox[] {
  const { map, image } = s;
  const info = s.model.info;
  const inputs = [map, image, info, s.boxThreshold, s.analysis];
  if (memo && same(memo.inputs, inputs)) return memo.boxes;
  let boxes: PhotoBox[] = [];
  if (map && image && info) {
    const label = shortLabel(info.labels[map.classIndex] ?? `class ${map.classIndex}`);
    const score = s.analysis?.probabilities[map.classIndex] ?? map.score;
    boxes = photoBoxes(
      map,
      info.inputSize,
      { width: image.width, height: image.height },
      s.boxThreshold,
      label,
      score,
    );
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
  const { map, image } = s;
  const info = s.model.info;
  if (!user || !map || !image || !info) return null;
  return scoreUserBox(
    user,
    map,
    info.inputSize,
    { width: image.width, height: image.height },
    currentBoxes(s),
  );
}

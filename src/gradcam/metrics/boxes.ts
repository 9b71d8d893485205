/**
 * Boxes from the map (the Grad-CAM paper's localisation protocol): threshold at a fraction of the
 * map's maximum, 4-connected components, the largest one's bounding box (or every component above
 * a fraction of the largest), mapped to the photo's own pixels through the stretch or crop that
 * made the model input. Also IoU and the pointing game against a user's box.
 */

/** A box: COCO-style x, y, w, h (left, top, width, height). */
export interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface Component extends Rect {
  /** 1-based label, in the order components are first met in a row-major scan. */
  label: number;
  pixels: number;
}

export interface BoxOptions {
  /** Threshold as a fraction of the map's maximum (default 0.15): pixels with map >= t * max. */
  threshold?: number;
  /** Keep every component with at least this fraction of the largest one's pixels (default: only the largest). */
  minComponentFraction?: number;
}

export const DEFAULT_BOX_THRESHOLD = 0.15;

/** Where the model input came from in the photo: the region (default the whole photo) stretched to the input. */
export interface PhotoFrame {
  width: number;
  height: number;
  /** The photo region that was resized to the model input (a centre crop, say); default the whole photo. */
  crop?: Rect;
}

/** Run buffers reused between calls (the dataset view labels one 224 x 224 map per image). */
let runs = new Int32Array(0);

/**
 * Every 4-connected component of map >= threshold * max (float64 compare), largest first (ties: first met).
 * Labelled by runs: each row's runs of pixels above the cut are joined to the runs they touch in the
 * row above (union-find, the smaller label kept as the root); a component's smallest label is its
 * first run in a row-major scan, so the labels and their order are those of a flood fill from each
 * first-met pixel, at a fraction of its cost.
 */
export function mapComponents(
  map: ArrayLike<number>,
  h: number,
  w: number,
  threshold = DEFAULT_BOX_THRESHOLD,
) {
  if (map.length !== h * w) throw new Error(`The map has ${map.length} values, expected ${h}x${w}`);
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < map.length; i++) if (map[i] > max) max = map[i];
  const cut = threshold * max;
  // Per run: start and end (exclusive) x, row, provisional label; at most ceil(w / 2) runs a row.
  const most = h * ((w + 1) >> 1);
  if (runs.length < 5 * most) runs = new Int32Array(5 * most);
  const rx0 = runs.subarray(0, most);
  const rx1 = runs.subarray(most, 2 * most);
  const ry = runs.subarray(2 * most, 3 * most);
  const rl = runs.subarray(3 * most, 4 * most);
  const parent = runs.subarray(4 * most, 5 * most); // by provisional label (0-based)
  const root = (l: number) => {
    while (parent[l] !== l) {
      parent[l] = parent[parent[l]];
      l = parent[l];
    }
    return l;
  };
  let count = 0;
  let labels = 0;
  let prevFrom = 0; // the previous row's runs: [prevFrom, rowFrom)
  for (let y = 0; y < h; y++) {
    const rowFrom = count;
    const base = y * w;
    let p = prevFrom;
    for (let x = 0; x < w; ) {
      if (!(map[base + x] >= cut)) {
        x++;
        continue;
      }
      const x0 = x;
      while (x < w && map[base + x] >= cut) x++;
      // Runs above overlapping [x0, x): skip those ending at or before x0.
      while (p < rowFrom && rx1[p] <= x0) p++;
      let label = -1;
      for (let q = p; q < rowFrom && rx0[q] < x; q++) {
        const other = root(rl[q]);
        if (label < 0) label = other;
        else if (other !== label) {
          const lo = Math.min(other, label);
          parent[other === lo ? label : other] = lo;
          label = lo;
        }
      }
      if (label < 0) {
        label = labels++;
        parent[label] = label;
      }
      rx0[count] = x0;
      rx1[count] = x;
      ry[count] = y;
      rl[count] = label;
      count++;
    }
    prevFrom = rowFrom;
  }
  // Roots in label order are the components in first-met order.
  const index = new Int32Array(labels).fill(-1);
  const components: Component[] = [];
  for (let l = 0; l < labels; l++) {
    if (root(l) !== l) continue;
    index[l] = components.length;
    components.push({ label: components.length + 1, pixels: 0, x: w, y: h, w: -1, h: -1 });
  }
  for (let r = 0; r < count; r++) {
    const c = components[index[root(rl[r])]];
    c.pixels += rx1[r] - rx0[r];
    // w and h hold the right and bottom edges (inclusive) until the end.
    if (rx0[r] < c.x) c.x = rx0[r];
    if (rx1[r] - 1 > c.w) c.w = rx1[r] - 1;
    if (ry[r] < c.y) c.y = ry[r];
    if (ry[r] > c.h) c.h = ry[r];
  }
  for (const c of components) {
    c.w = c.w - c.x + 1;
    c.h = c.h - c.y + 1;
  }
  // Stable: equal sizes keep their scan order.
  return { max, cut, components: [...components].sort((a, b) => b.pixels - a.pixels) };
}

/** The boxes the protocol keeps, in model-input pixels: the largest component, or all above a fraction of it. */
export function mapBoxes(map: ArrayLike<number>, h: number, w: number, opts: BoxOptions = {}): Component[] {
  const { components } = mapComponents(map, h, w, opts.threshold ?? DEFAULT_BOX_THRESHOLD);
  if (components.length === 0) return [];
  if (opts.minComponentFraction == null) return [components[0]];
  const min = opts.minComponentFraction * components[0].pixels;
  return components.filter((c) => c.pixels >= min);
}

/** A box in model-input pixels -> photo pixels: X = cx + x * cw / W (edges, as floats). */
export function boxToPhoto(box: Rect, inputSize: readonly [number, number], frame: PhotoFrame): Rect {
  const [ih, iw] = inputSize;
  const crop = frame.crop ?? { x: 0, y: 0, w: frame.width, h: frame.height };
  const sx = crop.w / iw;
  const sy = crop.h / ih;
  return { x: crop.x + box.x * sx, y: crop.y + box.y * sy, w: box.w * sx, h: box.h * sy };
}

/** Whole photo pixels covering a float box: floor of the left/top edge, ceil of the right/bottom edge. */
export function roundOut(box: Rect): Rect {
  const x = Math.floor(box.x);
  const y = Math.floor(box.y);
  return { x, y, w: Math.ceil(box.x + box.w) - x, h: Math.ceil(box.y + box.h) - y };
}

export function iou(a: Rect, b: Rect): number {
  const ix = Math.max(0, Math.min(a.x + a.w, b.x + b.w) - Math.max(a.x, b.x));
  const iy = Math.max(0, Math.min(a.y + a.h, b.y + b.h) - Math.max(a.y, b.y));
  const inter = ix * iy;
  const union = a.w * a.h + b.w * b.h - inter;
  return union > 0 ? inter / union : 0;
}

/** The map's maximum (first in row-major order), as the centre of its pixel in photo coordinates. */
export function mapPeak(
  map: ArrayLike<number>,
  inputSize: readonly [number, number],
  frame: PhotoFrame,
): { x: number; y: number } {
  const [, iw] = inputSize;
  let best = 0;
  for (let i = 1; i < map.length; i++) if (map[i] > map[best]) best = i;
  const y = Math.floor(best / iw);
  const p = boxToPhoto({ x: best - y * iw + 0.5, y: y + 0.5, w: 0, h: 0 }, inputSize, frame);
  return { x: p.x, y: p.y };
}

/** The pointing game: does the map's maximum fall inside the box (photo pixels)? */
export function pointingGame(
  map: ArrayLike<number>,
  inputSize: readonly [number, number],
  frame: PhotoFrame,
  box: Rect,
): boolean {
  const p = mapPeak(map, inputSize, frame);
  return p.x >= box.x && p.x <= box.x + box.w && p.y >= box.y && p.y <= box.y + box.h;
}

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

/** Every 4-connected component of map >= threshold * max (float64 compare), largest first (ties: first met). */
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
  // 1 = above the cut and not labelled yet (one pass over the map, then only bytes are read).
  const open = new Uint8Array(h * w);
  for (let i = 0; i < map.length; i++) if (map[i] >= cut) open[i] = 1;
  const queue = new Int32Array(h * w);
  const components: Component[] = [];
  for (let start = 0; start < h * w; start++) {
    if (open[start] === 0) continue;
    const label = components.length + 1;
    const c: Component = { label, pixels: 0, x: w, y: h, w: 0, h: 0 };
    let x0 = w;
    let y0 = h;
    let x1 = -1;
    let y1 = -1;
    let head = 0;
    let tail = 0;
    queue[tail++] = start;
    open[start] = 0;
    while (head < tail) {
      const i = queue[head++];
      const y = (i / w) | 0;
      const x = i - y * w;
      if (x < x0) x0 = x;
      if (y < y0) y0 = y;
      if (x > x1) x1 = x;
      if (y > y1) y1 = y;
      // The four neighbours in the order left, right, up, down.
      if (x > 0 && open[i - 1] === 1) {
        open[i - 1] = 0;
        queue[tail++] = i - 1;
      }
      if (x < w - 1 && open[i + 1] === 1) {
        open[i + 1] = 0;
        queue[tail++] = i + 1;
      }
      if (y > 0 && open[i - w] === 1) {
        open[i - w] = 0;
        queue[tail++] = i - w;
      }
      if (y < h - 1 && open[i + w] === 1) {
        open[i + w] = 0;
        queue[tail++] = i + w;
      }
    }
    c.pixels = tail;
    c.x = x0;
    c.y = y0;
    c.w = x1 - c.x + 1;
    c.h = y1 - c.y + 1;
    components.push(c);
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

/**
 * The dataset view's JPEG overlay thumbnails, in the worker. The photo's small copy is made at decode
 * time at the thumbnail's cover size (short side = the thumbnail's side), so a thumbnail is one
 * unscaled drawImage on one reused CPU canvas, the map coloured and blended over it in JS (bilinear,
 * half-pixel centres, as the ZIP's overlays), one putImageData and the JPEG encoding: no second
 * canvas, no scaled draws, no canvas context made per image.
 */

import { type ColormapName, colormapLut } from '../render/colormaps';

export interface HeatMap {
  width: number;
  height: number;
  values: Float32Array;
}

/** Colour-table entries for the dataset's thumbnails and ZIP overlays (the page's heatmap uses more). */
export const LUT_SIZE = 256;

/** The photo's size scaled so that its short side is `size` (the centre square's cover). */
export function coverSize(width: number, height: number, size: number): { width: number; height: number } {
  const scale = size / Math.min(width, height);
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}

/** The small copy a thumbnail is drawn from: the photo at its cover size (a new bitmap). */
export function thumbnailSource(bitmap: ImageBitmap, size: number): Promise<ImageBitmap> {
  const cover = coverSize(bitmap.width, bitmap.height, size);
  return createImageBitmap(bitmap, {
    resizeWidth: cover.width,
    resizeHeight: cover.height,
    resizeQuality: 'high',
  });
}

/** For each pixel along one side of the canvas: the two map indices and the second's weight. */
function axis(size: number, offset: number, drawn: number, mapSide: number) {
  const i0 = new Int32Array(size);
  const i1 = new Int32Array(size);
  const t = new Float32Array(size);
  for (let p = 0; p < size; p++) {
    const s = Math.min(mapSide - 1, Math.max(0, ((p - offset + 0.5) * mapSide) / drawn - 0.5));
    const lo = Math.floor(s);
    i0[p] = lo;
    i1[p] = Math.min(mapSide - 1, lo + 1);
    t[p] = s - lo;
  }
  return { i0, i1, t };
}

/**
 * The map, stretched over the photo's rect (x, y, w, h on the canvas), coloured and blended over the
 * canvas pixels at `opacity` (source-over, as drawing it with globalAlpha does). Each map row is
 * interpolated along x once; opaque photo pixels (nearly all) take the short path.
 */
export function blendMap(
  pixels: ImageData,
  map: HeatMap,
  rect: { x: number; y: number; w: number; h: number },
  colormap: ColormapName,
  opacity: number,
): void {
  const lut = colormapLut(colormap, LUT_SIZE);
  const { width: cw, height: ch, data } = pixels;
  const { width: mw, height: mh, values } = map;
  const xs = axis(cw, rect.x, rect.w, mw);
  const ys = axis(ch, rect.y, rect.h, mh);
  const a = Math.min(1, Math.max(0, opacity));
  const rows = new Float64Array(mh * cw);
  for (let my = 0; my < mh; my++) {
    for (let x = 0, r = my * cw; x < cw; x++, r++) {
      const v0 = values[my * mw + xs.i0[x]];
      rows[r] = v0 + (values[my * mw + xs.i1[x]] - v0) * xs.t[x];
    }
  }
  const tinted = new Float64Array(lut.length);
  for (let i = 0; i < lut.length; i++) tinted[i] = lut[i] * a;
  const rest = 1 - a;
  for (let y = 0, p = 0; y < ch; y++) {
    const top = ys.i0[y] * cw;
    const bottom = ys.i1[y] * cw;
    const fy = ys.t[y];
    for (let x = 0; x < cw; x++, p += 4) {
      const t = rows[top + x];
      const v = Math.min(1, Math.max(0, t + (rows[bottom + x] - t) * fy));
      const i = 3 * Math.round(v * (LUT_SIZE - 1));
      const alpha = data[p + 3];
      if (alpha === 255) {
        data[p] = tinted[i] + data[p] * rest;
        data[p + 1] = tinted[i + 1] + data[p + 1] * rest;
        data[p + 2] = tinted[i + 2] + data[p + 2] * rest;
        continue;
      }
      const keep = (alpha / 255) * rest;
      const outA = a + keep;
      if (outA <= 0) continue;
      data[p] = (tinted[i] + data[p] * keep) / outA;
      data[p + 1] = (tinted[i + 1] + data[p + 1] * keep) / outA;
      data[p + 2] = (tinted[i + 2] + data[p + 2] * keep) / outA;
      data[p + 3] = outA * 255;
    }
  }
}

let reused: { canvas: OffscreenCanvas; ctx: OffscreenCanvasRenderingContext2D } | null = null;

/** One CPU canvas of the given size for every thumbnail (convertToBlob copies its pixels at once). */
function canvasOf(size: number) {
  if (reused?.canvas.width !== size || reused.canvas.height !== size) {
    const canvas = new OffscreenCanvas(size, size);
    const ctx = canvas.getContext('2d', { willReadFrequently: true });
    if (!ctx) throw new Error('Canvas 2D is not available in the worker');
    reused = { canvas, ctx };
  }
  return reused;
}

/**
 * The photo's centre square with the map over it: both stretched to the same cover rect, so the map
 * stays on the image (the model saw the whole photo stretched to its input; the map is stretched
 * back). `small` is the photo at its cover size (thumbnailSource).
 */
export function thumbnailOf(
  small: ImageBitmap,
  map: HeatMap,
  size: number,
  colormap: ColormapName,
  opacity: number,
): Promise<Blob> {
  const { canvas, ctx } = canvasOf(size);
  const cover = coverSize(small.width, small.height, size);
  const rect = {
    x: Math.round((size - cover.width) / 2),
    y: Math.round((size - cover.height) / 2),
    w: cover.width,
    h: cover.height,
  };
  ctx.clearRect(0, 0, size, size);
  ctx.drawImage(small, rect.x, rect.y, rect.w, rect.h); // unscaled when small has the cover size
  const pixels = ctx.getImageData(0, 0, size, size);
  blendMap(pixels, map, rect, colormap, opacity);
  ctx.putImageData(pixels, 0, 0);
  return canvas.convertToBlob({ type: 'image/jpeg', quality: 0.85 });
}

/**
 * The dataset view's JPEG overlay thumbnails, in the worker. The photo's small copy is made at decode
 * time at the thumbnail's cover size (short side = the thumbnail's side), so a thumbnail is one
 * unscaled drawImage on one reused CPU canvas, the map coloured and blended over it in JS
 * (src/render/map-colors.ts: bilinear, half-pixel centres, as the ZIP's overlays), one putImageData
 * and the JPEG encoding: no second canvas, no scaled draws, no canvas context made per image. Also
 * the colours of the ZIP's overlay PNGs (colorizeMap), from the same sampling and colour table.
 */

import { type ColormapName, colormapLut } from '../render/colormaps';
import { bilinearLevels, blendLevels, colorLevels, type HeatMap, type MapRect } from '../render/map-colors';

/** Colour-table entries for the dataset's thumbnails and ZIP overlays (the page's heatmap uses more). */
const LUT_SIZE = 256;

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

/** The map coloured at outW x outH as opaque RGBA bytes (the ZIP's overlay PNGs, dataset-image.ts). */
export function colorizeMap(
  map: HeatMap,
  outW: number,
  outH: number,
  colormap: ColormapName,
): Uint8ClampedArray<ArrayBuffer> {
  const levels = bilinearLevels(map, outW, outH, { x: 0, y: 0, w: outW, h: outH }, LUT_SIZE);
  return colorLevels(levels, colormapLut(colormap, LUT_SIZE));
}

/**
 * The map, stretched over the photo's rect (x, y, w, h on the canvas), coloured and blended over the
 * canvas pixels at `opacity` (source-over, as drawing it with globalAlpha does).
 */
export function blendMap(
  pixels: ImageData,
  map: HeatMap,
  rect: MapRect,
  colormap: ColormapName,
  opacity: number,
): void {
  const levels = bilinearLevels(map, pixels.width, pixels.height, rect, LUT_SIZE);
  blendLevels(pixels.data, levels, colormapLut(colormap, LUT_SIZE), opacity);
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

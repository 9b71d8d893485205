/**
 * The heatmap over a video picture. The map is coloured at a small size and stretched by the canvas
 * (smooth, and cheap enough for every displayed frame); the model saw the whole frame squeezed to its
 * input size, so the map is stretched over the whole frame.
 */
import type { ColormapName } from '../render/colormaps';
import { colorizeHeatmap, type HeatMap } from '../render/draw-heatmap';

export interface OverlayStyle {
  opacity: number;
  colormap: ColormapName;
}

const COLOR_SIDE = 56;
let cache: { map: HeatMap; colormap: ColormapName; canvas: OffscreenCanvas } | null = null;

/** The map coloured at a small size (cached for the last map). */
export function smallHeatmap(map: HeatMap, colormap: ColormapName): OffscreenCanvas {
  if (cache && cache.map === map && cache.colormap === colormap) return cache.canvas;
  const canvas = new OffscreenCanvas(COLOR_SIDE, COLOR_SIDE);
  canvas.getContext('2d')!.putImageData(colorizeHeatmap(map, COLOR_SIDE, COLOR_SIDE, colormap), 0, 0);
  cache = { map, colormap, canvas };
  return canvas;
}

type Ctx2D = CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D;

/** Draws the map over the rectangle (the picture must already be there, or be under the canvas). */
export function drawMap(
  ctx: Ctx2D,
  map: HeatMap,
  style: OverlayStyle,
  x: number,
  y: number,
  w: number,
  h: number,
) {
  ctx.imageSmoothingEnabled = true;
  ctx.imageSmoothingQuality = 'high';
  ctx.globalAlpha = style.opacity;
  ctx.drawImage(smallHeatmap(map, style.colormap), x, y, w, h);
  ctx.globalAlpha = 1;
}

/**
 * Draws only the map on the overlay canvas (or clears it) at the small colouring size: CSS stretches
 * the canvas over the picture, so the compositor scales one small texture. Drawing the map at the
 * canvas's displayed size on every frame cost up to a core of the GPU process on a software GPU
 * (1200x900 at 10 frames/s: 1.9 cores with 'high' smoothing, 0.9 with 'low'; .scratch measurements).
 */
export function drawOverlayCanvas(canvas: HTMLCanvasElement, map: HeatMap | null, style: OverlayStyle): void {
  if (canvas.width !== COLOR_SIDE || canvas.height !== COLOR_SIDE) {
    canvas.width = COLOR_SIDE;
    canvas.height = COLOR_SIDE;
  }
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  if (!map) {
    ctx.clearRect(0, 0, COLOR_SIDE, COLOR_SIDE);
    return;
  }
  const image = colorizeHeatmap(map, COLOR_SIDE, COLOR_SIDE, style.colormap);
  const alpha = Math.round(Math.max(0, Math.min(1, style.opacity)) * 255);
  for (let p = 3; p < image.data.length; p += 4) image.data[p] = alpha;
  ctx.putImageData(image, 0, 0);
}

/** A frame of a video element and its map in one canvas (snapshots, thumbnails, the exported video). */
export function drawFrameWithMap(
  ctx: Ctx2D,
  source: CanvasImageSource,
  map: HeatMap | null,
  style: OverlayStyle,
  x: number,
  y: number,
  w: number,
  h: number,
): void {
  ctx.imageSmoothingEnabled = true;
  ctx.imageSmoothingQuality = 'high';
  ctx.drawImage(source, x, y, w, h);
  if (map) drawMap(ctx, map, style, x, y, w, h);
}

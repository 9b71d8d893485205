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

/** Sizes a canvas to its displayed size (device pixels) and draws only the map on it (or clears it). */
export function drawOverlayCanvas(canvas: HTMLCanvasElement, map: HeatMap | null, style: OverlayStyle): void {
  const dpr = Math.min(2, window.devicePixelRatio || 1);
  const w = Math.max(1, Math.round(canvas.clientWidth * dpr));
  const h = Math.max(1, Math.round(canvas.clientHeight * dpr));
  if (canvas.width !== w || canvas.height !== h) {
    canvas.width = w;
    canvas.height = h;
  }
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  ctx.clearRect(0, 0, w, h);
  if (map) drawMap(ctx, map, style, 0, 0, w, h);
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

/**
 * Heatmap drawing as plain functions (no React): the map coloured at any size and aspect ratio
 * (map-colors.ts: bicubic upsampling, a colour table) and composited over the image.
 */
import { type ColormapName, colormapLut } from './colormaps';
import { bicubicLevels, colorLevels, type HeatMap } from './map-colors';

export type { HeatMap } from './map-colors';

/** 'guided': Guided Backpropagation beside Guided Grad-CAM (src/render/draw-guided.ts). */
export type ViewMode = 'overlay' | 'side-by-side' | 'heatmap' | 'guided';

export type Canvas2D = HTMLCanvasElement | OffscreenCanvas;

/** Entries in the heatmap's colour table: fine enough that smooth gradients do not band. */
const LUT_SIZE = 1024;

/**
 * Colours the map, upsampled smoothly to outW x outH. The model saw the whole image squeezed to its
 * input size, so the map is stretched back over the whole image whatever its aspect ratio.
 */
export function colorizeHeatmap(map: HeatMap, outW: number, outH: number, colormap: ColormapName): ImageData {
  const levels = bicubicLevels(map, outW, outH, LUT_SIZE);
  return new ImageData(colorLevels(levels, colormapLut(colormap, LUT_SIZE)), outW, outH);
}

export function makeCanvas(width: number, height: number): Canvas2D {
  if (typeof OffscreenCanvas !== 'undefined') return new OffscreenCanvas(width, height);
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  return canvas;
}

export function context(canvas: Canvas2D): CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D {
  const ctx = canvas.getContext('2d') as CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D | null;
  if (!ctx) throw new Error('Canvas 2D is not available');
  return ctx;
}

/** The coloured map as a canvas of the given size, cached by identity of (map, size, colormap). */
let heatCache: { map: HeatMap; w: number; h: number; colormap: ColormapName; canvas: Canvas2D } | null = null;
export function heatmapCanvas(map: HeatMap, w: number, h: number, colormap: ColormapName): Canvas2D {
  if (
    heatCache &&
    heatCache.map === map &&
    heatCache.w === w &&
    heatCache.h === h &&
    heatCache.colormap === colormap
  ) {
    return heatCache.canvas;
  }
  const canvas = makeCanvas(w, h);
  context(canvas).putImageData(colorizeHeatmap(map, w, h, colormap), 0, 0);
  heatCache = { map, w, h, colormap, canvas };
  return canvas;
}

/** The part of the image the model saw (a centre crop), in pixels of an imageWidth x imageHeight copy. */
export interface SceneRegion {
  x: number;
  y: number;
  width: number;
  height: number;
  imageWidth: number;
  imageHeight: number;
}

export interface Scene {
  image: ImageBitmap | null;
  map: HeatMap | null;
  /** Absent or the whole image: the map covers the image; otherwise only the region, the rest dimmed. */
  region?: SceneRegion | null;
  opacity: number;
  colormap: ColormapName;
  viewMode: ViewMode;
}

export interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** Largest rectangle of the image's aspect ratio inside the box, centred. */
export function fitRect(imageW: number, imageH: number, box: Rect): Rect {
  const scale = Math.min(box.w / imageW, box.h / imageH);
  const w = Math.max(1, Math.round(imageW * scale));
  const h = Math.max(1, Math.round(imageH * scale));
  return { x: Math.round(box.x + (box.w - w) / 2), y: Math.round(box.y + (box.h - h) / 2), w, h };
}

/** Image, then the map over it (overlay), or the map alone. */
function drawPane(
  ctx: CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D,
  scene: Scene,
  rect: Rect,
  mode: 'image' | 'overlay' | 'heatmap',
): void {
  if (!scene.image) return;
  ctx.imageSmoothingEnabled = true;
  ctx.imageSmoothingQuality = 'high';
  if (mode !== 'heatmap' || !scene.map) ctx.drawImage(scene.image, rect.x, rect.y, rect.w, rect.h);
  if (mode === 'image' || !scene.map) return;
  const area = regionRect(scene.region, rect);
  const heat = heatmapCanvas(scene.map, area.w, area.h, scene.colormap);
  ctx.globalAlpha = mode === 'heatmap' ? 1 : scene.opacity;
  ctx.drawImage(heat, area.x, area.y);
  ctx.globalAlpha = 1;
  if (area !== rect) dimOutside(ctx, rect, area);
}

/** Where the region lies inside the drawn image rectangle (the rectangle itself when it is the whole image). */
export function regionRect(region: SceneRegion | null | undefined, rect: Rect): Rect {
  if (!region) return rect;
  const { x, y, width, height, imageWidth: iw, imageHeight: ih } = region;
  if (x === 0 && y === 0 && width === iw && height === ih) return rect;
  const left = Math.round(rect.x + (x / iw) * rect.w);
  const top = Math.round(rect.y + (y / ih) * rect.h);
  return {
    x: left,
    y: top,
    w: Math.max(1, Math.round(rect.x + ((x + width) / iw) * rect.w) - left),
    h: Math.max(1, Math.round(rect.y + ((y + height) / ih) * rect.h) - top),
  };
}

/** The photo outside the model's crop is visibly outside the explanation: dimmed, with an outline. */
function dimOutside(
  ctx: CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D,
  rect: Rect,
  area: Rect,
): void {
  ctx.fillStyle = 'rgb(0 0 0 / 55%)';
  ctx.fillRect(rect.x, rect.y, rect.w, area.y - rect.y);
  ctx.fillRect(rect.x, area.y + area.h, rect.w, rect.y + rect.h - area.y - area.h);
  ctx.fillRect(rect.x, area.y, area.x - rect.x, area.h);
  ctx.fillRect(area.x + area.w, area.y, rect.x + rect.w - area.x - area.w, area.h);
  ctx.strokeStyle = 'rgb(255 255 255 / 85%)';
  ctx.lineWidth = 1;
  ctx.strokeRect(area.x + 0.5, area.y + 0.5, area.w - 1, area.h - 1);
}

/**
 * Where the stage draws the photo in a canvas of the given size: one pane (overlay, heatmap), or
 * the photo and the overlay side by side along the long axis, whichever wastes less space.
 */
export function scenePanes(
  iw: number,
  ih: number,
  width: number,
  height: number,
  viewMode: ViewMode,
  gap = 16,
): { image?: Rect; overlay: Rect } {
  const full: Rect = { x: 0, y: 0, w: width, h: height };
  if (viewMode !== 'side-by-side') return { overlay: fitRect(iw, ih, full) };
  const horizontal: [Rect, Rect] = [
    { x: 0, y: 0, w: (full.w - gap) / 2, h: full.h },
    { x: (full.w + gap) / 2, y: 0, w: (full.w - gap) / 2, h: full.h },
  ];
  const vertical: [Rect, Rect] = [
    { x: 0, y: 0, w: full.w, h: (full.h - gap) / 2 },
    { x: 0, y: (full.h + gap) / 2, w: full.w, h: (full.h - gap) / 2 },
  ];
  const area = (r: Rect) => {
    const f = fitRect(iw, ih, r);
    return f.w * f.h;
  };
  const panes = area(horizontal[0]) >= area(vertical[0]) ? horizontal : vertical;
  return { image: fitRect(iw, ih, panes[0]), overlay: fitRect(iw, ih, panes[1]) };
}

/** Draws the whole stage into a canvas of the given pixel size. */
export function drawScene(canvas: Canvas2D, scene: Scene, gap = 16): void {
  const ctx = context(canvas);
  ctx.clearRect(0, 0, canvas.width, canvas.height);
  if (!scene.image) return;
  const { width: iw, height: ih } = scene.image;
  const panes = scenePanes(iw, ih, canvas.width, canvas.height, scene.viewMode, gap);
  if (panes.image) drawPane(ctx, scene, panes.image, 'image');
  drawPane(ctx, scene, panes.overlay, scene.viewMode === 'heatmap' ? 'heatmap' : 'overlay');
}

/**
 * The overlay (or the map alone) at the image's own resolution, as a PNG blob; `decorate` draws on
 * top in photo pixels (the boxes).
 */
export async function exportPng(
  scene: Scene,
  decorate?: (ctx: CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D) => void,
): Promise<Blob> {
  if (!scene.image || !scene.map) throw new Error('There is no heatmap to export yet.');
  const { width, height } = scene.image;
  const canvas = makeCanvas(width, height);
  const ctx = context(canvas);
  const rect = { x: 0, y: 0, w: width, h: height };
  // The cache is for the stage; the export is one-off, so colour directly.
  if (scene.viewMode !== 'heatmap') ctx.drawImage(scene.image, 0, 0);
  const area = regionRect(scene.region, rect);
  const heat = makeCanvas(area.w, area.h);
  context(heat).putImageData(colorizeHeatmap(scene.map, area.w, area.h, scene.colormap), 0, 0);
  ctx.globalAlpha = scene.viewMode === 'heatmap' ? 1 : scene.opacity;
  ctx.drawImage(heat, area.x, area.y);
  ctx.globalAlpha = 1;
  if (area !== rect) dimOutside(ctx, rect, area);
  decorate?.(ctx);
  if (canvas instanceof OffscreenCanvas) return canvas.convertToBlob({ type: 'image/png' });
  return new Promise((resolve, reject) =>
    canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('PNG encoding failed'))), 'image/png'),
  );
}

/** A small square preview: the whole image stretched to the square (as the model sees it) with the map over it. */
export function drawThumbnail(
  canvas: HTMLCanvasElement,
  image: ImageBitmap,
  map: HeatMap,
  colormap: ColormapName,
  opacity: number,
): void {
  const ctx = context(canvas);
  const size = canvas.width;
  ctx.clearRect(0, 0, size, size);
  // Map the whole image to the square (as the model saw it): the map lines up exactly.
  ctx.imageSmoothingEnabled = true;
  ctx.imageSmoothingQuality = 'high';
  ctx.drawImage(image, 0, 0, size, canvas.height);
  const heat = makeCanvas(size, canvas.height);
  context(heat).putImageData(colorizeHeatmap(map, size, canvas.height, colormap), 0, 0);
  ctx.globalAlpha = Math.max(0.35, opacity);
  ctx.drawImage(heat, 0, 0);
  ctx.globalAlpha = 1;
}

/**
 * The Guided view: Guided Backpropagation beside Guided Grad-CAM, each stretched back to the photo's
 * aspect (the model saw the photo stretched to its input size), and the Guided Grad-CAM export.
 */
import { type Canvas2D, context, makeCanvas, scenePanes } from './draw-heatmap';

export interface GuidedPictures {
  width: number;
  height: number;
  /** RGBA, width*height*4. */
  backprop: Uint8ClampedArray;
  guidedCam: Uint8ClampedArray;
}

let cache: { pictures: GuidedPictures; canvases: [Canvas2D, Canvas2D] } | null = null;

/** The two pictures as canvases at the model's input size (cached by identity). */
function canvasesOf(p: GuidedPictures): [Canvas2D, Canvas2D] {
  if (cache?.pictures === p) return cache.canvases;
  const make = (rgba: Uint8ClampedArray) => {
    const canvas = makeCanvas(p.width, p.height);
    context(canvas).putImageData(new ImageData(new Uint8ClampedArray(rgba), p.width, p.height), 0, 0);
    return canvas;
  };
  cache = { pictures: p, canvases: [make(p.backprop), make(p.guidedCam)] };
  return cache.canvases;
}

/** Guided Backpropagation | Guided Grad-CAM, in the photo's aspect (iw x ih). */
export function drawGuided(canvas: Canvas2D, p: GuidedPictures, iw: number, ih: number, gap = 16): void {
  const ctx = context(canvas);
  ctx.clearRect(0, 0, canvas.width, canvas.height);
  const panes = scenePanes(iw, ih, canvas.width, canvas.height, 'side-by-side', gap);
  const pictures = canvasesOf(p);
  ctx.imageSmoothingEnabled = true;
  ctx.imageSmoothingQuality = 'high';
  [panes.image!, panes.overlay].forEach((r, i) => {
    ctx.drawImage(pictures[i], r.x, r.y, r.w, r.h);
  });
}

/** Guided Grad-CAM at the photo's size, as a PNG blob. */
export async function exportGuidedPng(p: GuidedPictures, iw: number, ih: number): Promise<Blob> {
  const canvas = makeCanvas(iw, ih);
  const ctx = context(canvas);
  ctx.imageSmoothingEnabled = true;
  ctx.imageSmoothingQuality = 'high';
  ctx.drawImage(canvasesOf(p)[1], 0, 0, iw, ih);
  if (canvas instanceof OffscreenCanvas) return canvas.convertToBlob({ type: 'image/png' });
  return new Promise((resolve, reject) =>
    canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('PNG encoding failed'))), 'image/png'),
  );
}

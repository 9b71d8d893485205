/**
 * Overlay PNGs in Node (the command line's --png and batch overlays). The map is sampled and coloured
 * by the same code as the page's dataset overlays and ZIP (src/render/map-colors.ts: bilinear, half-pixel
 * centres, a 256-entry colour table), so a folder explained in the page and on the command line gives
 * the same pictures.
 */
import { writeFile } from 'node:fs/promises';
import { PNG } from 'pngjs';
import { resizeBilinearHalfPixel } from '../gradcam/metrics/final-map';
import { colormapColor, colormapLut } from '../render/colormaps';
import { bilinearLevels, blendLevels } from '../render/map-colors';
import type { RgbImage } from './decode-image';

/** Colour-table entries, as the page's dataset overlays (and OpenCV's applyColorMap) use. */
const LUT_SIZE = 256;

/** Jet (OpenCV's COLORMAP_JET, piecewise linear): v in [0, 1] -> RGB 0..255; NaN counts as 0. */
export function jet(v: number): [number, number, number] {
  const x = Math.min(1, Math.max(0, Number.isFinite(v) ? v : 0));
  return colormapColor('jet', x).map((c) => Math.round(255 * c)) as [number, number, number];
}

/** Bilinear resize (half-pixel centres) of a h x w map to outH x outW: the final map's resize. */
export const resizeMap = resizeBilinearHalfPixel;

/**
 * The jet-coloured heatmap blended over the image: (1 - alpha) * image + alpha * jet(map), like
 * pytorch-grad-cam's show_cam_on_image. The map (mapH x mapW, in [0, 1]) is stretched over the image.
 */
export function overlayRgba(
  image: RgbImage,
  map: ArrayLike<number>,
  mapH: number,
  mapW: number,
  alpha = 0.5,
): Uint8Array {
  const { width, height } = image;
  const heat = { width: mapW, height: mapH, values: Float32Array.from(map) };
  const levels = bilinearLevels(heat, width, height, { x: 0, y: 0, w: width, h: height }, LUT_SIZE);
  const out = new Uint8ClampedArray(width * height * 4);
  for (let i = 0, p = 0; i < width * height; i++, p += 4) {
    out[p] = image.data[i * 3];
    out[p + 1] = image.data[i * 3 + 1];
    out[p + 2] = image.data[i * 3 + 2];
    out[p + 3] = 255;
  }
  blendLevels(out, levels, colormapLut('jet', LUT_SIZE), alpha);
  return new Uint8Array(out.buffer);
}

export function encodePng(rgba: Uint8Array, width: number, height: number): Buffer {
  const png = new PNG({ width, height });
  png.data = Buffer.from(rgba);
  return PNG.sync.write(png);
}

export async function writeOverlayPng(
  path: string,
  image: RgbImage,
  map: ArrayLike<number>,
  mapH: number,
  mapW: number,
  alpha = 0.5,
): Promise<void> {
  await writeFile(path, encodePng(overlayRgba(image, map, mapH, mapW, alpha), image.width, image.height));
}

/** Jet colour map and heatmap overlay written as PNG (Node only; the browser has src/render). */
import { writeFile } from 'node:fs/promises';
import { PNG } from 'pngjs';
import type { RgbImage } from './decode-image';

/** Jet (as matplotlib / OpenCV's COLORMAP_JET, piecewise linear): v in [0, 1] -> RGB 0..255. */
export function jet(v: number): [number, number, number] {
  const x = Math.min(1, Math.max(0, Number.isFinite(v) ? v : 0));
  const channel = (centre: number) =>
    Math.round(255 * Math.min(1, Math.max(0, 1.5 - Math.abs(4 * x - centre))));
  return [channel(3), channel(2), channel(1)];
}

/** Bilinear sample (half-pixel centres) of a h x w map at output size H x W. */
export function resizeMap(
  map: ArrayLike<number>,
  h: number,
  w: number,
  outH: number,
  outW: number,
): Float32Array {
  const out = new Float32Array(outH * outW);
  for (let y = 0; y < outH; y++) {
    const sy = Math.min(h - 1, Math.max(0, ((y + 0.5) * h) / outH - 0.5));
    const y0 = Math.floor(sy);
    const y1 = Math.min(h - 1, y0 + 1);
    const fy = sy - y0;
    for (let x = 0; x < outW; x++) {
      const sx = Math.min(w - 1, Math.max(0, ((x + 0.5) * w) / outW - 0.5));
      const x0 = Math.floor(sx);
      const x1 = Math.min(w - 1, x0 + 1);
      const fx = sx - x0;
      const top = map[y0 * w + x0] * (1 - fx) + map[y0 * w + x1] * fx;
      const bottom = map[y1 * w + x0] * (1 - fx) + map[y1 * w + x1] * fx;
      out[y * outW + x] = top * (1 - fy) + bottom * fy;
    }
  }
  return out;
}

/**
 * The jet-coloured heatmap blended over the image: (1 - alpha) * image + alpha * jet(map), like
 * pytorch-grad-cam's show_cam_on_image. The map (mapH x mapW, in [0, 1]) is resized to the image.
 */
export function overlayRgba(
  image: RgbImage,
  map: ArrayLike<number>,
  mapH: number,
  mapW: number,
  alpha = 0.5,
): Uint8Array {
  const { width, height } = image;
  const resized = resizeMap(map, mapH, mapW, height, width);
  const out = new Uint8Array(width * height * 4);
  for (let i = 0; i < width * height; i++) {
    const [r, g, b] = jet(resized[i]);
    out[i * 4] = Math.round((1 - alpha) * image.data[i * 3] + alpha * r);
    out[i * 4 + 1] = Math.round((1 - alpha) * image.data[i * 3 + 1] + alpha * g);
    out[i * 4 + 2] = Math.round((1 - alpha) * image.data[i * 3 + 2] + alpha * b);
    out[i * 4 + 3] = 255;
  }
  return out;
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

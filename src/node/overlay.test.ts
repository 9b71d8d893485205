import { describe, expect, it } from 'vitest';
import type { RgbImage } from './decode-image';
import { jet, overlayRgba, resizeMap } from './overlay';

/** A w x h photo-like gradient (every pixel different) as RGB bytes. */
function gradientImage(width: number, height: number): RgbImage {
  const data = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 3;
      data[i] = (x * 255) / (width - 1);
      data[i + 1] = (y * 255) / (height - 1);
      data[i + 2] = ((x + y) * 7) % 256;
    }
  }
  return { width, height, data };
}

describe('overlay PNG colours', () => {
  it('jet has OpenCV COLORMAP_JET ends and middle, and maps NaN to its low end', () => {
    expect(jet(0)).toEqual([0, 0, 128]);
    expect(jet(0.5)).toEqual([128, 255, 128]);
    expect(jet(1)).toEqual([128, 0, 0]);
    expect(jet(Number.NaN)).toEqual(jet(0));
    expect(jet(2)).toEqual(jet(1));
  });

  it('blends jet of the bilinear-resized map over the image, within 2 levels of the exact formula', () => {
    const image = gradientImage(61, 37);
    const map = [0, 0.2, 0.9, 0.35, 1, 0.05, 0.6, 0.75, 0.1, 0.45, 0.8, 0.3]; // 3 x 4
    const alpha = 0.4;
    const rgba = overlayRgba(image, map, 3, 4, alpha);
    const resized = resizeMap(map, 3, 4, image.height, image.width);
    let worst = 0;
    let differing = 0;
    for (let i = 0; i < image.width * image.height; i++) {
      const colour = jet(resized[i]);
      for (let c = 0; c < 3; c++) {
        const exact = (1 - alpha) * image.data[i * 3 + c] + alpha * colour[c];
        const diff = Math.abs(rgba[i * 4 + c] - exact);
        worst = Math.max(worst, diff);
        if (diff > 0.5) differing++;
      }
      expect(rgba[i * 4 + 3]).toBe(255);
    }
    expect(worst).toBeLessThanOrEqual(2);
    // Mostly the nearest byte: the 256-entry table moves only a small share of channels.
    expect(differing / (image.width * image.height * 3)).toBeLessThan(0.2);
  });

  it('a map of ones at full opacity is the colour table top everywhere', () => {
    const image = gradientImage(9, 5);
    const rgba = overlayRgba(image, [1, 1, 1, 1], 2, 2, 1);
    for (let p = 0; p < rgba.length; p += 4) expect([...rgba.subarray(p, p + 4)]).toEqual([128, 0, 0, 255]);
  });
});

/** The thumbnail's cover size and its map blend (the canvas steps themselves need a browser: e2e). */
import { describe, expect, it } from 'vitest';
import { colormapLut } from '../render/colormaps';
import { blendMap, coverSize } from './dataset-thumbnail';

/** An ImageData-shaped object (Node has no ImageData): w x h of one RGBA colour. */
function pixels(w: number, h: number, rgba: [number, number, number, number]): ImageData {
  const data = new Uint8ClampedArray(w * h * 4);
  for (let p = 0; p < data.length; p += 4) data.set(rgba, p);
  return { width: w, height: h, data, colorSpace: 'srgb' } as ImageData;
}

const map = (width: number, height: number, values: number[]) => ({
  width,
  height,
  values: Float32Array.from(values),
});

const lut = colormapLut('jet', 256);
const colour = (v: number) => [...lut.subarray(3 * v, 3 * v + 3)];
const rgbAt = (image: ImageData, i: number) => [...image.data.subarray(4 * i, 4 * i + 3)];

describe('dataset thumbnails', () => {
  it('covers the square with the short side', () => {
    expect(coverSize(768, 576, 176)).toEqual({ width: 235, height: 176 });
    expect(coverSize(100, 300, 176)).toEqual({ width: 176, height: 528 });
    expect(coverSize(50, 50, 176)).toEqual({ width: 176, height: 176 }); // small photos are enlarged
  });

  it('blends the coloured map over the photo at the opacity', () => {
    const full = pixels(3, 2, [10, 20, 30, 255]);
    blendMap(full, map(1, 1, [1]), { x: 0, y: 0, w: 3, h: 2 }, 'jet', 1);
    for (let i = 0; i < 6; i++) expect(rgbAt(full, i)).toEqual(colour(255));
    const none = pixels(3, 2, [10, 20, 30, 255]);
    blendMap(none, map(1, 1, [1]), { x: 0, y: 0, w: 3, h: 2 }, 'jet', 0);
    expect(rgbAt(none, 5)).toEqual([10, 20, 30]);
    const half = pixels(1, 1, [10, 20, 30, 255]);
    blendMap(half, map(1, 1, [0]), { x: 0, y: 0, w: 1, h: 1 }, 'jet', 0.5);
    const expected = colour(0).map((c, k) => (c + [10, 20, 30][k]) / 2);
    for (const [k, c] of rgbAt(half, 0).entries()) expect(Math.abs(c - expected[k])).toBeLessThanOrEqual(0.5);
    expect(half.data[3]).toBe(255);
    // A transparent photo pixel takes the map's colour at the opacity's alpha (source-over).
    const clear = pixels(1, 1, [0, 0, 0, 0]);
    blendMap(clear, map(1, 1, [1]), { x: 0, y: 0, w: 1, h: 1 }, 'jet', 0.4);
    expect(rgbAt(clear, 0)).toEqual(colour(255));
    expect(clear.data[3]).toBe(102);
  });

  it('stretches the map bilinearly over the photo rect, half-pixel centres', () => {
    // A 1 x 2 map [0, 1] over 4 columns: samples at -0.25 (clamped), 0.25, 0.75, 1.25 (clamped).
    const row = pixels(4, 1, [0, 0, 0, 255]);
    blendMap(row, map(2, 1, [0, 1]), { x: 0, y: 0, w: 4, h: 1 }, 'jet', 1);
    expect([0, 1, 2, 3].map((i) => rgbAt(row, i))).toEqual([0, 64, 191, 255].map(colour));
    // The rect wider than the canvas (a landscape photo's centre square): the middle columns of it.
    const centre = pixels(4, 1, [0, 0, 0, 255]);
    blendMap(centre, map(2, 1, [0, 1]), { x: -2, y: 0, w: 8, h: 1 }, 'jet', 1);
    // Rect columns 2..5 of 8: samples at 0.125, 0.375, 0.625, 0.875 between the two values.
    const values = [0.125, 0.375, 0.625, 0.875].map((v) => Math.round(v * 255));
    expect([0, 1, 2, 3].map((i) => rgbAt(centre, i))).toEqual(values.map(colour));
  });
});

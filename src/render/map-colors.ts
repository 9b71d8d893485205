/**
 * The Grad-CAM map sampled at pixel resolution and coloured through a colormap's table, in plain JS
 * (no DOM: the page, the worker and Node run it). Two samplings: bicubic for the page's canvas (a 7x7
 * map stretched over a photo shows bilinear's creases), bilinear with half-pixel centres for the
 * dataset's thumbnails and ZIP overlays (as the reference resizes). Either gives each pixel's entry in
 * the colour table, which is then written out (colorLevels) or blended over a photo (blendLevels).
 * Callers that need ImageData make it from the returned bytes.
 */

export interface HeatMap {
  width: number;
  height: number;
  /** width*height values in [0, 1]. */
  values: Float32Array;
}

/** Where the map is stretched to, in pixels of the output (it may reach past the output's edges). */
export interface MapRect {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** Keys' cubic convolution kernel (a = -0.5, Catmull-Rom): interpolates, and is C1-smooth. */
function cubicWeights(t: number, out: Float32Array): void {
  const a = -0.5;
  const t2 = t * t;
  const t3 = t2 * t;
  out[0] = a * (t3 - 2 * t2 + t);
  out[1] = (a + 2) * t3 - (a + 3) * t2 + 1;
  out[2] = -(a + 2) * t3 + (2 * a + 3) * t2 - a * t;
  out[3] = -a * (t3 - t2);
}

/** For each output coordinate: the 4 clamped source indices and their weights (half-pixel centres). */
function cubicTaps(inSize: number, outSize: number): { index: Int32Array; weight: Float32Array } {
  const index = new Int32Array(outSize * 4);
  const weight = new Float32Array(outSize * 4);
  const w = new Float32Array(4);
  const scale = inSize / outSize;
  for (let o = 0; o < outSize; o++) {
    const f = (o + 0.5) * scale - 0.5;
    const base = Math.floor(f);
    cubicWeights(f - base, w);
    for (let k = 0; k < 4; k++) {
      index[o * 4 + k] = Math.min(inSize - 1, Math.max(0, base - 1 + k));
      weight[o * 4 + k] = w[k];
    }
  }
  return { index, weight };
}

/**
 * The map upsampled to outW x outH for display, clamped to [0, 1]. Bicubic rather than the reference's
 * bilinear: a 7x7 map stretched over a photo shows bilinear's creases at every cell centre as hard
 * edges. The maps the core returns (and the JSON export) stay exactly the reference's.
 */
export function upsampleMap(map: HeatMap, outW: number, outH: number): Float32Array {
  const { width: w, height: h, values } = map;
  const cols = cubicTaps(w, outW);
  const rows = cubicTaps(h, outH);
  // Separable: rows of the source first (h x outW), then columns.
  const wide = new Float32Array(h * outW);
  for (let y = 0; y < h; y++) {
    const row = y * w;
    for (let x = 0; x < outW; x++) {
      const t = x * 4;
      wide[y * outW + x] =
        values[row + cols.index[t]] * cols.weight[t] +
        values[row + cols.index[t + 1]] * cols.weight[t + 1] +
        values[row + cols.index[t + 2]] * cols.weight[t + 2] +
        values[row + cols.index[t + 3]] * cols.weight[t + 3];
    }
  }
  const out = new Float32Array(outW * outH);
  for (let y = 0; y < outH; y++) {
    const t = y * 4;
    const r0 = rows.index[t] * outW;
    const r1 = rows.index[t + 1] * outW;
    const r2 = rows.index[t + 2] * outW;
    const r3 = rows.index[t + 3] * outW;
    const [w0, w1, w2, w3] = [rows.weight[t], rows.weight[t + 1], rows.weight[t + 2], rows.weight[t + 3]];
    for (let x = 0; x < outW; x++) {
      const v = wide[r0 + x] * w0 + wide[r1 + x] * w1 + wide[r2 + x] * w2 + wide[r3 + x] * w3;
      out[y * outW + x] = v > 0 ? Math.min(v, 1) : 0; // also maps NaN to 0
    }
  }
  return out;
}

/**
 * For each pixel along one side of the output: the two map indices and the second's weight, the map
 * stretched over `drawn` pixels from `offset`. Not src/gradcam/half-pixel.ts's table: the source
 * coordinate is ((p - offset + 0.5) * mapSide) / drawn, which rounds differently from that table's
 * (o + 0.5) * (inSize / outSize) (e.g. mapSide 2, drawn 98, pixel 73: 1 here, 0.9999999999999998
 * there), so sharing either formula would change the other's bytes.
 */
function placementAxis(size: number, offset: number, drawn: number, mapSide: number) {
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
 * Each pixel's colour-table entry (of `entries`) on a width x height output, the map stretched
 * bilinearly (half-pixel centres) over `rect`. Each map row is interpolated along x once (in float64).
 */
export function bilinearLevels(
  map: HeatMap,
  width: number,
  height: number,
  rect: MapRect,
  entries: number,
): Uint16Array {
  const { width: mw, height: mh, values } = map;
  const xs = placementAxis(width, rect.x, rect.w, mw);
  const ys = placementAxis(height, rect.y, rect.h, mh);
  const rows = new Float64Array(mh * width);
  for (let my = 0; my < mh; my++) {
    for (let x = 0, r = my * width; x < width; x++, r++) {
      const v0 = values[my * mw + xs.i0[x]];
      rows[r] = v0 + (values[my * mw + xs.i1[x]] - v0) * xs.t[x];
    }
  }
  const levels = new Uint16Array(width * height);
  const top = entries - 1;
  for (let y = 0, p = 0; y < height; y++) {
    const r0 = ys.i0[y] * width;
    const r1 = ys.i1[y] * width;
    const fy = ys.t[y];
    for (let x = 0; x < width; x++, p++) {
      const a = rows[r0 + x];
      levels[p] = Math.round(Math.min(1, Math.max(0, a + (rows[r1 + x] - a) * fy)) * top);
    }
  }
  return levels;
}

/** Each pixel's colour-table entry (of `entries`) of the map upsampled bicubically to width x height. */
export function bicubicLevels(map: HeatMap, width: number, height: number, entries: number): Uint16Array {
  const values = upsampleMap(map, width, height);
  const levels = new Uint16Array(values.length);
  const top = entries - 1;
  // Values are float32 in [0, 1]: v * top + 0.5 is exact, so this rounds as (v * top + 0.5) | 0.
  for (let i = 0; i < values.length; i++) levels[i] = Math.round(values[i] * top);
  return levels;
}

/** Opaque RGBA bytes of the levels through an RGB colour table (colormapLut). */
export function colorLevels(levels: Uint16Array, lut: Uint8Array): Uint8ClampedArray<ArrayBuffer> {
  const data = new Uint8ClampedArray(levels.length * 4);
  for (let i = 0, p = 0; i < levels.length; i++, p += 4) {
    const index = 3 * levels[i];
    data[p] = lut[index];
    data[p + 1] = lut[index + 1];
    data[p + 2] = lut[index + 2];
    data[p + 3] = 255;
  }
  return data;
}

/**
 * The levels' colours blended over RGBA pixels at `opacity` (source-over, as drawing them with
 * globalAlpha does). Opaque pixels (nearly all of a photo) take the short path.
 */
export function blendLevels(
  data: Uint8ClampedArray,
  levels: Uint16Array,
  lut: Uint8Array,
  opacity: number,
): void {
  const a = Math.min(1, Math.max(0, opacity));
  const tinted = new Float64Array(lut.length);
  for (let i = 0; i < lut.length; i++) tinted[i] = lut[i] * a;
  const rest = 1 - a;
  for (let q = 0, p = 0; q < levels.length; q++, p += 4) {
    const i = 3 * levels[q];
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

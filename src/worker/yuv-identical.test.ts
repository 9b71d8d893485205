/** planesToRgb gives exactly the bytes of its first, per-sample implementation (kept here as the reference). */
import { describe, expect, it } from 'vitest';
import { type PlaneFormat, type Planes, planesToRgb } from './yuv';

/** For each output coordinate: the two source indices and the weight of the second (half-pixel centres). */
function axis(outSize: number, inSize: number): { i0: Int32Array; i1: Int32Array; t: Float32Array } {
  const i0 = new Int32Array(outSize);
  const i1 = new Int32Array(outSize);
  const t = new Float32Array(outSize);
  const scale = inSize / outSize;
  for (let o = 0; o < outSize; o++) {
    const s = Math.max(0, (o + 0.5) * scale - 0.5);
    const lo = Math.min(inSize - 1, Math.floor(s));
    i0[o] = lo;
    i1[o] = Math.min(inSize - 1, lo + 1);
    t[o] = s - lo;
  }
  return { i0, i1, t };
}

/** The per-sample implementation planesToRgb replaced (one lerp call per sample), verbatim. */
function referenceRgb(p: Planes, outW: number, outH: number): Uint8Array {
  const out = new Uint8Array(outW * outH * 3);
  const xs = axis(outW, p.width);
  const ys = axis(outH, p.height);
  const d = p.data;
  const lerp2 = (
    plane: number,
    stride: number,
    x0: number,
    x1: number,
    y0: number,
    y1: number,
    tx: number,
    ty: number,
    step: number,
    at: number,
  ) => {
    const base = p.layout[plane].offset;
    const a = d[base + y0 * stride + x0 * step + at];
    const b = d[base + y0 * stride + x1 * step + at];
    const c = d[base + y1 * stride + x0 * step + at];
    const e = d[base + y1 * stride + x1 * step + at];
    return (a + (b - a) * tx) * (1 - ty) + (c + (e - c) * tx) * ty;
  };
  if (p.format.startsWith('RGB') || p.format.startsWith('BGR')) {
    const stride = p.layout[0].stride;
    const [r, b] = p.format.startsWith('RGB') ? [0, 2] : [2, 0];
    for (let oy = 0, j = 0; oy < outH; oy++) {
      const y0 = ys.i0[oy];
      const y1 = ys.i1[oy];
      const ty = ys.t[oy];
      for (let ox = 0; ox < outW; ox++, j += 3) {
        const x0 = xs.i0[ox];
        const x1 = xs.i1[ox];
        const tx = xs.t[ox];
        out[j] = lerp2(0, stride, x0, x1, y0, y1, tx, ty, 4, r) + 0.5;
        out[j + 1] = lerp2(0, stride, x0, x1, y0, y1, tx, ty, 4, 1) + 0.5;
        out[j + 2] = lerp2(0, stride, x0, x1, y0, y1, tx, ty, 4, b) + 0.5;
      }
    }
    return out;
  }
  // YUV 4:2:0: luma at full size, chroma at half size (sampled on its own grid).
  const cw = (p.width + 1) >> 1;
  const ch = (p.height + 1) >> 1;
  const cxs = axis(outW, cw);
  const cys = axis(outH, ch);
  const bt709 = p.matrix === 'bt709';
  const full = p.fullRange === true;
  const [kr, kb] = bt709 ? [0.2126, 0.0722] : [0.299, 0.114];
  const kg = 1 - kr - kb;
  const yScale = full ? 1 : 255 / 219;
  const cScale = full ? 1 : 255 / 224;
  const yOff = full ? 0 : 16;
  const rv = 2 * (1 - kr) * cScale;
  const bu = 2 * (1 - kb) * cScale;
  const gu = ((2 * (1 - kb) * kb) / kg) * cScale;
  const gv = ((2 * (1 - kr) * kr) / kg) * cScale;
  const nv12 = p.format === 'NV12';
  const yStride = p.layout[0].stride;
  const uStride = p.layout[1].stride;
  const vStride = nv12 ? uStride : p.layout[2].stride;
  for (let oy = 0, j = 0; oy < outH; oy++) {
    for (let ox = 0; ox < outW; ox++, j += 3) {
      const yv =
        (lerp2(0, yStride, xs.i0[ox], xs.i1[ox], ys.i0[oy], ys.i1[oy], xs.t[ox], ys.t[oy], 1, 0) - yOff) *
        yScale;
      const cx0 = cxs.i0[ox];
      const cx1 = cxs.i1[ox];
      const cy0 = cys.i0[oy];
      const cy1 = cys.i1[oy];
      const ctx = cxs.t[ox];
      const cty = cys.t[oy];
      const u = nv12
        ? lerp2(1, uStride, cx0, cx1, cy0, cy1, ctx, cty, 2, 0) - 128
        : lerp2(1, uStride, cx0, cx1, cy0, cy1, ctx, cty, 1, 0) - 128;
      const v = nv12
        ? lerp2(1, vStride, cx0, cx1, cy0, cy1, ctx, cty, 2, 1) - 128
        : lerp2(2, vStride, cx0, cx1, cy0, cy1, ctx, cty, 1, 0) - 128;
      // Uint8Array assignment rounds toward zero and wraps: clamp, and add 0.5 to round.
      out[j] = Math.max(0, Math.min(255, yv + rv * v + 0.5));
      out[j + 1] = Math.max(0, Math.min(255, yv - gu * u - gv * v + 0.5));
      out[j + 2] = Math.max(0, Math.min(255, yv + bu * u + 0.5));
    }
  }
  return out;
}

/** Random planes of `format` (padded rows, an offset before the first plane), as copyTo lays them out. */
function randomPlanes(format: PlaneFormat, width: number, height: number, seed: number): Planes {
  let s = seed;
  const rand = () => {
    s = (s * 1103515245 + 12345) >>> 0;
    return s >>> 24;
  };
  const cw = (width + 1) >> 1;
  const ch = (height + 1) >> 1;
  const sizes: [number, number][] =
    format.startsWith('RGB') || format.startsWith('BGR')
      ? [[width * 4 + 12, height]]
      : format === 'NV12'
        ? [
            [width + 3, height],
            [cw * 2 + 5, ch],
          ]
        : [
            [width + 3, height],
            [cw + 1, ch],
            [cw + 2, ch],
          ];
  const layout: { offset: number; stride: number }[] = [];
  let offset = 7;
  for (const [stride, rows] of sizes) {
    layout.push({ offset, stride });
    offset += stride * rows;
  }
  const data = new Uint8Array(offset);
  for (let i = 0; i < data.length; i++) data[i] = rand();
  return { format, width, height, data, layout };
}

describe('planesToRgb', () => {
  const sizes: [number, number, number, number][] = [
    [640, 480, 224, 224],
    [320, 240, 224, 168],
    [161, 121, 224, 224], // odd sizes, upsampled
    [33, 17, 7, 5],
  ];
  for (const format of ['NV12', 'I420', 'RGBA', 'BGRX'] as PlaneFormat[]) {
    it(`${format}: the same bytes as the per-sample implementation`, () => {
      let seed = 1;
      for (const [w, h, outW, outH] of sizes) {
        for (const matrix of ['bt709', 'smpte170m', null]) {
          for (const fullRange of [true, false, null]) {
            const planes = { ...randomPlanes(format, w, h, seed++), matrix, fullRange };
            const got = planesToRgb(planes, outW, outH);
            const want = referenceRgb(planes, outW, outH);
            // The first differing byte (a deep toEqual of 150,000 bytes takes seconds each).
            expect(got.length).toBe(want.length);
            expect(got.findIndex((v, i) => v !== want[i])).toBe(-1);
          }
        }
      }
    });
  }
});

/**
 * A video frame's planes (NV12, I420, or 8-bit RGBA/BGRA) -> RGB at the model's input size, in one
 * pass: bilinear sampling with half-pixel centres (tf.image.resizeBilinear's, which preprocessing
 * uses for photos), YUV -> RGB with the frame's matrix (BT.601 or BT.709) and range. Plain maths, no
 * DOM: the page (or the worker) copies a VideoFrame's planes out with copyTo().
 */

import { halfPixelAxis } from '../gradcam/half-pixel';
import type { Planes } from './frame-protocol';

export { PLANE_FORMATS, type PlaneFormat, type Planes } from './frame-protocol';

/**
 * RGB bytes (outW x outH x 3, row-major) of the frame resized to outW x outH. Each output pixel is
 * lerp(lerp(a, b, tx), lerp(c, e, tx), ty) of its four source samples, written out per row and
 * column (source offsets and weights once per row and once per column, no call per sample): the same
 * arithmetic in the same order as one lerp per sample, so the same bytes (yuv-identical.test.ts).
 */
export function planesToRgb(p: Planes, outW: number, outH: number): Uint8Array {
  const out = new Uint8Array(outW * outH * 3);
  const xs = halfPixelAxis(outW, p.width, Float32Array);
  const ys = halfPixelAxis(outH, p.height, Float32Array);
  const d = p.data;
  if (p.format.startsWith('RGB') || p.format.startsWith('BGR')) {
    const { offset, stride } = p.layout[0];
    const [r, b] = p.format.startsWith('RGB') ? [0, 2] : [2, 0];
    const x0s = new Int32Array(outW);
    const x1s = new Int32Array(outW);
    for (let ox = 0; ox < outW; ox++) {
      x0s[ox] = xs.i0[ox] * 4;
      x1s[ox] = xs.i1[ox] * 4;
    }
    for (let oy = 0, j = 0; oy < outH; oy++) {
      const row0 = offset + ys.i0[oy] * stride;
      const row1 = offset + ys.i1[oy] * stride;
      const ty = ys.t[oy];
      const uy = 1 - ty;
      for (let ox = 0; ox < outW; ox++, j += 3) {
        const tx = xs.t[ox];
        const a0 = row0 + x0s[ox];
        const b0 = row0 + x1s[ox];
        const c0 = row1 + x0s[ox];
        const e0 = row1 + x1s[ox];
        let A = d[a0 + r];
        let B = d[b0 + r];
        let C = d[c0 + r];
        let E = d[e0 + r];
        out[j] = (A + (B - A) * tx) * uy + (C + (E - C) * tx) * ty + 0.5;
        A = d[a0 + 1];
        B = d[b0 + 1];
        C = d[c0 + 1];
        E = d[e0 + 1];
        out[j + 1] = (A + (B - A) * tx) * uy + (C + (E - C) * tx) * ty + 0.5;
        A = d[a0 + b];
        B = d[b0 + b];
        C = d[c0 + b];
        E = d[e0 + b];
        out[j + 2] = (A + (B - A) * tx) * uy + (C + (E - C) * tx) * ty + 0.5;
      }
    }
    return out;
  }
  // YUV 4:2:0: luma at full size, chroma at half size (sampled on its own grid).
  const cw = (p.width + 1) >> 1;
  const ch = (p.height + 1) >> 1;
  const cxs = halfPixelAxis(outW, cw, Float32Array);
  const cys = halfPixelAxis(outH, ch, Float32Array);
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
  const yBase = p.layout[0].offset;
  const yStride = p.layout[0].stride;
  const uStride = p.layout[1].stride;
  const vStride = nv12 ? uStride : p.layout[2].stride;
  // NV12 interleaves U and V in plane 1 (V one byte after U); I420 has them in planes 1 and 2.
  const uBase = p.layout[1].offset;
  const vBase = nv12 ? uBase + 1 : p.layout[2].offset;
  const step = nv12 ? 2 : 1;
  const cx0s = new Int32Array(outW);
  const cx1s = new Int32Array(outW);
  for (let ox = 0; ox < outW; ox++) {
    cx0s[ox] = cxs.i0[ox] * step;
    cx1s[ox] = cxs.i1[ox] * step;
  }
  const { i0: x0s, i1: x1s, t: txs } = xs;
  const ctxs = cxs.t;
  for (let oy = 0, j = 0; oy < outH; oy++) {
    const y0 = yBase + ys.i0[oy] * yStride;
    const y1 = yBase + ys.i1[oy] * yStride;
    const ty = ys.t[oy];
    const uy = 1 - ty;
    const u0 = uBase + cys.i0[oy] * uStride;
    const u1 = uBase + cys.i1[oy] * uStride;
    const v0 = vBase + cys.i0[oy] * vStride;
    const v1 = vBase + cys.i1[oy] * vStride;
    const cty = cys.t[oy];
    const cuy = 1 - cty;
    for (let ox = 0; ox < outW; ox++, j += 3) {
      const x0 = x0s[ox];
      const x1 = x1s[ox];
      const tx = txs[ox];
      let a = d[y0 + x0];
      let b = d[y0 + x1];
      let c = d[y1 + x0];
      let e = d[y1 + x1];
      const yv = ((a + (b - a) * tx) * uy + (c + (e - c) * tx) * ty - yOff) * yScale;
      const cx0 = cx0s[ox];
      const cx1 = cx1s[ox];
      const ctx = ctxs[ox];
      a = d[u0 + cx0];
      b = d[u0 + cx1];
      c = d[u1 + cx0];
      e = d[u1 + cx1];
      const u = (a + (b - a) * ctx) * cuy + (c + (e - c) * ctx) * cty - 128;
      a = d[v0 + cx0];
      b = d[v0 + cx1];
      c = d[v1 + cx0];
      e = d[v1 + cx1];
      const v = (a + (b - a) * ctx) * cuy + (c + (e - c) * ctx) * cty - 128;
      // Uint8Array assignment rounds toward zero and wraps: clamp, and add 0.5 to round.
      const rr = yv + rv * v + 0.5;
      const gg = yv - gu * u - gv * v + 0.5;
      const bb = yv + bu * u + 0.5;
      out[j] = Math.max(0, Math.min(255, rr));
      out[j + 1] = Math.max(0, Math.min(255, gg));
      out[j + 2] = Math.max(0, Math.min(255, bb));
    }
  }
  return out;
}

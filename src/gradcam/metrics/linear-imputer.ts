/**
 * pytorch-grad-cam's NoisyLinearImputer with the noise off: every pixel that is not kept becomes
 * the weighted mean of its in-image 8 neighbours (1/6 edge, 1/12 diagonal), kept neighbours being
 * fixed values. That is one sparse symmetric positive-definite system per channel (the library
 * solves it with scipy's spsolve); here: conjugate gradients preconditioned by a multigrid V-cycle
 * (./multigrid.ts; SSOR as the simple alternative), to a relative residual of 1e-10, in float64.
 */

import { buildHierarchy, makeLevel, vcycle } from './multigrid';

/** Neighbour offsets [dy, dx] and weights; the first four precede the pixel in row-major order. */
const OFFSETS: readonly (readonly [number, number, number])[] = [
  [-1, -1, 1 / 12],
  [-1, 0, 1 / 6],
  [-1, 1, 1 / 12],
  [0, -1, 1 / 6],
  [0, 1, 1 / 6],
  [1, -1, 1 / 12],
  [1, 0, 1 / 6],
  [1, 1, 1 / 12],
];
const WEIGHTS = OFFSETS.map((o) => o[2]);

export interface ImputeOptions {
  /** Relative residual at which CG stops (default 1e-10). */
  tolerance?: number;
  /** 'multigrid' (default) or 'ssor'. */
  preconditioner?: 'multigrid' | 'ssor';
  /** SSOR relaxation factor in (0, 2) (default 1.85). */
  omega?: number;
  maxIterations?: number;
}

export interface ImputeStats {
  unknowns: number;
  /** CG iterations (the most any group of three channels took). */
  iterations: number;
}

interface System {
  n: number;
  /** Per unknown, its 8 neighbour slots: the neighbour's unknown index, or -1 (kept or outside). */
  nbr: Int32Array;
  /** Per unknown, the sum of its in-image neighbour weights (the diagonal). */
  diag: Float64Array;
}

function buildSystem(keep: ArrayLike<number | boolean>, h: number, w: number) {
  const vid = new Int32Array(h * w).fill(-1);
  let n = 0;
  for (let i = 0; i < h * w; i++) if (!keep[i]) vid[i] = n++;
  const pixel = new Int32Array(n);
  const nbr = new Int32Array(n * 8).fill(-1);
  const diag = new Float64Array(n);
  for (let i = 0; i < h * w; i++) {
    const k = vid[i];
    if (k < 0) continue;
    pixel[k] = i;
    const y = (i / w) | 0;
    const x = i - y * w;
    for (let s = 0; s < 8; s++) {
      const yy = y + OFFSETS[s][0];
      const xx = x + OFFSETS[s][1];
      if (yy < 0 || xx < 0 || yy >= h || xx >= w) continue;
      diag[k] += WEIGHTS[s];
      nbr[k * 8 + s] = vid[yy * w + xx];
    }
  }
  return { system: { n, nbr, diag } as System, pixel };
}

// Vectors hold the three channels interleaved (index 3k + ch): one pass over the stencil serves all
// of them; each channel has its own CG scalars.

function multiply(sys: System, v: Float64Array, out: Float64Array): void {
  const { n, nbr, diag } = sys;
  for (let k = 0; k < n; k++) {
    const d = diag[k];
    let s0 = d * v[3 * k];
    let s1 = d * v[3 * k + 1];
    let s2 = d * v[3 * k + 2];
    for (let t = 0; t < 8; t++) {
      const j = nbr[k * 8 + t];
      if (j < 0) continue;
      const wt = WEIGHTS[t];
      s0 -= wt * v[3 * j];
      s1 -= wt * v[3 * j + 1];
      s2 -= wt * v[3 * j + 2];
    }
    out[3 * k] = s0;
    out[3 * k + 1] = s1;
    out[3 * k + 2] = s2;
  }
}

/**
 * z = M^-1 r for the SSOR preconditioner, M = (D/w - L) (D/w)^-1 (D/w - L^T) up to a constant
 * factor (which CG ignores): a forward and a backward Gauss-Seidel sweep.
 */
function precondition(sys: System, omega: number, r: Float64Array, z: Float64Array): void {
  const { n, diag } = sys;
  const s = new Float64Array(3);
  for (let k = 0; k < n; k++) {
    s.set(r.subarray(3 * k, 3 * k + 3));
    addNeighbours(sys, k, 0, 4, z, s);
    storeScaled(z, k, s, omega / diag[k]);
  }
  for (let k = n - 1; k >= 0; k--) {
    // (D/w) y, then the backward sweep.
    const g = diag[k] / omega;
    for (let c = 0; c < 3; c++) s[c] = z[3 * k + c] * g;
    addNeighbours(sys, k, 4, 8, z, s);
    storeScaled(z, k, s, omega / diag[k]);
  }
}

/** s += the weighted values of pixel k's neighbours `from` to `to` (exclusive) in z, per channel. */
function addNeighbours(sys: System, k: number, from: number, to: number, z: Float64Array, s: Float64Array) {
  for (let t = from; t < to; t++) {
    const j = sys.nbr[k * 8 + t];
    if (j < 0) continue;
    const wt = WEIGHTS[t];
    s[0] += wt * z[3 * j];
    s[1] += wt * z[3 * j + 1];
    s[2] += wt * z[3 * j + 2];
  }
}

function storeScaled(z: Float64Array, k: number, s: Float64Array, f: number): void {
  z[3 * k] = s[0] * f;
  z[3 * k + 1] = s[1] * f;
  z[3 * k + 2] = s[2] * f;
}

/** Per-channel dot products of interleaved vectors. */
function dots(a: Float64Array, b: Float64Array, out: Float64Array): Float64Array {
  let d0 = 0;
  let d1 = 0;
  let d2 = 0;
  for (let i = 0; i < a.length; i += 3) {
    d0 += a[i] * b[i];
    d1 += a[i + 1] * b[i + 1];
    d2 += a[i + 2] * b[i + 2];
  }
  out[0] = d0;
  out[1] = d1;
  out[2] = d2;
  return out;
}

type Precondition = (r: Float64Array, z: Float64Array) => void;

function multigrid(sys: System, pixel: Int32Array, h: number, w: number): Precondition {
  const { n, nbr, diag } = sys;
  const wts = new Float64Array(n * 8);
  for (let i = 0; i < n * 8; i++) if (nbr[i] >= 0) wts[i] = WEIGHTS[i % 8];
  const y = Int32Array.from(pixel, (i) => Math.floor(i / w));
  const x = Int32Array.from(pixel, (i) => i % w);
  const levels = buildHierarchy(makeLevel(n, nbr, wts, diag, y, x, h, w));
  return (r, z) => vcycle(levels, 0, r, z);
}

function solve(
  sys: System,
  b: Float64Array,
  opts: Required<ImputeOptions>,
  makePrecondition: () => Precondition,
): { x: Float64Array; iterations: number } {
  const x = new Float64Array(b.length);
  const bNorm = dots(b, b, new Float64Array(3)).map(Math.sqrt);
  if (bNorm.every((v) => v === 0)) return { x, iterations: 0 };
  const precondition = makePrecondition();
  const r = Float64Array.from(b);
  const z = new Float64Array(b.length);
  const q = new Float64Array(b.length);
  precondition(r, z);
  const p = Float64Array.from(z);
  const rz = dots(r, z, new Float64Array(3));
  const pq = new Float64Array(3);
  const rr = new Float64Array(3);
  const rzNext = new Float64Array(3);
  const alpha = new Float64Array(3);
  const beta = new Float64Array(3);
  const done = (): boolean => {
    dots(r, r, rr);
    for (let ch = 0; ch < 3; ch++) if (Math.sqrt(rr[ch]) > opts.tolerance * bNorm[ch]) return false;
    return true;
  };
  let it = 0;
  while (!done() && it < opts.maxIterations) {
    it++;
    multiply(sys, p, q);
    dots(p, q, pq);
    // A channel that has converged (or has a zero right-hand side) stops moving.
    for (let ch = 0; ch < 3; ch++) alpha[ch] = pq[ch] > 0 && rr[ch] > 0 ? rz[ch] / pq[ch] : 0;
    for (let i = 0; i < x.length; i += 3) {
      for (let ch = 0; ch < 3; ch++) {
        x[i + ch] += alpha[ch] * p[i + ch];
        r[i + ch] -= alpha[ch] * q[i + ch];
      }
    }
    precondition(r, z);
    dots(r, z, rzNext);
    for (let ch = 0; ch < 3; ch++) {
      beta[ch] = rz[ch] > 0 ? rzNext[ch] / rz[ch] : 0;
      rz[ch] = rzNext[ch];
    }
    for (let i = 0; i < p.length; i += 3) {
      for (let ch = 0; ch < 3; ch++) p[i + ch] = z[i + ch] + beta[ch] * p[i + ch];
    }
  }
  return { x, iterations: it };
}

/**
 * Imputes the pixels where keep is falsy. `image` is H x W x C (channels last); returns a new array.
 * When no pixel is kept the right-hand side is zero and the imputed image is 0 (as the library's).
 */
export function imputeLinear(
  image: ArrayLike<number>,
  keep: ArrayLike<number | boolean>,
  h: number,
  w: number,
  c: number,
  opts: ImputeOptions = {},
): { image: Float32Array; stats: ImputeStats } {
  const full: Required<ImputeOptions> = {
    tolerance: opts.tolerance ?? 1e-10,
    preconditioner: opts.preconditioner ?? 'multigrid',
    omega: opts.omega ?? 1.85,
    maxIterations: opts.maxIterations ?? 20_000,
  };
  const out = Float32Array.from(image);
  const { system, pixel } = buildSystem(keep, h, w);
  const { n, nbr } = system;
  let iterations = 0;
  let hierarchy: Precondition | undefined;
  // The solver works on three interleaved channels: other counts go three at a time (zero-padded).
  for (let c0 = 0; c0 < c; c0 += 3) {
    const b = new Float64Array(n * 3);
    for (let k = 0; k < n; k++) {
      const i = pixel[k];
      const y = (i / w) | 0;
      const x = i - y * w;
      for (let s = 0; s < 8; s++) {
        if (nbr[k * 8 + s] >= 0) continue;
        const yy = y + OFFSETS[s][0];
        const xx = x + OFFSETS[s][1];
        if (yy < 0 || xx < 0 || yy >= h || xx >= w) continue;
        for (let ch = 0; ch < 3 && c0 + ch < c; ch++)
          b[k * 3 + ch] += WEIGHTS[s] * image[(yy * w + xx) * c + c0 + ch];
      }
    }
    const r = solve(system, b, full, () => {
      if (full.preconditioner === 'ssor') return (res, z) => precondition(system, full.omega, res, z);
      hierarchy ??= multigrid(system, pixel, h, w);
      return hierarchy;
    });
    iterations = Math.max(iterations, r.iterations);
    for (let k = 0; k < n; k++)
      for (let ch = 0; ch < 3 && c0 + ch < c; ch++) out[pixel[k] * c + c0 + ch] = r.x[k * 3 + ch];
  }
  return { image: out, stats: { unknowns: n, iterations } };
}

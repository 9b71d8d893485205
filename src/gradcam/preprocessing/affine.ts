/**
 * The model input's preprocessing (preprocess.ts) as one affine map per channel, for RGB bytes
 * already at the input size, where it is one: 3 channels in rgb or bgr order, nothing cropped. Then
 * x[c] = p[from[c]] * scale[c] + offset[c] equals (p * scale + offset - mean[c]) / std[c] after the
 * channel order. No tfjs: the video decode worker applies it off the model's thread.
 */
import type { Preprocess } from '../types';
import { cropRegion } from './geometry';
import { normalizePreprocess } from './presets';

export interface ChannelAffine {
  /** The RGB channel each input channel is read from. */
  from: [number, number, number];
  scale: [number, number, number];
  offset: [number, number, number];
}

/** The affine map for this model input, or null where its preprocessing is not one (gray, a crop). */
export function inputAffine(target: {
  inputSize: [number, number];
  preprocess: Preprocess;
  channels?: 1 | 3;
}): ChannelAffine | null {
  const p = normalizePreprocess(target.preprocess);
  if ((target.channels ?? 3) !== 3 || (p.color !== 'rgb' && p.color !== 'bgr')) return null;
  const [h, w] = target.inputSize;
  const region = cropRegion(h, w, target.inputSize, p);
  if (region.x !== 0 || region.y !== 0 || region.width !== w || region.height !== h) return null;
  const per = (f: (c: number) => number) => [f(0), f(1), f(2)] as [number, number, number];
  return {
    from: p.color === 'bgr' ? [2, 1, 0] : [0, 1, 2],
    scale: per((c) => p.scale / p.std[c]),
    offset: per((c) => (p.offset - p.mean[c]) / p.std[c]),
  };
}

/** RGB bytes [h, w, 3] -> the model's input values [h, w, 3]. */
export function applyAffine(rgb: Uint8Array, a: ChannelAffine): Float32Array {
  const out = new Float32Array(rgb.length);
  const [f0, f1, f2] = a.from;
  const [s0, s1, s2] = a.scale;
  const [o0, o1, o2] = a.offset;
  for (let i = 0; i < rgb.length; i += 3) {
    out[i] = rgb[i + f0] * s0 + o0;
    out[i + 1] = rgb[i + f1] * s1 + o1;
    out[i + 2] = rgb[i + f2] * s2 + o2;
  }
  return out;
}

/**
 * Keyframes: the local maxima of a series (class probability, attention shift), the highest first,
 * at least minSpacing seconds apart, at most k of them.
 */

export interface PeakOptions {
  /** At most this many peaks (default 5). */
  k?: number;
  /** Seconds between two kept peaks, at least (default 1). */
  minSpacing?: number;
}

import { DEFAULT_KEYFRAMES, DEFAULT_MIN_SPACING_S } from './defaults';

/**
 * Indices of the local maxima: higher than the neighbour on each side that exists, a plateau counting
 * once (its first index) when both its edges step down. A series' ends can be maxima; a constant
 * series has none.
 */
export function localMaxima(values: readonly number[]): number[] {
  const n = values.length;
  const peaks: number[] = [];
  let i = 0;
  while (i < n) {
    let j = i;
    while (j + 1 < n && values[j + 1] === values[i]) j++;
    const leftLower = i === 0 || values[i - 1] < values[i];
    const rightLower = j === n - 1 || values[j + 1] < values[i];
    const isWholeSeries = i === 0 && j === n - 1;
    if (leftLower && rightLower && !isWholeSeries && Number.isFinite(values[i])) peaks.push(i);
    i = j + 1;
  }
  return peaks;
}

/** Indices of the kept peaks in time order: greedy by value, dropping peaks within minSpacing of a kept one. */
export function pickPeaks(
  times: readonly number[],
  values: readonly number[],
  opts: PeakOptions = {},
): number[] {
  if (times.length !== values.length) throw new Error('times and values differ in length');
  const k = Math.max(0, Math.floor(opts.k ?? DEFAULT_KEYFRAMES));
  const spacing = Math.max(0, opts.minSpacing ?? DEFAULT_MIN_SPACING_S);
  const candidates = localMaxima(values).sort((a, b) => values[b] - values[a] || a - b);
  const kept: number[] = [];
  for (const c of candidates) {
    if (kept.length >= k) break;
    if (kept.every((i) => Math.abs(times[i] - times[c]) >= spacing)) kept.push(c);
  }
  return kept.sort((a, b) => a - b);
}

export interface KeyframeSample {
  time: number;
  probability: number;
  shift: number;
}

export type KeyframeReason = 'probability' | 'shift';

export interface KeyframePick {
  /** Index into the samples. */
  index: number;
  /** Why it is a keyframe (both when it peaks in both series). */
  reasons: KeyframeReason[];
}

/**
 * Up to k probability peaks and up to k shift peaks, merged in time order (a sample that peaks in
 * both appears once, with both reasons).
 */
export function detectKeyframes(samples: readonly KeyframeSample[], opts: PeakOptions = {}): KeyframePick[] {
  const times = samples.map((s) => s.time);
  const byIndex = new Map<number, KeyframeReason[]>();
  const add = (indices: number[], reason: KeyframeReason) => {
    for (const i of indices) byIndex.set(i, [...(byIndex.get(i) ?? []), reason]);
  };
  add(
    pickPeaks(
      times,
      samples.map((s) => s.probability),
      opts,
    ),
    'probability',
  );
  add(
    pickPeaks(
      times,
      samples.map((s) => s.shift),
      opts,
    ),
    'shift',
  );
  return [...byIndex.entries()].sort(([a], [b]) => a - b).map(([index, reasons]) => ({ index, reasons }));
}

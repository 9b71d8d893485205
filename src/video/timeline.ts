/**
 * The analysed video as data: per-sample rows (with the attention shift), top-1 bands, and the
 * exports built from them (timeline CSV, keyframes JSON). Only low-resolution maps are kept.
 */
import type { FrameResult } from '../worker/frame-protocol';
import { attentionShifts } from './shift';

/** What the worker returns for one sampled frame, as the page keeps it. */
export interface AnalysedFrame {
  /** Seconds into the video. */
  time: number;
  /** The explained class: the locked one, else the frame's own top-1. */
  classIndex: number;
  /** Its probability in this frame. */
  probability: number;
  /** The frame's own top-1 class (the bands). */
  top1: number;
  /** The low-resolution map (width x height, min-max normalised). */
  lowRes: Float32Array;
  width: number;
  height: number;
}

/** The worker's result for the sample at `time`, as the page keeps it. */
export function analysedFrame(time: number, r: FrameResult): AnalysedFrame {
  return {
    time,
    classIndex: r.classIndex,
    probability: r.probability,
    top1: r.predictions[0].index,
    lowRes: r.lowRes,
    width: r.width,
    height: r.height,
  };
}

export interface TimelineSample {
  time: number;
  classIndex: number;
  probability: number;
  top1: number;
  /** 1 - Pearson(previous map, this map); 0 for the first sample. */
  shift: number;
}

export interface Band {
  classIndex: number;
  start: number;
  end: number;
}

export function timelineSamples(frames: readonly AnalysedFrame[]): TimelineSample[] {
  const shifts = attentionShifts(frames.map((f) => f.lowRes));
  return frames.map((f, i) => ({
    time: f.time,
    classIndex: f.classIndex,
    probability: f.probability,
    top1: f.top1,
    shift: shifts[i],
  }));
}

/**
 * Runs of the same top-1 class. A band starts at its first sample and ends where the next begins;
 * the last ends at `end` (default: the last sample plus the median step).
 */
export function topBands(samples: readonly TimelineSample[], end?: number): Band[] {
  if (samples.length === 0) return [];
  const steps = samples
    .slice(1)
    .map((s, i) => s.time - samples[i].time)
    .sort((a, b) => a - b);
  const step = steps.length ? steps[Math.floor(steps.length / 2)] : 0;
  const last = end ?? samples[samples.length - 1].time + step;
  const bands: Band[] = [];
  for (const s of samples) {
    const open = bands[bands.length - 1];
    if (open && open.classIndex === s.top1) continue;
    if (open) open.end = s.time;
    bands.push({ classIndex: s.top1, start: s.time, end: last });
  }
  return bands;
}

/** Times where the top-1 class changes (the start of every band after the first). */
export function topChanges(samples: readonly TimelineSample[]): number[] {
  return topBands(samples)
    .slice(1)
    .map((b) => b.start);
}

const round = (x: number, digits: number) => Number(x.toFixed(digits));

export interface KeyframeRecord {
  time: number;
  classIndex: number;
  label: string;
  probability: number;
  shift: number;
}

/** The keyframes export: `[{ time, classIndex, label, probability, shift }]`. */
export function keyframeRecords(
  samples: readonly TimelineSample[],
  indices: readonly number[],
  labels: readonly string[],
): KeyframeRecord[] {
  return indices.map((i) => {
    const s = samples[i];
    return {
      time: round(s.time, 3),
      classIndex: s.classIndex,
      label: labels[s.classIndex] ?? String(s.classIndex),
      probability: round(s.probability, 6),
      shift: round(s.shift, 6),
    };
  });
}

function csvField(value: string | number): string {
  const text = String(value);
  return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export const CSV_HEADER = ['time', 'classIndex', 'label', 'probability', 'shift', 'top1Index', 'top1Label'];

/** The timeline export: one row per analysed sample, RFC 4180 quoting, a header row, LF line ends. */
export function timelineCsv(samples: readonly TimelineSample[], labels: readonly string[]): string {
  const rows = samples.map((s) =>
    [
      round(s.time, 3),
      s.classIndex,
      labels[s.classIndex] ?? s.classIndex,
      round(s.probability, 6),
      round(s.shift, 6),
      s.top1,
      labels[s.top1] ?? s.top1,
    ]
      .map(csvField)
      .join(','),
  );
  return `${[CSV_HEADER.join(','), ...rows].join('\n')}\n`;
}

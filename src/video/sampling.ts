/**
 * Which instants of a video to analyse. Default: every frame, up to 10 per second. Times aim at the
 * middle of a frame's display interval so a seek lands on that frame, never on a boundary.
 */

export interface SamplingOptions {
  /** The video's own frame rate when known (else frames are assumed to be at least maxPerSecond). */
  frameRate?: number;
  /** At most this many samples per second of video (default 10). */
  maxPerSecond?: number;
  /** Analysed range in seconds (default: the whole video). */
  start?: number;
  end?: number;
}

import { DEFAULT_MAX_PER_SECOND } from './defaults';

/** The sampling rate actually used: the frame rate, capped at maxPerSecond. */
export function samplingRate(opts: SamplingOptions = {}): number {
  const max = opts.maxPerSecond ?? DEFAULT_MAX_PER_SECOND;
  if (!(max > 0) || !Number.isFinite(max)) throw new Error(`Samples per second must be positive, got ${max}`);
  const fps = opts.frameRate;
  return fps && fps > 0 && Number.isFinite(fps) ? Math.min(fps, max) : max;
}

/** Sample times in seconds, ascending, inside [start, end). Empty for an empty range. */
export function sampleTimes(duration: number, opts: SamplingOptions = {}): number[] {
  if (!Number.isFinite(duration) || duration <= 0) return [];
  const rate = samplingRate(opts);
  const start = Math.max(0, opts.start ?? 0);
  const end = Math.min(duration, opts.end ?? duration);
  if (!(end > start)) return [];
  const step = 1 / rate;
  // Half a frame in (or half a step when the frame rate is unknown): the middle of a displayed frame.
  const offset = opts.frameRate && opts.frameRate > 0 ? 0.5 / opts.frameRate : Math.min(step / 2, 1 / 60);
  const times: number[] = [];
  for (let i = 0; ; i++) {
    const t = start + i * step + offset;
    if (t >= end) break;
    times.push(Math.round(t * 1e6) / 1e6);
  }
  // A range shorter than the offset still gets its one sample.
  if (times.length === 0) times.push(start);
  return times;
}

/**
 * Analyse a whole video: seek to each sample time, grab the frame at the model's input size, explain
 * it in the worker (prediction + low-res map). Seeks and copies run while the worker computes, with
 * up to IN_FLIGHT frames sent ahead, so a slow seek or copy does not leave the worker idle. Progress
 * per sample, in time order; cancel with the signal.
 */
import { closeFrame, type FrameResult, type FrameSource } from '../worker/frame-protocol';
import type { AnalysedFrame } from './timeline';
import { grabModelFrame, seekTo } from './video-element';

export interface VideoAnalysisOptions {
  video: HTMLVideoElement;
  times: readonly number[];
  /** The model's input [height, width]. */
  inputSize: [number, number];
  explain(frame: FrameSource, signal: AbortSignal): Promise<FrameResult>;
  onFrame?(frame: AnalysedFrame, done: number, total: number): void;
  signal: AbortSignal;
}

function cancelled(): Error {
  const error = new Error('Cancelled');
  error.name = 'AbortError';
  return error;
}

/** Frames sent to the worker ahead of the one being awaited (its queue runs them one at a time). */
const IN_FLIGHT = 2;

export async function analyseVideo(opts: VideoAnalysisOptions): Promise<AnalysedFrame[]> {
  const { video, times, signal } = opts;
  const out: AnalysedFrame[] = [];
  const inFlight: { time: number; result: Promise<FrameResult> }[] = [];
  const collect = async () => {
    const next = inFlight.shift();
    if (!next) return;
    const { time, result } = next;
    const r = await result;
    const frame: AnalysedFrame = {
      time,
      classIndex: r.classIndex,
      probability: r.probability,
      top1: r.predictions[0].index,
      lowRes: r.lowRes,
      width: r.width,
      height: r.height,
    };
    out.push(frame);
    opts.onFrame?.(frame, out.length, times.length);
  };
  try {
    for (const time of times) {
      if (signal.aborted) throw cancelled();
      await seekTo(video, time);
      const bitmap = await grabModelFrame(video, opts.inputSize);
      if (inFlight.length >= IN_FLIGHT) await collect();
      if (signal.aborted) {
        closeFrame(bitmap);
        throw cancelled();
      }
      inFlight.push({ time, result: opts.explain(bitmap, signal) });
    }
    while (inFlight.length > 0) await collect();
  } finally {
    // Results still in flight after a failure or a cancel: let them settle quietly.
    for (const pending of inFlight) pending.result.catch(() => undefined);
  }
  return out;
}

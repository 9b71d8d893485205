/**
 * Analyse a whole video: seek to each sample time, take the frame (a VideoFrame handle: its pixels
 * are read in the worker, so the page's next seek runs while the worker reads and explains this one),
 * explain it in the worker (prediction + low-res map), with up to IN_FLIGHT frames sent ahead, so a
 * slow seek does not leave the worker idle. Progress per sample, in time order; cancel with the signal.
 */
import { closeFrame, type FrameResult, type FrameSource } from '../worker/frame-protocol';
import { type AnalysedFrame, analysedFrame } from './timeline';
import { grabModelFrame, seekTo, shownTimestamp } from './video-element';

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

/**
 * Now and then 'seeked' fires while the element still shows the frame before the seek: samples are
 * distinct frames, so the same timestamp as the last sample's means the new one is not there yet.
 * Waits for it, `tries` x 5 ms at most, then takes the frame as it is (a video slower than the
 * sampling rate does repeat frames). Returns the shown timestamp and whether the wait ran out.
 */
async function freshFrame(
  video: HTMLVideoElement,
  previous: number | null,
  tries: number,
): Promise<{ shown: number | null; ranOut: boolean }> {
  let shown = shownTimestamp(video);
  for (let i = 0; shown !== null && shown === previous; i++) {
    if (i >= tries) return { shown, ranOut: true };
    await new Promise((resolve) => setTimeout(resolve, 5));
    shown = shownTimestamp(video);
  }
  return { shown, ranOut: false };
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
    const frame = analysedFrame(time, r);
    out.push(frame);
    opts.onFrame?.(frame, out.length, times.length);
  };
  let shown: number | null = null;
  let patience = 40;
  try {
    for (const time of times) {
      if (signal.aborted) throw cancelled();
      await seekTo(video, time);
      const fresh = await freshFrame(video, shown, patience);
      shown = fresh.shown;
      // A frame repeated for good: this video has fewer frames than samples, stop waiting for new ones.
      if (fresh.ranOut) patience = 0;
      const frame = await grabModelFrame(video, opts.inputSize);
      if (inFlight.length >= IN_FLIGHT) await collect();
      if (signal.aborted) {
        closeFrame(frame);
        throw cancelled();
      }
      inFlight.push({ time, result: opts.explain(frame, signal) });
    }
    while (inFlight.length > 0) await collect();
  } finally {
    // Results still in flight after a failure or a cancel: let them settle quietly.
    for (const pending of inFlight) pending.result.catch(() => undefined);
  }
  return out;
}

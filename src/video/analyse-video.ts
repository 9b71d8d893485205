/**
 * Analyse a whole video: seek to each sample time, grab the frame at the model's input size, explain
 * it in the worker (prediction + low-res map). The next seek runs while the worker computes, so the
 * worker is never idle waiting for the decoder. Progress per sample; cancel with the signal.
 */
import type { FrameResult, FrameSource } from '../worker/frame-protocol';
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

export async function analyseVideo(opts: VideoAnalysisOptions): Promise<AnalysedFrame[]> {
  const { video, times, signal } = opts;
  const out: AnalysedFrame[] = [];
  let inFlight: { time: number; result: Promise<FrameResult> } | null = null;
  const collect = async () => {
    if (!inFlight) return;
    const { time, result } = inFlight;
    inFlight = null;
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
      await collect();
      if (signal.aborted) {
        bitmap.close();
        throw cancelled();
      }
      inFlight = { time, result: opts.explain(bitmap, signal) };
    }
    await collect();
  } finally {
    // A result still in flight after a failure or a cancel: let it settle quietly.
    (inFlight as { result: Promise<FrameResult> } | null)?.result.catch(() => undefined);
  }
  return out;
}

/**
 * Analyse a whole video in the worker: the File goes there (no bytes leave the device), its frames at
 * the sample times are decoded there with WebCodecs and explained one after another; each result comes
 * back at once (progress per frame, in time order). Rejects with name 'NotDecodable' where the worker
 * cannot read the container or codec: the caller then seeks an element (analyse-video.ts).
 */
import type { FrameRequest, FrameResult } from '../worker/frame-protocol';
import type { AnalyseFileAnswer, AnalysisTimings } from '../worker/video-timings';
import { type AnalysedFrame, analysedFrame } from './timeline';

export type AnalyseFileCall = (
  file: Blob,
  times: number[],
  request: FrameRequest,
  signal: AbortSignal,
  onResult: (time: number, result: FrameResult) => void,
) => Promise<AnalyseFileAnswer>;

export async function analyseFileInWorker(opts: {
  file: Blob;
  times: readonly number[];
  request: FrameRequest;
  call: AnalyseFileCall;
  onFrame?(frame: AnalysedFrame, done: number, total: number): void;
  signal: AbortSignal;
}): Promise<{ frames: AnalysedFrame[]; timingsMs: AnalysisTimings }> {
  const out: AnalysedFrame[] = [];
  // The results travel on a channel of their own: the call's answer can overtake the last of them.
  let all: (() => void) | null = null;
  let expected = Number.POSITIVE_INFINITY;
  const onResult = (time: number, r: FrameResult) => {
    const frame = analysedFrame(time, r);
    out.push(frame);
    opts.onFrame?.(frame, out.length, opts.times.length);
    if (out.length >= expected) all?.();
  };
  const arrived = new Promise<void>((resolve) => {
    all = resolve;
  });
  const answer = await opts.call(opts.file, [...opts.times], opts.request, opts.signal, onResult);
  expected = answer.sent;
  if (out.length < expected) await arrived;
  return { frames: out, timingsMs: answer.timingsMs };
}

/**
 * The worker's whole-video analysis call: the page sends the File (a structured clone: its bytes stay
 * on the device), the frames at the sample times are decoded here (video-decode.ts, loaded on first
 * use) and each goes through the engine's frame call (its queue, its session), its result sent back
 * at once (progress per frame). Cancel with the signal.
 */
import * as Comlink from 'comlink';
import { abortError } from '../gradcam/abort';
import type { FrameRequest, FrameResult } from './frame-protocol';

type FrameCall = (frame: VideoFrame, request: FrameRequest, signal?: AbortSignal) => Promise<FrameResult>;

export function videoFileApi(frame: FrameCall) {
  return {
    /** Resolves with the number of results sent (each through onResult, in time order). */
    async analyseFile(
      file: Blob,
      times: number[],
      request: FrameRequest,
      signal: AbortSignal | undefined,
      onResult: (time: number, result: FrameResult) => void,
    ): Promise<number> {
      const { framesAt } = await import('./video-decode');
      let sent = 0;
      for await (const { time, frame: picture } of framesAt(file, times)) {
        if (signal?.aborted) {
          picture.close();
          throw abortError();
        }
        const result = await frame(picture, request, signal);
        onResult(time, Comlink.transfer(result, [result.lowRes.buffer]));
        sent++;
      }
      return sent;
    },
  };
}

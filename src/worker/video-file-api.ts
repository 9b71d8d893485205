/**
 * The worker's whole-video analysis call: the page sends the File (a structured clone: its bytes stay
 * on the device), the frames at the sample times are decoded here (video-decode.ts, loaded on first
 * use; the decoder runs on its own thread while this one computes) and explained BATCH at a time
 * (explainBatch: one forward pass, one batched map, one read-back; the same per-frame results as the
 * frame call), in the engine's call queue on a session of the call's own, disposed at the end. Each
 * result is sent back as soon as its batch is done (progress per frame). Cancel with the signal.
 * Answers with the results sent and where the time went (video-timings.ts).
 */
import * as tf from '@tensorflow/tfjs';
import * as Comlink from 'comlink';
import { abortError } from '../gradcam/abort';
import { explainBatch } from '../gradcam/batch-explain';
import { createSession, type GradCamSession, type LoadedModel, preprocessPhoto } from '../gradcam/index';
import { type FrameRequest, type FrameResult, frameResult } from './frame-protocol';
import { type AnalyseFileAnswer, type TimingSums, timingSums } from './video-timings';

type InQueue = <T>(signal: AbortSignal | undefined, job: (model?: LoadedModel) => Promise<T>) => Promise<T>;
type ToTensor = (frame: VideoFrame, inputSize: [number, number]) => Promise<tf.Tensor3D>;
type Sample = { time: number; frame: VideoFrame };

/** Frames per forward pass: 8 amortises the map and the read-back, and keeps progress fine-grained. */
export const BATCH = 8;

async function explainSamples(
  session: GradCamSession,
  samples: readonly Sample[],
  request: FrameRequest,
  toTensor: ToTensor,
  sums: TimingSums,
  signal?: AbortSignal,
): Promise<FrameResult[]> {
  const start = performance.now();
  const { model } = session;
  if (session.layer !== request.layer) session.setLayer(request.layer);
  const inputs: tf.Tensor4D[] = [];
  try {
    await sums.time('convert', async () => {
      for (const { frame } of samples) {
        const pixels = await toTensor(frame, model.inputSize); // closes the frame
        try {
          inputs.push(preprocessPhoto(pixels, { ...model.meta, channels: model.channels }).input);
        } finally {
          pixels.dispose();
        }
      }
    });
    const r = await explainBatch(session, inputs, {
      classIndex: request.classIndex,
      method: request.method,
      topK: request.topK,
      signal,
    });
    sums.add('forward', r.timingsMs.forward);
    sums.add('map', r.timingsMs.cam);
    const share = r.items.length;
    const totalMs = (performance.now() - start) / share;
    const ms = { forward: r.timingsMs.forward / share, cam: r.timingsMs.cam / share, total: totalMs };
    return r.items.map((item) => frameResult(item, r, ms));
  } finally {
    tf.dispose(inputs);
    for (const { frame } of samples) frame.close(); // a no-op for those already read
  }
}

export function videoFileApi(inQueue: InQueue, toTensor: ToTensor) {
  return {
    /** Resolves with the number of results sent (each through onResult, in time order) and the timings. */
    async analyseFile(
      file: Blob,
      times: number[],
      request: FrameRequest,
      signal: AbortSignal | undefined,
      onResult: (time: number, result: FrameResult) => void,
    ): Promise<AnalyseFileAnswer> {
      const started = performance.now();
      const sums = timingSums();
      const { framesAt } = await import('./video-decode');
      let own: GradCamSession | null = null;
      let pending: Sample[] = [];
      let sent = 0;
      /** When the last batch's compute ended: until the next one starts, compute waits on decoding. */
      let idleSince = started;
      const flush = async () => {
        const batch = pending;
        pending = [];
        const asked = performance.now();
        sums.add('decode', asked - idleSince);
        const results = await inQueue(signal, async (model) => {
          sums.add('queue', performance.now() - asked);
          if (!model) throw new Error('No model is loaded yet.');
          if (own?.model !== model) {
            own?.dispose();
            own = createSession(model);
          }
          return explainSamples(own, batch, request, toTensor, sums, signal);
        });
        await sums.time('transfer', () => {
          results.forEach((result, i) => {
            onResult(batch[i].time, Comlink.transfer(result, [result.lowRes.buffer]));
          });
        });
        sent += results.length;
        idleSince = performance.now();
      };
      try {
        for await (const sample of framesAt(file, times)) {
          pending.push(sample);
          if (signal?.aborted) throw abortError();
          if (pending.length >= BATCH) await flush();
        }
        if (pending.length > 0) await flush();
        return { sent, timingsMs: sums.perFrame(sent, performance.now() - started) };
      } finally {
        for (const { frame } of pending) frame.close();
        await inQueue(undefined, async () => (own as GradCamSession | null)?.dispose());
      }
    },
  };
}

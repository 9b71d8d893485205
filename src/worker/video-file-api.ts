/**
 * The worker's whole-video analysis call: the page sends the File (a structured clone: its bytes stay
 * on the device), the frames at the sample times are decoded and converted to the model's input size
 * in a decode worker of their own (decoded-frames.ts: on another core while this one computes) and
 * explained BATCH at a time
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
import { inputAffine } from '../gradcam/preprocessing/affine';
import { decodedFrames, warmDecodeWorker } from './decoded-frames';
import { type FrameRequest, type FrameResult, frameResult } from './frame-protocol';
import type { DecodedSample } from './video-decode-protocol';
import { type AnalyseFileAnswer, type TimingSums, timingSums } from './video-timings';

type InQueue = <T>(signal: AbortSignal | undefined, job: (model?: LoadedModel) => Promise<T>) => Promise<T>;

/** Frames per forward pass: 8 amortises the map and the read-back, and keeps progress fine-grained. */
export const BATCH = 8;

async function explainSamples(
  session: GradCamSession,
  samples: readonly DecodedSample[],
  request: FrameRequest,
  sums: TimingSums,
  /** Whether the decode worker's input values (Float32Array samples) are this model's. */
  valuesFit: boolean,
  signal?: AbortSignal,
): Promise<FrameResult[]> {
  const start = performance.now();
  const { model } = session;
  if (session.layer !== request.layer) session.setLayer(request.layer);
  const inputs: tf.Tensor4D[] = [];
  try {
    const [h, w] = model.inputSize;
    await sums.time('convert', () => {
      for (const { pixels: values } of samples) {
        if (values.length !== h * w * 3) throw new Error('The model changed during the analysis.');
        if (values instanceof Float32Array) {
          if (!valuesFit) throw new Error('The model changed during the analysis.');
          inputs.push(tf.tensor4d(values, [1, h, w, 3])); // preprocessed in the decode worker
          continue;
        }
        const pixels = tf.tensor3d(values, [h, w, 3], 'int32');
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
  }
}

export function videoFileApi(inQueue: InQueue) {
  return {
    /** The video file mode is shown: the decode worker starts now, before the first analysis needs it. */
    async warmVideoDecoder(): Promise<void> {
      warmDecodeWorker();
    },
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
      const { analysed, inputSize, affine } = await inQueue(signal, async (model) => {
        if (!model) throw new Error('No model is loaded yet.');
        const target = { ...model.meta, channels: model.channels };
        return { analysed: model, inputSize: model.inputSize, affine: inputAffine(target) };
      });
      let own: GradCamSession | null = null;
      let pending: DecodedSample[] = [];
      let sent = 0;
      /** When the last batch ended: until the next one starts, compute waits on decoding. */
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
          return explainSamples(own, batch, request, sums, model === analysed, signal);
        });
        await sums.time('transfer', () => {
          results.forEach((result, i) => {
            onResult(batch[i].time, Comlink.transfer(result, [result.lowRes.buffer]));
          });
        });
        sent += results.length;
        idleSince = performance.now();
      };
      // One batch computes while the next one's frames arrive: a full batch waits only for the one in flight.
      let inFlight: Promise<void> | null = null;
      const launch = async () => {
        if (inFlight) await inFlight;
        inFlight = flush();
        inFlight.catch(() => undefined); // awaited by the next launch or at the end
      };
      try {
        for await (const sample of decodedFrames(file, times, inputSize, affine)) {
          pending.push(sample);
          if (signal?.aborted) throw abortError();
          if (pending.length >= BATCH) await launch();
        }
        if (pending.length > 0) await launch();
        await inFlight;
        return { sent, timingsMs: sums.perFrame(sent, performance.now() - started) };
      } finally {
        await (inFlight as Promise<void> | null)?.catch(() => undefined);
        await inQueue(undefined, async () => (own as GradCamSession | null)?.dispose());
      }
    },
  };
}

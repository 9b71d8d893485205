/**
 * The worker's dataset calls (exposed beside the engine's). One call explains a batch of files: they
 * are decoded as soon as the call arrives (the browser decodes off this thread), so while one batch
 * computes the next one, already sent by the page, decodes. In the engine's call queue: the model's
 * inputs, one batched forward pass and the maps; after it (the next batch computes meanwhile): the
 * boxes and thumbnails.
 */

import * as tf from '@tensorflow/tfjs';
import * as Comlink from 'comlink';
import { explainBatch } from '../gradcam/batch-explain';
import { createSession, type GradCamSession, type LoadedModel } from '../gradcam/index';
import {
  decodeFile,
  finishFiles,
  overlayPng,
  type PreparedFile,
  prepareFile,
  releaseDecoded,
} from './dataset-image';
import type {
  DatasetBatchItem,
  DatasetFileRef,
  DatasetImageRequest,
  OverlayRequest,
} from './dataset-protocol';

type InQueue = <T>(signal: AbortSignal | undefined, job: (model?: LoadedModel) => Promise<T>) => Promise<T>;
type Ready = Extract<PreparedFile, { input: tf.Tensor4D }>;

/**
 * `inQueue` runs a job in the engine's call queue with the loaded model. The dataset run has a session
 * of its own on it, so the single view's image and cached activation stay as they are.
 */
export function datasetApi(inQueue: InQueue) {
  let own: { model: LoadedModel; session: GradCamSession } | undefined;
  const withSession = <T>(signal: AbortSignal | undefined, job: (session: GradCamSession) => Promise<T>) =>
    inQueue(signal, (model) => {
      if (!model) throw new Error('No model is loaded yet.');
      if (own?.model !== model) {
        own?.session.dispose();
        own = { model, session: createSession(model) };
      }
      return job(own.session);
    });

  return {
    async datasetBatch(
      refs: DatasetFileRef[],
      request: DatasetImageRequest,
      signal?: AbortSignal,
    ): Promise<DatasetBatchItem[]> {
      const decodings = refs.map((ref) => {
        const decoding = decodeFile(ref.file, ref.name, request.thumbnailSize);
        decoding.catch(() => undefined); // its error is reported in its item
        return decoding;
      });
      const prepared: PreparedFile[] = [];
      const open = new Set<Ready>(); // inputs and small copies owned here until their result is made
      try {
        const { batch, inputSize } = await withSession(signal, async (session) => {
          for (const decoding of decodings) {
            const p = await prepareFile(session, decoding);
            prepared.push(p);
            if ('input' in p) open.add(p);
          }
          const ready = [...open];
          const result = await explainBatch(
            session,
            ready.map((p) => p.input),
            {
              classIndex: request.classIndex,
              method: request.method,
              topK: request.topK,
              forwardOnly: request.forwardOnly,
              signal,
            },
          );
          tf.dispose(ready.map((p) => p.input));
          return { batch: result, inputSize: session.model.inputSize };
        });
        const share = Math.max(1, batch.items.length);
        const timings = {
          layer: batch.layer,
          method: batch.method,
          forwardMs: batch.timingsMs.forward / share,
          camMs: batch.timingsMs.cam / share,
        };
        const ready = prepared.filter((p): p is Ready => 'input' in p);
        for (const p of ready) open.delete(p); // finishFiles closes their small copies
        const results = await finishFiles(
          ready.map((p, i) => ({ prepared: p, item: batch.items[i] })),
          timings,
          request,
          inputSize,
        );
        let next = 0;
        const items: DatasetBatchItem[] = prepared.map((p) =>
          'error' in p ? { error: p.error } : results[next++],
        );
        const buffers = items.flatMap((item) => ('lowRes' in item ? [item.lowRes.buffer] : []));
        return Comlink.transfer(items, buffers);
      } finally {
        // What never became a result (an abort, an error) is released.
        for (const p of open) {
          p.input.dispose(); // a no-op when already disposed
          p.small.close();
        }
        for (const decoding of decodings.slice(prepared.length)) {
          void decoding.then(releaseDecoded, () => undefined);
        }
      }
    },
    /** The ZIP export's overlay PNG (queued like any call; needs no model state). */
    datasetOverlay(file: Blob, name: string, request: OverlayRequest, signal?: AbortSignal): Promise<Blob> {
      return withSession(signal, () => overlayPng(file, name, request));
    },
  };
}

/**
 * The worker's dataset calls (exposed beside the engine's), in the engine's call queue. While one
 * file is explained, the next one (named by the page) is already being decoded: the browser decodes
 * images off this thread, so decoding overlaps the model's work.
 */
import * as Comlink from 'comlink';
import { createSession, type GradCamSession, type LoadedModel } from '../gradcam/index';
import {
  type DecodedFile,
  decodeFile,
  explainDatasetImage,
  overlayPng,
  releaseDecoded,
} from './dataset-image';
import type { DatasetFileRef, DatasetImageRequest, OverlayRequest } from './dataset-protocol';

type InQueue = <T>(signal: AbortSignal | undefined, job: (model?: LoadedModel) => Promise<T>) => Promise<T>;

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
  let ahead: { key: string; decoding: Promise<DecodedFile> } | null = null;

  const decode = (ref: DatasetFileRef, size: number) => {
    const decoding = decodeFile(ref.file, ref.name, size);
    decoding.catch(() => undefined); // its error is reported when the file's turn comes
    return decoding;
  };
  const drop = (decoding: Promise<DecodedFile>) => void decoding.then(releaseDecoded, () => undefined);

  return {
    async datasetImage(
      ref: DatasetFileRef,
      request: DatasetImageRequest,
      signal?: AbortSignal,
      next?: DatasetFileRef,
    ) {
      let decoding: Promise<DecodedFile>;
      if (ahead?.key === ref.key) decoding = ahead.decoding;
      else {
        if (ahead) drop(ahead.decoding);
        decoding = decode(ref, request.thumbnailSize);
      }
      ahead = null;
      try {
        const result = await withSession(signal, (session) => {
          if (next) ahead = { key: next.key, decoding: decode(next, request.thumbnailSize) };
          return explainDatasetImage(session, decoding, request, signal);
        });
        return Comlink.transfer(result, [result.lowRes.buffer]);
      } catch (error) {
        drop(decoding); // released if it never reached the model (aborted in the queue)
        throw error;
      }
    },
    /** The ZIP export's overlay PNG (queued like any call; needs no model state). */
    datasetOverlay(file: Blob, name: string, request: OverlayRequest, signal?: AbortSignal): Promise<Blob> {
      return withSession(signal, () => overlayPng(file, name, request));
    },
  };
}

/**
 * The model worker: hosts tfjs and the engine (engine-api.ts) with the browser's backends, model
 * sources and pixel reader, and exposes ONE object through comlink; the page imports only its type.
 * AbortSignals arrive as signals (abort-signal.ts registers their transfer handler).
 */
import './abort-signal';
import * as Comlink from 'comlink';
import { selectBackend } from './backend';
import { datasetApi } from './dataset-api';
import { createEngineApi } from './engine-api';
import { frameToTensor } from './frame-pixels';
import { closeFrame, type FrameSource } from './frame-protocol';
import { dropLegacyModelCopies } from './model-cache';
import { openSource } from './open-source';
import { bitmapToTensor } from './pixels';
import { quietCancelledDownloads } from './quiet-aborts';
import { videoFileApi } from './video-file-api';
import { loseWebGlContext, watchWebGlContext } from './webgl-watch';

const engine = createEngineApi<ImageBitmap, FrameSource>({
  async startBackend(requested, debug) {
    const info = await selectBackend(requested, debug);
    watchWebGlContext();
    return info;
  },
  openSource,
  toTensor: bitmapToTensor,
  frameToTensor,
  closeFrame,
  transfer: (value, buffers) => Comlink.transfer(value, buffers as ArrayBuffer[]),
  heapBytes: () =>
    (performance as Performance & { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize ?? 0,
});

void dropLegacyModelCopies();
quietCancelledDownloads(self);

const api = {
  ...engine,
  ...datasetApi(engine.inQueue),
  ...videoFileApi(engine.inQueue),

  /**
   * Holds a Web Lock for the worker's whole life: the page asks for the same lock and is granted it
   * the moment this worker dies (crash, out of memory, terminate), which is how it notices.
   */
  async holdLifeline(name: string): Promise<void> {
    const locks = (self.navigator as Navigator & { locks?: LockManager }).locks;
    if (!locks) return;
    await new Promise<void>((held) => {
      void locks.request(name, () => {
        held();
        return new Promise<void>(() => {});
      });
    });
  },

  /** Test hook: loses the WebGL context as a driver reset would. False when not on WebGL. */
  debugLoseWebGlContext: loseWebGlContext,
};

/** The worker's API as the page sees it (through Comlink.Remote). */
export type GradcamApi = typeof api;

Comlink.expose(api);

/**
 * IndexedDB model cache at the IOHandler level (independent of how the core builds its model):
 * the first load downloads with progress and saves the artifacts to `indexeddb://<key>`; the next
 * load reads them back, so a repeat visit starts without the network.
 */
import * as tf from '@tensorflow/tfjs';
import { stallWatchingFetch } from '../gradcam/load-model';

export function cachedHttpHandler(
  url: string,
  key: string,
  onProgress: (fraction: number) => void,
  download: { signal?: AbortSignal; stallTimeoutMs?: number } = {},
): { handler: tf.io.IOHandler; willUseCache: () => Promise<'cache' | 'network'> } {
  const idbUrl = `indexeddb://${key}`;
  const isCached = async (): Promise<boolean> => {
    try {
      const models = await tf.io.listModels();
      return idbUrl in models;
    } catch {
      return false;
    }
  };
  const handler: tf.io.IOHandler = {
    async load() {
      if (await isCached()) {
        try {
          const artifacts = await tf.io.getLoadHandlers(idbUrl)[0].load!();
          onProgress(1);
          return artifacts;
        } catch {
          // A broken cache entry: drop it and download again.
          await tf.io.removeModel(idbUrl).catch(() => undefined);
        }
      }
      const fetchFunc = stallWatchingFetch(download.signal, download.stallTimeoutMs);
      const artifacts = await tf.io.http(url, { onProgress, fetchFunc }).load!();
      try {
        await tf.io.getSaveHandlers(idbUrl)[0].save!(artifacts);
      } catch (error) {
        console.warn('Model not cached in IndexedDB:', error);
      }
      return artifacts;
    },
  };
  return { handler, willUseCache: async () => ((await isCached()) ? 'cache' : 'network') };
}

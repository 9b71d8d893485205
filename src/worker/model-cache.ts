/**
 * Model downloads through the one model cache (Cache Storage, src/sw/cache-names.ts): a file that is
 * there is read from it, anything else is fetched (with the stall watchdog) and stored as it streams.
 * The service worker reads the same cache, so nothing is downloaded twice or kept twice.
 */
import * as tf from '@tensorflow/tfjs';
import { stallWatchingFetch } from '../gradcam/load-model';
import { MODEL_CACHE } from '../sw/cache-names';

/** Where the files of a model at `url` (its model.json) come from on this load. */
export async function isCachedModel(url: string): Promise<boolean> {
  if (typeof caches === 'undefined') return false;
  return (await caches.match(url).catch(() => undefined)) !== undefined;
}

/**
 * fetch() that answers from the model cache and stores what it downloads (complete, ok responses
 * only); each store is added to `writes` (when given) so that a load can wait for them.
 */
export function cachingFetch(
  download: { signal?: AbortSignal; stallTimeoutMs?: number },
  writes?: Promise<unknown>[],
): typeof fetch {
  const fetchOnce = stallWatchingFetch(download.signal, download.stallTimeoutMs);
  if (typeof caches === 'undefined') return fetchOnce; // e.g. an opaque origin: no cache, still works
  return async (input, init) => {
    const request = new Request(input, init);
    const hit = await caches.match(request.url).catch(() => undefined);
    if (hit) return hit;
    const response = await fetchOnce(input, init);
    if (
      response.ok &&
      (response.type === 'basic' || response.type === 'cors' || response.type === 'default')
    ) {
      const copy = response.clone();
      // A cancelled or broken download rejects here and leaves nothing behind.
      const write = caches
        .open(MODEL_CACHE)
        .then((cache) => cache.put(request.url, copy))
        .catch(() => undefined);
      writes?.push(write);
    }
    return response;
  };
}

/**
 * An IOHandler for a model.json URL whose files go through the model cache, with download progress.
 * Its load() ends once the files are stored too: a page reloaded right after a model has loaded
 * finds every file in the cache, none half-written.
 */
export function cachedHttpHandler(
  url: string,
  onProgress: (fraction: number) => void,
  download: { signal?: AbortSignal; stallTimeoutMs?: number } = {},
): tf.io.IOHandler {
  const writes: Promise<unknown>[] = [];
  const handler = tf.io.http(url, { onProgress, fetchFunc: cachingFetch(download, writes) });
  const load = handler.load?.bind(handler);
  if (load) {
    handler.load = async () => {
      const artifacts = await load();
      await Promise.all(writes);
      return artifacts;
    };
  }
  return handler;
}

/** Earlier versions kept remote models in IndexedDB as well: free that space once. */
export async function dropLegacyModelCopies(): Promise<void> {
  try {
    // Listing would create tfjs's database: look for it first.
    const databases = await indexedDB.databases();
    if (!databases.some((db) => db.name === 'tensorflowjs')) return;
    const models = await tf.io.listModels();
    const legacy = Object.keys(models).filter((key) => key.startsWith('indexeddb://gradcam-studio/'));
    await Promise.all(legacy.map((key) => tf.io.removeModel(key)));
  } catch {
    // No IndexedDB here (private mode): nothing to free.
  }
}

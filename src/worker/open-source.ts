/** Where a model's files come from in the browser worker: the network (cached in IndexedDB) or the user's files. */
import * as tf from '@tensorflow/tfjs';
import type { OpenedSource } from './engine-api';
import { cachedHttpHandler } from './model-cache';
import type { DebugOptions, ModelSource } from './protocol';

export async function openSource(
  source: ModelSource,
  signal: AbortSignal | undefined,
  onProgress: (fraction: number) => void,
  debug: DebugOptions,
): Promise<OpenedSource> {
  if (source.kind === 'files') {
    // The page puts model.json last (src/app/model-source.ts).
    const json = source.files[source.files.length - 1];
    const weights = source.files.slice(0, -1).filter((file) => !file.name.endsWith('.json'));
    return { handler: tf.io.browserFiles([json, ...weights]), from: 'files' };
  }
  if (source.kind === 'catalogue' && !source.cache) {
    return { handler: source.url, from: 'network' }; // the core fetches it with our abort signal
  }
  const cacheKey =
    source.kind === 'catalogue' ? `gradcam-studio/${source.id}` : `gradcam-studio/url/${source.url}`;
  const cached = cachedHttpHandler(source.url, cacheKey, onProgress, {
    signal,
    stallTimeoutMs: debug.stallTimeoutMs,
  });
  return { handler: cached.handler, from: await cached.willUseCache() };
}

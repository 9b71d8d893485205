/** Where a model's files come from in the browser worker: the network (through the model cache) or the user's files. */
import * as tf from '@tensorflow/tfjs';
import type { OpenedSource } from './engine-api';
import { cachedHttpHandler, isCachedModel } from './model-cache';
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
    // tfjs's browserFiles throws bad JSON inside a FileReader callback (never settling): check first.
    try {
      JSON.parse(await json.text());
    } catch {
      throw new Error(`"${json.name}" is not a TensorFlow.js model.json (not valid JSON).`);
    }
    return { handler: tf.io.browserFiles([json, ...weights]), from: 'files' };
  }
  // Catalogue and URL models alike: one download, kept in the model cache for the next visit.
  const from = (await isCachedModel(source.url)) ? 'cache' : 'network';
  const handler = cachedHttpHandler(source.url, onProgress, { signal, stallTimeoutMs: debug.stallTimeoutMs });
  return { handler, from };
}

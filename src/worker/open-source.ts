/** Where a model's files come from in the browser worker: the network (through the model cache) or the user's files. */
import * as tf from '@tensorflow/tfjs';
import type { MetadataFinding } from '../gradcam/metadata';
import { fetchLabels, fetchUrlMetadata, sortModelFiles } from '../gradcam/model-files';
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
    // model.json, the weight files its manifest names, and metadata files beside them (a folder).
    const sorted = await sortModelFiles(source.files);
    return {
      handler: tf.io.browserFiles([sorted.modelJson, ...sorted.weights]),
      from: 'files',
      metadata: sorted.metadata,
    };
  }
  const metadata: MetadataFinding[] = [];
  if (source.kind === 'url') {
    // A model's own metadata.json (Teachable Machine's hosted models have one), then a labels URL.
    const found = await fetchUrlMetadata(source.url);
    if (found) metadata.push(found);
    if (source.meta.labelsUrl) metadata.push(await fetchLabels(source.meta.labelsUrl));
  }
  // Catalogue and URL models alike: one download, kept in the model cache for the next visit.
  const from = (await isCachedModel(source.url)) ? 'cache' : 'network';
  const handler = cachedHttpHandler(source.url, onProgress, { signal, stallTimeoutMs: debug.stallTimeoutMs });
  return { handler, from, metadata };
}

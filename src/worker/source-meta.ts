/** A model source's metadata as the core's loadModel takes it: the catalogue's, or an own model's. */
import { findCatalogueEntry } from '../gradcam/catalogue';
import type { ModelMeta } from '../gradcam/types';
import type { CustomModelMeta, ModelSource } from './protocol';

function customMeta(key: string, meta: CustomModelMeta): ModelMeta {
  return {
    id: key,
    format: meta.format ?? 'layers', // a hint only: the core reads the model.json
    inputSize: [224, 224],
    preprocess: meta.preprocess,
    labels: meta.labels ?? 'imagenet',
  };
}

/** The user's explicit choices for an own model: they win over the model's metadata. */
export function customOverrides(source: ModelSource): Partial<ModelMeta> | undefined {
  if (source.kind === 'catalogue') return undefined;
  const overrides: Partial<ModelMeta> = {};
  if (source.meta.preprocessChosen) overrides.preprocess = source.meta.preprocess;
  if (source.meta.labels) overrides.labels = source.meta.labels;
  return overrides;
}

export function sourceMeta(source: ModelSource): ModelMeta {
  if (source.kind !== 'catalogue') return customMeta(source.key, source.meta);
  const entry = findCatalogueEntry(source.id);
  if (!entry) throw new Error(`Unknown model "${source.id}".`);
  return entry;
}

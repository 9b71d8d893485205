/** Where models live on disk, and turning a --model argument into a load source (Node only). */
import { existsSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type * as tf from '@tensorflow/tfjs';
import { findCatalogueEntry } from '../gradcam/catalogue';
import type { ModelMeta } from '../gradcam/types';
import { fileHandler } from './file-handler';

/** The repository root (two levels above this file: src/node). */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * Folders that may hold <id>/model.json, in priority order: $GRADCAM_MODELS_DIR, public/models
 * (what `npm run models` fills), ../shared/models.
 */
export function modelDirs(): string[] {
  const dirs: string[] = [];
  const env = process.env.GRADCAM_MODELS_DIR;
  if (env) dirs.push(resolve(env));
  dirs.push(join(REPO_ROOT, 'public', 'models'), resolve(REPO_ROOT, '..', 'shared', 'models'));
  return dirs;
}

/** The folder of a catalogue model, or undefined when no copy exists on disk. */
export function findModelDir(id: string, dirs = modelDirs()): string | undefined {
  for (const dir of dirs) {
    if (existsSync(join(dir, id, 'model.json'))) return join(dir, id);
  }
  return undefined;
}

/** Generic metadata for a model the catalogue does not know: ImageNet-like, x/255, size from the model. */
export function genericMeta(id: string): ModelMeta {
  return {
    id,
    format: 'layers',
    inputSize: [224, 224],
    preprocess: { scale: 1 / 255, offset: 0 },
    labels: [],
  };
}

export interface ResolvedModel {
  source: string | tf.io.IOHandler;
  meta: ModelMeta;
  /** What was resolved (path or URL), for messages and output. */
  location: string;
  /** A catalogue entry's metadata, or defaults that model metadata may replace (LoadedModel.sources). */
  metaSource: 'catalogue' | 'default';
  /** model.json folders outside the catalogue: where to look for metadata files (model-metadata.ts). */
  sidecarsOf?: string;
}

/**
 * `--model` may be a catalogue id, a folder with model.json, a model.json path or an http(s) URL.
 * Catalogue ids resolve to a local copy ($GRADCAM_MODELS_DIR, public/models, ../shared/models).
 * A folder/model.json whose folder name is a catalogue id gets that entry's metadata.
 */
export function resolveModel(arg: string, metaOverride: Partial<ModelMeta> = {}): ResolvedModel {
  if (/^https?:\/\//i.test(arg)) {
    const id = arg.split('/').slice(-2, -1)[0] ?? 'model';
    const entry = findCatalogueEntry(id);
    const meta = { ...(entry ?? genericMeta(id)), ...metaOverride };
    return { source: arg, meta, location: arg, metaSource: entry ? 'catalogue' : 'default' };
  }
  const entry = findCatalogueEntry(arg);
  if (entry && !existsSync(arg)) {
    const dir = findModelDir(arg);
    if (!dir)
      throw new Error(`no local copy of catalogue model '${arg}' (looked in ${modelDirs().join(', ')})`);
    const path = join(dir, 'model.json');
    return {
      source: fileHandler(path),
      meta: { ...entry, ...metaOverride },
      location: path,
      metaSource: 'catalogue',
    };
  }
  const full = isAbsolute(arg) ? arg : resolve(arg);
  if (!existsSync(full)) throw new Error(`model not found: ${arg}`);
  const path = statSync(full).isDirectory() ? join(full, 'model.json') : full;
  if (!existsSync(path)) throw new Error(`no model.json in ${arg}`);
  const id = dirname(path).split(/[\\/]/).pop() ?? 'model';
  const known = findCatalogueEntry(id);
  const meta = { ...(known ?? genericMeta(id)), ...metaOverride };
  return {
    source: fileHandler(path),
    meta,
    location: path,
    metaSource: known ? 'catalogue' : 'default',
    sidecarsOf: known ? undefined : path,
  };
}

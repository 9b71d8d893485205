/**
 * A model dropped or picked as files (or a whole folder): model.json, its weight files, and any
 * metadata beside it (Teachable Machine metadata.json, a labels file). Works on File/Blob objects
 * (the page, the worker, Node 20+): no DOM beyond Blob.
 */
import type * as tf from '@tensorflow/tfjs';
import { type MetadataFinding, parseLabelsFile, readSidecarJson } from './metadata';

export interface NamedBlob extends Blob {
  readonly name: string;
  /** Set by folder pickers/drops: "my-model/model.json". */
  readonly webkitRelativePath?: string;
}

export interface SortedModelFiles<F extends NamedBlob = NamedBlob> {
  modelJson: F;
  /** In the manifest's order. */
  weights: F[];
  /** Files read as metadata (metadata.json, labels.json, *.txt), applied in this order. */
  metadata: MetadataFinding[];
  /** Files that were neither (ignored, for the model panel). */
  ignored: string[];
}

const baseName = (name: string) => name.split(/[\\/]/).pop() ?? name;
const LABEL_TEXT = /\.(txt|csv|names|labels)$/i;

/**
 * Finds model.json, the weight files its manifest names (by file name), and metadata files among
 * `files`; a clear error when model.json or a weight file is missing.
 */
export async function sortModelFiles<F extends NamedBlob>(files: readonly F[]): Promise<SortedModelFiles<F>> {
  const jsons = files.filter((f) => baseName(f.name).toLowerCase().endsWith('.json'));
  let modelJson: F | undefined;
  let manifest: tf.io.WeightsManifestConfig | undefined;
  const otherJson: { file: F; text: string }[] = [];
  let badModelJson: F | undefined;
  for (const file of jsons) {
    const text = await file.text();
    let parsed: { modelTopology?: unknown; weightsManifest?: tf.io.WeightsManifestConfig } | null = null;
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = null;
      if (baseName(file.name).toLowerCase() === 'model.json') badModelJson = file;
    }
    if (!modelJson && parsed && parsed.modelTopology != null && Array.isArray(parsed.weightsManifest)) {
      modelJson = file;
      manifest = parsed.weightsManifest;
    } else {
      otherJson.push({ file, text });
    }
  }
  if ((!modelJson || !manifest) && badModelJson) {
    // Said as tfjs's own loader would not (its browserFiles never settles on bad JSON).
    throw new Error(`"${baseName(badModelJson.name)}" is not a TensorFlow.js model.json (not valid JSON).`);
  }
  if (!modelJson || !manifest) {
    const names = files.map((f) => baseName(f.name)).join(', ') || 'none';
    throw new Error(
      `No model.json among the files (${names}): pick model.json together with its weight files`,
    );
  }
  const byName = new Map(files.map((f) => [baseName(f.name), f]));
  const paths = manifest.flatMap((group) => group.paths.map(baseName));
  const missing = paths.filter((p) => !byName.has(p));
  if (missing.length) {
    throw new Error(
      `Weight file${missing.length > 1 ? 's' : ''} missing: ${missing.join(', ')} (named in ${baseName(modelJson.name)})`,
    );
  }
  const weights = paths.map((p) => byName.get(p)!);
  const used = new Set<F>([modelJson, ...weights]);
  const metadata: MetadataFinding[] = [];
  const ignored: string[] = [];
  for (const { file, text } of otherJson) {
    metadata.push(readSidecarJson(text, baseName(file.name)));
    used.add(file);
  }
  for (const file of files) {
    if (used.has(file)) continue;
    if (LABEL_TEXT.test(file.name)) metadata.push(parseLabelsFile(await file.text(), baseName(file.name)));
    else ignored.push(baseName(file.name));
  }
  return { modelJson, weights, metadata, ignored };
}

/**
 * metadata.json beside a model.json URL (Teachable Machine's hosted models have one), or null
 * when there is none (any HTTP error or a non-JSON answer counts as none).
 */
export async function fetchUrlMetadata(
  modelUrl: string,
  fetchFn: typeof fetch = fetch,
): Promise<MetadataFinding | null> {
  const url = new URL('metadata.json', modelUrl);
  url.search = new URL(modelUrl).search;
  let response: Response;
  try {
    response = await fetchFn(url.href, { credentials: 'omit' });
  } catch {
    return null;
  }
  if (!response.ok) return null;
  const text = await response.text();
  try {
    return readSidecarJson(text, 'metadata.json');
  } catch {
    return null;
  }
}

/** A labels file at a URL (share links carry it): JSON list/object or one label per line. */
export async function fetchLabels(url: string, fetchFn: typeof fetch = fetch): Promise<MetadataFinding> {
  const response = await fetchFn(url, { credentials: 'omit' });
  if (!response.ok) throw new Error(`The labels file ${url} answered ${response.status}`);
  const text = await response.text();
  const name = new URL(url).pathname.split('/').pop() || 'labels';
  return name.endsWith('.json') ? readSidecarJson(text, name) : parseLabelsFile(text, name);
}

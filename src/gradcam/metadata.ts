/**
 * Model metadata, so a dropped model just works: labels, preprocessing, input size and task read
 * from (1) model.json's userDefinedMetadata, (2) a Teachable Machine metadata.json, (3) a labels
 * file. Each reader returns a finding that names its source; mergeMetadata applies them in order
 * (later wins) and records where each field came from.
 *
 * userDefinedMetadata schema (every field optional):
 *   { "gradcam": { "labels": ["cat", "dog"] | {"0": "cat", ...}, "preprocess": "caffe" | {...},
 *                  "task": "multiclass" | "binary" | "multilabel", "inputSize": [h, w] | 224,
 *                  "defaultLayer": "conv5", "logitsLayer": "logits" } }
 */
import { isTask } from './heads';
import { parsePreprocess, presetValue } from './preprocessing/presets';
import type { ModelMeta, Preprocess } from './types';

export type DetectableField = 'labels' | 'preprocess' | 'inputSize' | 'task' | 'defaultLayer' | 'logitsLayer';
export type DetectedMeta = Partial<Pick<ModelMeta, DetectableField>>;

export interface MetadataFinding {
  /** Where it was read, for people: "model.json userDefinedMetadata", "metadata.json (Teachable Machine)". */
  source: string;
  meta: DetectedMeta;
}

/** Field -> where its value came from ("model.json userDefinedMetadata", "default", ...). */
export type MetaSources = Partial<Record<DetectableField, string>>;

function labelList(value: unknown, where: string): string[] {
  if (Array.isArray(value)) {
    if (!value.every((v) => typeof v === 'string' || typeof v === 'number'))
      throw new Error(`${where}: labels must be strings`);
    return value.map(String);
  }
  if (value != null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>);
    const out: string[] = [];
    for (const [key, label] of entries) {
      if (!/^\d+$/.test(key)) throw new Error(`${where}: label keys must be class indices ("0", "1", ...)`);
      // Keras/torchvision index files hold ["n01440764", "tench"]: the name is the last entry.
      const name = Array.isArray(label) ? label[label.length - 1] : label;
      if (typeof name !== 'string') throw new Error(`${where}: label ${key} is not a string`);
      out[Number(key)] = name;
    }
    for (let i = 0; i < out.length; i++) out[i] ??= `class ${i}`;
    return out;
  }
  throw new Error(`${where}: labels must be a list or an {"0": "name"} object`);
}

function sizeOf(value: unknown, where: string): [number, number] {
  const ok = (n: unknown): n is number => typeof n === 'number' && Number.isInteger(n) && n >= 8 && n <= 4096;
  if (ok(value)) return [value, value];
  if (Array.isArray(value) && value.length === 2 && ok(value[0]) && ok(value[1])) return [value[0], value[1]];
  throw new Error(`${where}: inputSize must be a size (8..4096) or [height, width]`);
}

/** The `gradcam` block of model.json's userDefinedMetadata, or null when there is none. */
export function readUserDefinedMetadata(udm: unknown): MetadataFinding | null {
  const block = (udm as { gradcam?: unknown } | null | undefined)?.gradcam;
  if (block == null) return null;
  const source = 'model.json userDefinedMetadata';
  if (typeof block !== 'object' || Array.isArray(block))
    throw new Error(`${source}: "gradcam" must be an object`);
  const g = block as Record<string, unknown>;
  const meta: DetectedMeta = {};
  if (g.labels != null) meta.labels = labelList(g.labels, source);
  if (g.preprocess != null) meta.preprocess = parsePreprocess(g.preprocess, `${source} preprocess`);
  if (g.task != null) {
    if (!isTask(g.task)) throw new Error(`${source}: task must be multiclass, binary or multilabel`);
    meta.task = g.task;
  }
  if (g.inputSize != null) meta.inputSize = sizeOf(g.inputSize, source);
  for (const key of ['defaultLayer', 'logitsLayer'] as const) {
    if (typeof g[key] === 'string') meta[key] = g[key];
  }
  return { source, meta };
}

/** True for a Teachable Machine image model's metadata.json. */
export function isTeachableMachineMetadata(json: unknown): boolean {
  const o = json as Record<string, unknown> | null;
  return (
    o != null && typeof o === 'object' && Array.isArray(o.labels) && ('tmVersion' in o || 'imageSize' in o)
  );
}

/** A Teachable Machine metadata.json: labels, imageSize, optional grayscale; its preprocessing. */
export function readTeachableMachineMetadata(json: unknown, file = 'metadata.json'): MetadataFinding {
  const source = `${file} (Teachable Machine)`;
  if (!isTeachableMachineMetadata(json)) throw new Error(`${file} is not a Teachable Machine metadata file`);
  const o = json as { labels: unknown; imageSize?: unknown; grayscale?: unknown };
  const preprocess: Preprocess = presetValue('teachable-machine');
  if (o.grayscale === true) preprocess.color = 'gray';
  const meta: DetectedMeta = { labels: labelList(o.labels, source), preprocess, task: 'multiclass' };
  if (o.imageSize != null) meta.inputSize = sizeOf(o.imageSize, source);
  return { source, meta };
}

/** A labels file: a JSON list, a JSON {"0": "tench", ...} object, or one label per line. */
export function parseLabelsFile(text: string, file = 'labels file'): MetadataFinding {
  const trimmed = text.replace(/^\uFEFF/, '').trim();
  if (trimmed === '') throw new Error(`${file} is empty`);
  let labels: string[];
  if (trimmed.startsWith('[') || trimmed.startsWith('{')) {
    let json: unknown;
    try {
      json = JSON.parse(trimmed);
    } catch {
      throw new Error(`${file} looks like JSON but does not parse`);
    }
    labels = isTeachableMachineMetadata(json)
      ? labelList((json as { labels: unknown }).labels, file)
      : labelList(json, file);
  } else {
    labels = trimmed.split(/\r?\n/).map((line) => line.trim());
  }
  if (labels.length === 0) throw new Error(`${file} has no labels`);
  return { source: file, meta: { labels } };
}

/** Any sidecar JSON a user may drop beside model.json: TM metadata, or a labels list/object. */
export function readSidecarJson(text: string, file: string): MetadataFinding {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new Error(`${file} is not valid JSON`);
  }
  if (isTeachableMachineMetadata(json)) return readTeachableMachineMetadata(json, file);
  return parseLabelsFile(text, file);
}

/** `base` with every finding applied in order (later wins); `sources` says where each field came from. */
export function mergeMetadata(
  base: ModelMeta,
  findings: readonly (MetadataFinding | null | undefined)[],
  baseSource = 'default',
): { meta: ModelMeta; sources: MetaSources } {
  const meta: ModelMeta = { ...base };
  const sources: MetaSources = { labels: baseSource, preprocess: baseSource, inputSize: baseSource };
  for (const finding of findings) {
    if (!finding) continue;
    for (const [key, value] of Object.entries(finding.meta) as [DetectableField, unknown][]) {
      if (value === undefined) continue;
      (meta as unknown as Record<string, unknown>)[key] = value;
      sources[key] = finding.source;
    }
  }
  return { meta, sources };
}

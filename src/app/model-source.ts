/**
 * The one place that turns the user's choice of model (a catalogue entry, a model.json URL, picked
 * or dropped files) into a ModelSource: its key and title, checked against the page's security
 * policy. Nothing is fetched here: the worker downloads the model once and the core reads its format.
 */
import { findCatalogueEntry } from '../gradcam/catalogue';
import { checkModelUrl } from '../security/model-url';
import type { CustomModelMeta, ModelSource } from '../worker/protocol';

export type CustomModelInput = { files: File[] } | { url: string };

/** A catalogue model; bundled ones are resolved against `base` (the app lives on any sub-path). */
export function catalogueSource(id: string, base: string): ModelSource {
  const entry = findCatalogueEntry(id);
  if (!entry) throw new Error(`Unknown model "${id}".`);
  const url =
    entry.delivery === 'bundled' ? new URL(`models/${entry.id}/model.json`, base).href : entry.sourceUrl;
  return {
    kind: 'catalogue',
    key: `catalogue:${entry.id}`,
    title: entry.title,
    id: entry.id,
    url,
  };
}

function isModelJson(file: File): boolean {
  return file.name.endsWith('.json') && file.name !== 'labels.json' && file.name !== 'metadata.json';
}

/** A model URL on another host: loaded once the user says so (src/security/model-url.ts). */
export class HostConfirmationNeeded extends Error {
  constructor(
    readonly url: string,
    readonly host: string,
  ) {
    super(`Load model from ${host}?`);
  }
}

/** Files dropped or picked together: a model when they hold a model.json and weights. */
export function isModelFiles(files: File[]): boolean {
  return (
    files.some(isModelJson) && files.some((f) => f.name.endsWith('.bin') || /shard\d+of\d+$/.test(f.name))
  );
}

/** The labels file among dropped model files, if any. */
export function labelsFileOf(files: File[]): File | undefined {
  return files.find((f) => f.name === 'labels.json' || f.name.endsWith('.txt'));
}

/** A custom model's source; throws a message for the user when it cannot be one. */
export function customSource(
  input: CustomModelInput,
  meta: Omit<CustomModelMeta, 'format'>,
  page: { base: string; origin: string },
  /** The host the user already accepted (the model-host-confirm button). */
  confirmedHost?: string,
): ModelSource {
  if ('files' in input) {
    const json = input.files.find(isModelJson);
    if (!json) throw new Error('Pick the model.json file together with its weight files (.bin).');
    // Every file travels: the worker picks the weights model.json names and reads metadata beside it.
    const others = input.files.filter((f) => f !== json);
    const labels = meta.labelsFrom ? `:labels=${meta.labelsFrom}:${meta.labels?.length ?? 0}` : '';
    return {
      kind: 'files',
      key: `files:${json.name}:${json.size}:${others.map((f) => `${f.name}:${f.size}`).join(',')}${labels}`,
      title: `${json.name} (your files)`,
      files: [...others, json],
      meta,
    };
  }
  const checked = checkModelUrl(input.url, page.base);
  const { url } = checked;
  if (checked.trust === 'confirm' && confirmedHost !== checked.host)
    throw new HostConfirmationNeeded(url.href, checked.host);
  return {
    kind: 'url',
    key: `url:${url.href}${meta.labelsUrl ? `|labels=${meta.labelsUrl}` : ''}${meta.labels ? `|labels=${meta.labelsFrom}` : ''}`,
    title: url.pathname.split('/').slice(-2, -1)[0] || 'Model from URL',
    url: url.href,
    meta,
  };
}

/** Labels from a JSON array (or index -> label object) or a text file with one label per line. */
export async function readLabelsFile(file: File): Promise<string[]> {
  const text = await file.text();
  try {
    const parsed = JSON.parse(text);
    if (Array.isArray(parsed)) return parsed.map(String);
    if (parsed && typeof parsed === 'object')
      return Object.keys(parsed)
        .sort((a, b) => +a - +b)
        .map((k) => String(parsed[k]));
  } catch {
    // Not JSON: one label per line.
  }
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean);
}

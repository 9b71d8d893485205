/** The file list of a batch run: recursive listing, deterministic shards, output paths, resume checks. */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';
import { overlayName } from '../dataset/rows';
import type { Shard } from './batch-args';

/**
 * Every non-hidden file under `root`, as '/'-separated paths relative to it, sorted (code-point
 * order: the same on every machine). Symlinked folders are not followed; `exclude` (the output
 * folder when it lies inside the dataset) is skipped.
 */
export function listFiles(root: string, exclude?: string): string[] {
  const out: string[] = [];
  const skip = exclude ? resolve(exclude) : null;
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.name.startsWith('.')) continue;
      const full = join(dir, entry.name);
      if (skip && resolve(full) === skip) continue;
      if (entry.isDirectory()) walk(full);
      else if (
        entry.isFile() ||
        (entry.isSymbolicLink() && statSync(full, { throwIfNoEntry: false })?.isFile())
      )
        out.push(relative(root, full).split(sep).join('/'));
    }
  };
  walk(root);
  return out.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** The K-th of N slices: every N-th file of the sorted list, starting at the (K-1)-th. */
export function shardSlice<T>(files: readonly T[], shard: Shard | null): T[] {
  if (!shard) return [...files];
  return files.filter((_, i) => i % shard.count === shard.index - 1);
}

/** Where a file's outputs go: OUT/<relative path>.json and OUT/<relative path>.png. */
export function outputPaths(outDir: string, file: string): { json: string; png: string } {
  return {
    json: `${join(outDir, ...file.split('/'))}.json`,
    png: join(outDir, ...overlayName(file).split('/')),
  };
}

/** The output of a file relative to OUT, as the report links it. */
export const overlayHref = overlayName;

/** The newest modification time of a model's files on disk (0 for a URL: nothing to compare). */
export function modelTime(location: string): number {
  if (/^https?:\/\//i.test(location) || !existsSync(location)) return 0;
  return statSync(location).mtimeMs;
}

/** The settings a finished output must have been made with to be reused. */
export interface ResumeKey {
  model: string;
  method: string;
  layer: string;
  /** The fixed class, or undefined for each image's own top-1. */
  classIndex?: number;
  topK: number;
  /** The method options in force (cam-flags.ts), when any flag was given: the JSON's `options`. */
  options?: unknown;
  /** The model options in force, as the output records them (modelFields): preprocessing with its resize, task. */
  preprocess: string;
  task: string;
  /** The labels in force: the output's own labels (top-k, explained class) must be these. */
  labels: readonly string[];
  /** --boxes and --metrics: the output has those fields exactly when they are asked for. */
  boxes: boolean;
  metrics: boolean;
}

/** The output was made with `key`'s settings (the fields it records; see ResumeKey). */
export function sameSettings(result: Record<string, unknown>, key: ResumeKey): boolean {
  const topK = Array.isArray(result.topK) ? (result.topK as { index?: number; label?: string }[]) : null;
  if (!topK || topK.length !== key.topK) return false;
  const classIndex = result.classIndex as number;
  return (
    result.model === key.model &&
    result.method === key.method &&
    result.layer === key.layer &&
    classIndex === (key.classIndex ?? topK[0]?.index) &&
    result.preprocess === key.preprocess &&
    result.task === key.task &&
    result.classLabel === key.labels[classIndex] &&
    topK.every((p) => p.index != null && p.label === key.labels[p.index]) &&
    'boxes' in result === key.boxes &&
    'metrics' in result === key.metrics &&
    JSON.stringify(result.options ?? null) === JSON.stringify(key.options ?? null)
  );
}

/**
 * The single-image JSON of a finished file, when its JSON and PNG exist, are newer than the model
 * and were made with the same settings and model options; otherwise null (the file is explained again).
 */
export async function finishedOutput(
  outDir: string,
  file: string,
  key: ResumeKey,
  modelMtime: number,
): Promise<Record<string, unknown> | null> {
  const { json, png } = outputPaths(outDir, file);
  const j = statSync(json, { throwIfNoEntry: false });
  const p = statSync(png, { throwIfNoEntry: false });
  if (!j || !p || j.mtimeMs < modelMtime || p.mtimeMs < modelMtime) return null;
  try {
    const result = JSON.parse(await readFile(json, 'utf8')) as Record<string, unknown>;
    return sameSettings(result, key) ? result : null;
  } catch {
    return null;
  }
}

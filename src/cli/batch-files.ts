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
}

/**
 * The single-image JSON of a finished file, when its JSON and PNG exist, are newer than the model
 * and were made with the same settings; otherwise null (the file is explained again).
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
    const same =
      result.model === key.model &&
      result.method === key.method &&
      result.layer === key.layer &&
      Array.isArray(result.topK) &&
      result.classIndex === (key.classIndex ?? (result.topK[0] as { index?: number } | undefined)?.index) &&
      result.topK.length === key.topK &&
      JSON.stringify(result.options ?? null) === JSON.stringify(key.options ?? null);
    return same ? result : null;
  } catch {
    return null;
  }
}

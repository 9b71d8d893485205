/**
 * A batch run's index: OUT/index.json (settings, labels, one row per file) for a whole run, or
 * OUT/index.shard-K-of-N.json for one shard; index.csv and index.html are derived from it.
 */
import { existsSync, readdirSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type DatasetRow, sortByFile, toCsv } from '../dataset/rows';
import { summarise } from '../dataset/summary';
import type { Shard } from './batch-args';
import { reportHtml } from './batch-report-html';

export const INDEX_VERSION = 1;

export interface BatchIndex {
  version: number;
  model: string;
  method: string;
  layer: string;
  /** The fixed class of a fixed-class run, or null (each image's own top-1). */
  classIndex: number | null;
  topK: number;
  /** The shard this index covers, or null for a whole run (or a merge). */
  shard: Shard | null;
  /** Files in the whole dataset (every shard together). */
  datasetFiles: number;
  labels: string[];
  rows: DatasetRow[];
}

export function shardIndexName(shard: Shard): string {
  return `index.shard-${shard.index}-of-${shard.count}.json`;
}

/** The settings two indexes must share to be merged. */
export function settingsOf(index: BatchIndex): string {
  return JSON.stringify([index.model, index.method, index.layer, index.classIndex, index.topK]);
}

/**
 * Writes the index of a run: a shard writes only its shard file (merge them with --merge); a whole
 * run writes index.json, index.csv and index.html. Rows are written sorted by file.
 */
export async function writeIndex(outDir: string, index: BatchIndex): Promise<string[]> {
  await mkdir(outDir, { recursive: true });
  const sorted = { ...index, rows: sortByFile(index.rows) };
  if (index.shard) {
    const path = join(outDir, shardIndexName(index.shard));
    await writeFile(path, `${JSON.stringify(sorted)}\n`);
    return [path];
  }
  const paths = ['index.json', 'index.csv', 'index.html'].map((f) => join(outDir, f));
  await writeFile(paths[0], `${JSON.stringify(sorted)}\n`);
  await writeFile(paths[1], toCsv(sorted.rows, index.labels));
  await writeFile(paths[2], reportHtml(sorted, summarise(sorted.rows)));
  return paths;
}

/** Every index file in a folder: index.json and any index.shard-*.json. */
export async function readIndexes(dir: string): Promise<BatchIndex[]> {
  if (!existsSync(dir)) throw new Error(`${dir} does not exist`);
  const names = readdirSync(dir).filter(
    (f) => f === 'index.json' || /^index\.shard-\d+-of-\d+\.json$/.test(f),
  );
  const out: BatchIndex[] = [];
  for (const name of names.sort()) {
    let index: BatchIndex;
    try {
      index = JSON.parse(await readFile(join(dir, name), 'utf8')) as BatchIndex;
    } catch {
      throw new Error(`${join(dir, name)} is not valid JSON`);
    }
    if (index.version !== INDEX_VERSION || !Array.isArray(index.rows)) {
      throw new Error(`${join(dir, name)} is not a batch index (version ${INDEX_VERSION})`);
    }
    out.push(index);
  }
  return out;
}

/**
 * --merge OUT1 OUT2 ... [--out-dir MERGED]: one index and report from the outputs of several shards
 * (in several folders, or all in one). Per-image files from other folders are copied into the merged
 * folder so its report is self-contained. Shards must share their settings.
 */
import { existsSync } from 'node:fs';
import { copyFile, mkdir } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { DatasetRow } from '../dataset/rows';
import type { MergeArgs } from './batch-args';
import { outputPaths } from './batch-files';
import { type BatchIndex, readIndexes, settingsOf, writeIndex } from './batch-index';
import { UsageError } from './explain';

export async function mergeOutputs(args: MergeArgs, stderr = process.stderr): Promise<string[]> {
  const found: { dir: string; index: BatchIndex }[] = [];
  for (const dir of args.inputs) {
    const indexes = await readIndexes(dir).catch((error: Error) => {
      throw new UsageError(`--merge: ${error.message}`);
    });
    if (indexes.length === 0) throw new UsageError(`--merge: no index.json or index.shard-*.json in ${dir}`);
    for (const index of indexes) found.push({ dir, index });
  }
  const first = found[0].index;
  for (const { dir, index } of found) {
    if (settingsOf(index) !== settingsOf(first)) {
      throw new UsageError(
        `--merge: ${dir} was made with other settings (model, method, layer, class, top-k)`,
      );
    }
  }
  const shards = found.map((f) => f.index.shard).filter((s) => s != null);
  if (shards.length > 0) {
    const count = shards[0].count;
    const missing: number[] = [];
    for (let k = 1; k <= count; k++)
      if (!shards.some((s) => s.index === k && s.count === count)) missing.push(k);
    if (missing.length > 0)
      stderr.write(`merge: shard(s) ${missing.map((k) => `${k}/${count}`).join(', ')} missing\n`);
  }
  // One row per file: a finished row wins over a failed one, else the later input.
  const rows = new Map<string, { dir: string; row: DatasetRow }>();
  for (const { dir, index } of found) {
    for (const row of index.rows) {
      const seen = rows.get(row.file);
      if (seen?.row.state !== 'ready' || row.state === 'ready') rows.set(row.file, { dir, row });
    }
  }
  const out = resolve(args.outDir);
  for (const { dir, row } of rows.values()) {
    if (row.state !== 'ready' || resolve(dir) === out) continue;
    const from = outputPaths(dir, row.file);
    const to = outputPaths(out, row.file);
    if (!existsSync(from.json) || !existsSync(from.png)) {
      throw new UsageError(`--merge: ${dir} lists ${row.file} but its outputs are missing`);
    }
    await mkdir(dirname(to.json), { recursive: true });
    await copyFile(from.png, to.png);
    await copyFile(from.json, to.json);
  }
  const datasetFiles = Math.max(...found.map((f) => f.index.datasetFiles));
  if (rows.size < datasetFiles) stderr.write(`merge: ${rows.size} of ${datasetFiles} files covered\n`);
  return writeIndex(out, { ...first, shard: null, datasetFiles, rows: [...rows.values()].map((r) => r.row) });
}

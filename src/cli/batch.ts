/**
 * Batch runs of `explain`: every image under --images gets OUT/<relative path>.json (the single-image
 * JSON) and OUT/<relative path>.png (the overlay); OUT/index.json, index.csv and index.html sum it up.
 * Finished images are skipped on a rerun; bad files are listed at the end and do not fail the run;
 * --shard K/N takes a deterministic slice and --merge builds one index from several outputs.
 */
import { existsSync, statSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { labelMatcher, truthOf } from '../dataset/ground-truth';
import type { DatasetRow } from '../dataset/rows';
import { summarise } from '../dataset/summary';
import { applyCamOptions } from '../gradcam/cam-runs';
import { createSession, preprocessToParam } from '../gradcam/index';
import { readImage } from '../node/decode-image';
import { writeOverlayPng } from '../node/overlay';
import { type BatchArgs, parseBatchArgs } from './batch-args';
import { finishedOutput, listFiles, modelTime, outputPaths, shardSlice } from './batch-files';
import { writeIndex } from './batch-index';
import { mergeOutputs } from './batch-merge';
import { ProgressBar } from './batch-progress';
import { camOptions, hasCamFlags } from './cam-flags';
import {
  cropImage,
  cropOf,
  explainTensor,
  loadCliModel,
  modelFields,
  photoInput,
  UsageError,
} from './explain-image';
import { metricsFields } from './metrics-flags';

interface RunStats {
  explained: number;
  resumed: number;
  failed: DatasetRow[];
  index: string[];
}

function pickBox(b: { x: number; y: number; w: number; h: number } | undefined): DatasetRow['box'] {
  return b ? { x: b.x, y: b.y, w: b.w, h: b.h } : null;
}

/** A result JSON's row in the index. */
function rowOf(file: string, truth: number | null, result: Record<string, unknown>): DatasetRow {
  const topK = result.topK as { index: number; label: string; probability: number }[];
  return {
    file,
    state: 'ready',
    truth,
    top: topK.map(({ index, label, probability }) => ({ index, label, probability })),
    classIndex: result.classIndex as number,
    method: result.method as string,
    layer: result.layer as string,
    // --boxes: the map's (largest) box in the photo's pixels.
    ...(Array.isArray(result.boxes) ? { box: pickBox(result.boxes[0]) } : {}),
  };
}

export async function runBatch(args: BatchArgs, stderr = process.stderr): Promise<RunStats> {
  const root = resolve(args.images);
  if (!existsSync(root) || !statSync(root).isDirectory())
    throw new UsageError(`--images ${args.images} is not a folder`);
  const all = listFiles(root, args.outDir);
  if (all.length === 0) throw new UsageError(`--images ${args.images} holds no files`);
  const files = shardSlice(all, args.shard);
  const { explain } = args;

  const { model, resolved, load } = await loadCliModel(explain);
  const session = createSession(model);
  const rows: DatasetRow[] = [];
  const stats: RunStats = { explained: 0, resumed: 0, failed: [], index: [] };
  try {
    if (explain.layer) {
      try {
        session.setLayer(explain.layer);
      } catch (error) {
        throw new UsageError(error instanceof Error ? error.message : String(error));
      }
    }
    if (explain.classIndex != null && explain.classIndex >= model.numClasses) {
      throw new UsageError(`--class ${explain.classIndex} is outside 0..${model.numClasses - 1}`);
    }
    const match = labelMatcher(model.labels);
    const key = {
      model: resolved.meta.id,
      method: explain.method,
      layer: session.layer,
      classIndex: explain.classIndex,
      topK: Math.min(explain.topK, model.numClasses),
      preprocess: preprocessToParam(model.meta.preprocess),
      task: model.task,
      labels: model.labels,
      boxes: explain.boxes,
      metrics: explain.metrics,
      options: hasCamFlags(explain)
        ? applyCamOptions(model, session.layer, explain.method, camOptions(explain))
        : undefined,
    };
    const mtime = modelTime(resolved.location);
    const progress = new ProgressBar(files.length, stderr);
    for (const file of files) {
      const truth = truthOf(file, match);
      const done = await finishedOutput(args.outDir, file, key, mtime);
      if (done) {
        rows.push(rowOf(file, truth, done));
        stats.resumed++;
        progress.tick(true);
        continue;
      }
      const path = join(root, ...file.split('/'));
      try {
        const image = await readImage(path);
        const { input: x, region } = photoInput(image, model);
        try {
          const explained = await explainTensor(session, key.model, x, explain, load);
          const { classIndex } = explained.result;
          const photo = { width: image.width, height: image.height, crop: cropOf(region) };
          const result = {
            ...explained.result,
            ...(await metricsFields(
              explain,
              model,
              x,
              explained.cam.heatmap,
              classIndex,
              explained.probability,
              photo,
            )),
            ...modelFields(model, region),
          };
          const out = outputPaths(args.outDir, file);
          await mkdir(dirname(out.json), { recursive: true });
          await writeOverlayPng(out.png, cropImage(image, region), explained.cam.heatmap, ...model.inputSize);
          await writeFile(out.json, `${JSON.stringify(result)}\n`); // last: its presence marks the file done
          rows.push(rowOf(file, truth, result));
          stats.explained++;
          progress.tick(true);
        } finally {
          x.dispose();
        }
      } catch (error) {
        if (error instanceof UsageError) throw error;
        const message = (error instanceof Error ? error.message : String(error))
          .replace(`${path}: `, '')
          .replace(root, '.');
        const row: DatasetRow = {
          file,
          state: 'failed',
          error: message.replace(/\s*\n\s*/g, ' '),
          truth,
          top: [],
          classIndex: null,
          method: key.method,
          layer: key.layer,
        };
        rows.push(row);
        stats.failed.push(row);
        progress.tick(false);
      }
    }
    progress.finish();
    stats.index = await writeIndex(args.outDir, {
      version: 1,
      model: key.model,
      method: key.method,
      layer: key.layer,
      classIndex: explain.classIndex ?? null,
      topK: key.topK,
      shard: args.shard,
      datasetFiles: all.length,
      labels: model.labels,
      rows,
    });
    const summary = summarise(rows);
    const accuracy = summary.accuracy == null ? '' : `, accuracy ${(100 * summary.accuracy).toFixed(1)}%`;
    stderr.write(
      `explained ${stats.explained}, reused ${stats.resumed}, skipped ${stats.failed.length} bad file(s)` +
        ` of ${files.length}${args.shard ? ` (shard ${args.shard.index}/${args.shard.count})` : ''}` +
        ` in ${(progress.elapsedMs / 1000).toFixed(1)} s${accuracy}\n`,
    );
    if (stats.failed.length > 0) {
      stderr.write(`bad files:\n${stats.failed.map((r) => `  ${r.file}: ${r.error}\n`).join('')}`);
    }
    return stats;
  } finally {
    session.dispose();
    model.dispose();
  }
}

/** `explain` with --images or --merge: returns the exit code (2 on bad arguments or a broken model). */
export async function batchMain(argv: string[]): Promise<number> {
  const args = parseBatchArgs(argv);
  const written = args.mode === 'merge' ? await mergeOutputs(args) : (await runBatch(args)).index;
  process.stdout.write(`${written.join('\n')}\n`);
  return 0;
}

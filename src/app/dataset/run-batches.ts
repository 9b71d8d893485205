/**
 * The dataset stage's job (stage.ts), a chunk of its own loaded with a run's first batch: the files
 * from the cursor on, explained in batches; each batch's tiles land in the store as they come.
 */
import type { DatasetRow } from '../../dataset/rows';
import { isAbortError } from '../../gradcam/abort';
import type { DatasetRun, DatasetTile } from '../../state/slices/dataset';
import type { AppStore } from '../../state/store';
import type { DatasetBatchItem, DatasetImageRequest } from '../../worker/dataset-protocol';
import type { Engine } from '../engine';
import { describeError, type Job } from '../jobs';
import { activeMs } from './progress';
import { BATCH_SIZE, datasetWork } from './stage';

/** Batches sent ahead of their results. */
const IN_FLIGHT = 2;

/** A finished tile of file `index`: its row (ready or failed), thumbnail and map. */
function tileOf(
  run: DatasetRun,
  index: number,
  request: DatasetImageRequest,
  item: DatasetBatchItem,
): DatasetTile {
  const base = {
    file: run.files[index].path,
    truth: run.truth[index],
    method: request.method,
    layer: request.layer,
  };
  if ('error' in item) {
    const row: DatasetRow = { ...base, state: 'failed', error: item.error, top: [], classIndex: null };
    return { index, row, thumbnail: null, map: null, frame: null };
  }
  const row: DatasetRow = {
    ...base,
    state: 'ready',
    top: item.predictions,
    classIndex: item.classIndex,
  };
  return {
    index,
    row,
    thumbnail: item.thumbnail,
    map: { width: item.width, height: item.height, lowRes: item.lowRes },
    frame: item.frame,
  };
}

/**
 * The run from its cursor on: batches of BATCH_SIZE files, IN_FLIGHT of them sent at once (while one
 * computes the next decodes, and the page stores a result while the worker goes on). Each batch's
 * tiles land in the store as it comes back; no new batch is sent once the store wants other work
 * (paused, cancelled, other settings, a tile opened), and the job ends when the sent ones are back.
 */
export async function runBatches(
  store: AppStore,
  job: Job,
  key: string,
  run: DatasetRun,
  request: DatasetImageRequest,
  engine: Engine,
): Promise<void> {
  const batch = engine.datasetBatch?.bind(engine);
  if (!batch) throw new Error('This model engine cannot explain a dataset.');
  const { files } = run;
  let stopped = false;
  const wanted = () => !stopped && job.current() && datasetWork(store.getState()) === key;
  const land = (from: number, items: DatasetBatchItem[]) => {
    const now = store.getState().dataset;
    if (!job.current() || !now || now.token !== run.token) return;
    const tiles = items.map((item, i) => tileOf(run, from + i, request, item));
    const all = now.tiles.slice();
    for (const tile of tiles) all[tile.index] = tile;
    let cursor = now.cursor;
    while (cursor < files.length && all[cursor]) cursor++;
    const last = cursor >= files.length;
    store.setState({
      dataset: {
        ...now,
        tiles: all,
        cursor,
        failed: now.failed + tiles.filter((t) => t.row.state === 'failed').length,
        ...(last ? { status: 'done', activeMs: activeMs(now), resumedAt: null } : {}),
      },
    });
  };
  const inFlight: Promise<void>[] = [];
  let next = run.cursor;
  for (;;) {
    while (inFlight.length < IN_FLIGHT && next < files.length && wanted()) {
      const from = next;
      next = Math.min(files.length, from + BATCH_SIZE);
      const refs = files
        .slice(from, next)
        .map((f) => ({ file: f.file, name: f.path.split('/').pop() ?? f.path }));
      inFlight.push(
        batch(refs, request, job.signal).then(
          (items) => land(from, items),
          (error) => {
            if (isAbortError(error) || !job.current()) {
              stopped = true;
              return;
            }
            // The whole batch failed (not one file): each of its files is marked with the reason.
            land(
              from,
              refs.map(() => ({ error: describeError(error) })),
            );
          },
        ),
      );
    }
    const first = inFlight.shift();
    if (!first) return;
    await first;
  }
}

/**
 * The dataset stage of the pipeline: while a run is wanted (files dropped, running, the grid shown)
 * one job explains the files from the cursor on, in batches (runBatches); each batch's tiles land in
 * the store as they come. Other settings (model, layer, method, mode, class) restart the tiles.
 * It sits right after the model stage and never blocks the single view: with nothing to do it is
 * up to date ('idle'); while a tile is open in the single view the run waits.
 */
import { labelMatcher, truthOf } from '../../dataset/ground-truth';
import type { DatasetRow } from '../../dataset/rows';
import { isAbortError } from '../../gradcam/abort';
import type { DatasetRun, DatasetTile } from '../../state/slices/dataset';
import { type AppState, type AppStore, effectiveLayer } from '../../state/store';
import type { DatasetBatchItem, DatasetImageRequest } from '../../worker/dataset-protocol';
import type { Engine } from '../engine';
import { describeError, type Job } from '../jobs';
import type { Stage } from '../stages';
import { activeMs } from './progress';

export const THUMBNAIL_SIZE = 176;
export const TOP_K = 5;
/** Files per worker call (one batched forward pass), and calls sent ahead of their results. */
export const BATCH_SIZE = 8;
const IN_FLIGHT = 2;
const IDLE = 'idle';

/** Identity of the settings the tiles must be made with, or null when no run can go on. */
export function datasetSettingsKey(s: AppState): string | null {
  const run = s.dataset;
  const layer = effectiveLayer(s);
  const model = s.model.info;
  if (!run || !layer || !model || s.model.status !== 'ready') return null;
  const fixed = s.datasetMode === 'fixed-class' ? s.datasetClass : null;
  if (s.datasetMode === 'fixed-class' && fixed == null) return null;
  return [run.token, model.key, layer, s.method, s.datasetMode, fixed, s.datasetForwardOnly].join('|');
}

/** The work the store wants now: a reset, the next file, or nothing. */
function work(s: AppState): string | null {
  const run = s.dataset;
  if (!run || !s.datasetVisible || s.datasetOpened !== null) return null;
  const key = datasetSettingsKey(s);
  if (!key) return null;
  if (run.computedKey !== key) return `${key}|reset`;
  if (run.status !== 'running' || run.cursor >= run.files.length) return null;
  return `${key}|run`;
}

export const datasetStage: Stage = {
  name: 'dataset',
  wanted: (s) => work(s) ?? IDLE,
  has: () => IDLE,
  run({ store, jobs, engine }, s, key) {
    const run = s.dataset!;
    if (key.endsWith('|reset')) {
      // Other settings (or another model: other labels, so other ground truth): the tiles start over.
      jobs.abort('dataset');
      const match = labelMatcher(s.model.info!.labels);
      store.setState({
        dataset: {
          ...run,
          truth: run.files.map((f) => truthOf(f.path, match)),
          computedKey: key.slice(0, -'|reset'.length),
          status: run.status === 'done' ? 'running' : run.status,
          cursor: 0,
          tiles: [],
          failed: 0,
          activeMs: 0,
          resumedAt: run.status === 'paused' || run.status === 'cancelled' ? null : performance.now(),
        },
      });
      return;
    }
    const request = {
      classIndex: s.datasetMode === 'fixed-class' ? s.datasetClass : null,
      layer: effectiveLayer(s)!,
      method: s.method,
      topK: TOP_K,
      thumbnailSize: THUMBNAIL_SIZE,
      colormap: s.colormap,
      opacity: s.opacity,
      forwardOnly: s.datasetForwardOnly,
    };
    void jobs.run(
      'dataset',
      key,
      `Explaining ${run.files.length} files`,
      (job) => runBatches(store, job, key, run, request, engine),
      () => undefined,
      (error) => store.setState({ error: describeError(error) }),
    );
  },
};

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
    return { index, row, thumbnail: null, map: null };
  }
  const row: DatasetRow = {
    ...base,
    state: 'ready',
    top: item.predictions,
    classIndex: item.classIndex,
    box: item.box,
  };
  return {
    index,
    row,
    thumbnail: item.thumbnail,
    map: { width: item.width, height: item.height, lowRes: item.lowRes },
  };
}

/**
 * The run from its cursor on: batches of BATCH_SIZE files, IN_FLIGHT of them sent at once (while one
 * computes the next decodes, and the page stores a result while the worker goes on). Each batch's
 * tiles land in the store as it comes back; no new batch is sent once the store wants other work
 * (paused, cancelled, other settings, a tile opened), and the job ends when the sent ones are back.
 */
async function runBatches(
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
  const wanted = () => !stopped && job.current() && work(store.getState()) === key;
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

/**
 * The dataset stage of the pipeline: while a run is wanted (files dropped, running, the grid shown)
 * it explains the next file, one engine call per file; each tile lands in the store, which brings the
 * stage back for the next one. Other settings (model, layer, method, mode, class) restart the tiles.
 * It sits right after the model stage and never blocks the single view: with nothing to do it is
 * up to date ('idle'); while a tile is open in the single view the run waits.
 */
import { labelMatcher, truthOf } from '../../dataset/ground-truth';
import type { DatasetRow } from '../../dataset/rows';
import type { DatasetTile } from '../../state/slices/dataset';
import { type AppState, effectiveLayer } from '../../state/store';
import { describeError } from '../jobs';
import type { Stage } from '../stages';
import { activeMs } from './progress';

export const THUMBNAIL_SIZE = 176;
export const TOP_K = 5;
const IDLE = 'idle';

/** Identity of the settings the tiles must be made with, or null when no run can go on. */
export function datasetSettingsKey(s: AppState): string | null {
  const run = s.dataset;
  const layer = effectiveLayer(s);
  const model = s.model.info;
  if (!run || !layer || !model || s.model.status !== 'ready') return null;
  const fixed = s.datasetMode === 'fixed-class' ? s.datasetClass : null;
  if (s.datasetMode === 'fixed-class' && fixed == null) return null;
  return [run.token, model.key, layer, s.method, s.datasetMode, fixed].join('|');
}

/** The work the store wants now: a reset, the next file, or nothing. */
function work(s: AppState): string | null {
  const run = s.dataset;
  if (!run || !s.datasetVisible || s.datasetOpened !== null) return null;
  const key = datasetSettingsKey(s);
  if (!key) return null;
  if (run.computedKey !== key) return `${key}|reset`;
  if (run.status !== 'running' || run.cursor >= run.files.length) return null;
  return `${key}|${run.cursor}`;
}

/** Every object URL of a run's thumbnails, released (a reset, new files, closing the view). */
export function releaseTiles(tiles: readonly (DatasetTile | undefined)[]): void {
  for (const tile of tiles) if (tile?.thumbnail) URL.revokeObjectURL(tile.thumbnail);
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
      releaseTiles(run.tiles);
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
    const index = run.cursor;
    const { path } = run.files[index];
    const layer = effectiveLayer(s)!;
    const base = {
      file: path,
      truth: run.truth[index],
      method: s.method,
      layer,
    };
    const finish = (tile: DatasetTile) => {
      const now = store.getState().dataset;
      if (!now || now.token !== run.token) {
        if (tile.thumbnail) URL.revokeObjectURL(tile.thumbnail);
        return;
      }
      const tiles = now.tiles.slice();
      tiles[index] = tile;
      const cursor = Math.max(now.cursor, index + 1);
      const last = cursor >= now.files.length;
      store.setState({
        dataset: {
          ...now,
          tiles,
          cursor,
          failed: now.failed + (tile.row.state === 'failed' ? 1 : 0),
          ...(last ? { status: 'done', activeMs: activeMs(now), resumedAt: null } : {}),
        },
      });
    };
    void jobs.run(
      'dataset',
      key,
      `Explaining ${index + 1} of ${run.files.length}`,
      async (job) => {
        if (!engine.datasetImage) throw new Error('This model engine cannot explain a dataset.');
        const ref = (i: number) => {
          const item = run.files[i];
          return { file: item.file, name: item.path.split('/').pop() ?? item.path, key: item.path };
        };
        return engine.datasetImage(
          ref(index),
          {
            classIndex: s.datasetMode === 'fixed-class' ? s.datasetClass : null,
            layer,
            method: s.method,
            topK: TOP_K,
            thumbnailSize: THUMBNAIL_SIZE,
            colormap: s.colormap,
            opacity: s.opacity,
          },
          job.signal,
          index + 1 < run.files.length ? ref(index + 1) : undefined,
        );
      },
      (result) => {
        const row: DatasetRow = {
          ...base,
          state: 'ready',
          top: result.predictions,
          classIndex: result.classIndex,
          box: result.box,
        };
        finish({
          index,
          row,
          thumbnail: URL.createObjectURL(result.thumbnail),
          map: { width: result.width, height: result.height, lowRes: result.lowRes },
        });
      },
      (error) => {
        const row: DatasetRow = {
          ...base,
          state: 'failed',
          error: describeError(error),
          top: [],
          classIndex: null,
        };
        finish({ index, row, thumbnail: null, map: null });
      },
    );
  },
};

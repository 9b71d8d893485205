/**
 * The dataset stage of the pipeline: while a run is wanted (files dropped, running, the grid shown)
 * one job explains the files from the cursor on, in batches (run-batches.ts, a chunk of its own);
 * each batch's tiles land in the store as they come. Other settings (model, layer, method, mode,
 * class) restart the tiles. It sits right after the model stage and never blocks the single view:
 * with nothing to do it is up to date ('idle'); while a tile is open in the single view the run waits.
 */
import { labelMatcher, truthOf } from '../../dataset/ground-truth';
import { type AppState, effectiveLayer } from '../../state/store';
import { describeError } from '../jobs';
import type { Stage } from '../stages';

export const THUMBNAIL_SIZE = 176;
export const TOP_K = 5;
/** Files per worker call (one batched forward pass). */
export const BATCH_SIZE = 8;
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
export function datasetWork(s: AppState): string | null {
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
  wanted: (s) => datasetWork(s) ?? IDLE,
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
      (job) => import('./run-batches').then((m) => m.runBatches(store, job, key, run, request, engine)),
      () => undefined,
      (error) => store.setState({ error: describeError(error) }),
    );
  },
};

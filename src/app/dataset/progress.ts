/** The run's figures (done, total, failed, rate, time left), for the progress bar and gradcamDebug.dataset(). */
import { type ProgressStats, progressStats } from '../../dataset/progress';
import type { DatasetRun } from '../../state/slices/dataset';

export interface DatasetFigures extends ProgressStats {
  failed: number;
}

/** Time spent running, pauses excluded. */
export function activeMs(run: DatasetRun, now = performance.now()): number {
  return run.activeMs + (run.resumedAt == null ? 0 : now - run.resumedAt);
}

export function datasetFigures(run: DatasetRun | null, now = performance.now()): DatasetFigures {
  if (!run) return { done: 0, total: 0, failed: 0, imagesPerSecond: 0, secondsLeft: null };
  const done = run.tiles.reduce((n, tile) => n + (tile ? 1 : 0), 0);
  return { ...progressStats(done, run.files.length, activeMs(run, now)), failed: run.failed };
}

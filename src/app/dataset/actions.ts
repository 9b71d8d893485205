/**
 * What the user does in the dataset view, as changes to what the store wants; the dataset stage
 * (./stage.ts) does the work. Opening a tile hands its file to the single view (re-read from disk).
 */

import type { RowQuery } from '../../dataset/query';
import type { DatasetMode } from '../../state/slices/dataset';
import type { AppStore } from '../../state/store';
import type { Pipeline } from '../pipeline';
import type { DatasetFile } from './collect-files';
import { activeMs } from './progress';

export interface DatasetActionDeps {
  store: AppStore;
  pipeline: Pipeline;
  /** Shows a file in the single view (the page's image action). */
  showFile(file: File, name: string): Promise<void>;
}

export function createDatasetActions({ store, pipeline, showFile }: DatasetActionDeps) {
  const { getState: get, setState: set } = store;

  /** Stops the clock of a running run (pause, cancel, the single view). */
  const stopped = (status: 'paused' | 'cancelled') => {
    const run = get().dataset;
    if (!run || (run.status !== 'running' && status === 'paused')) return;
    set({ dataset: { ...run, status, activeMs: activeMs(run), resumedAt: null } });
  };

  return {
    /** A new set of files replaces the current one and starts at once. */
    openDataset(files: DatasetFile[], title: string): void {
      const previous = get().dataset;
      if (files.length === 0) {
        set({ error: `"${title}" holds no files.` });
        return;
      }
      pipeline.jobs.abort('dataset');
      set({
        dataset: {
          token: (previous?.token ?? 0) + 1,
          title,
          files,
          truth: files.map(() => null),
          status: 'running',
          computedKey: null,
          cursor: 0,
          tiles: [],
          failed: 0,
          activeMs: 0,
          resumedAt: performance.now(),
        },
        datasetVisible: true,
        datasetOpened: null,
        datasetScrollTop: 0,
        error: null,
      });
    },
    pauseDataset: () => stopped('paused'),
    resumeDataset(): void {
      const run = get().dataset;
      if (!run || run.status === 'running' || run.cursor >= run.files.length) return;
      set({ dataset: { ...run, status: 'running', resumedAt: performance.now() } });
    },
    /** Stops now (the file being explained is dropped); finished tiles stay. */
    cancelDataset(): void {
      pipeline.jobs.abort('dataset');
      stopped('cancelled');
    },
    setDatasetMode(mode: DatasetMode): void {
      const s = get();
      // Fixed-class mode starts on the class shown in the single view, else the commonest prediction.
      let datasetClass = s.datasetClass;
      if (mode === 'fixed-class' && datasetClass == null) {
        const counts = new Map<number, number>();
        for (const tile of s.dataset?.tiles ?? []) {
          const top = tile?.row.top[0]?.index;
          if (top != null) counts.set(top, (counts.get(top) ?? 0) + 1);
        }
        const commonest = [...counts].sort((a, b) => b[1] - a[1])[0]?.[0];
        datasetClass = s.classIndex ?? commonest ?? s.analysis?.predictions[0]?.index ?? 0;
      }
      set({ datasetMode: mode, datasetClass });
    },
    setDatasetClass: (datasetClass: number) => set({ datasetClass }),
    setDatasetQuery: (patch: Partial<RowQuery>) => set({ datasetQuery: { ...get().datasetQuery, ...patch } }),
    setDatasetScroll: (datasetScrollTop: number) => set({ datasetScrollTop }),
    /** The single view on one file; the run waits meanwhile. */
    async openTile(index: number): Promise<void> {
      const s = get();
      const item = s.dataset?.files[index];
      if (!item) return;
      pipeline.jobs.abort('dataset'); // the single view goes first; the run goes on from its cursor
      set({
        datasetOpened: index,
        classIndex: s.datasetMode === 'fixed-class' ? s.datasetClass : null,
      });
      await showFile(item.file, item.path);
    },
    backToGrid: () => set({ datasetOpened: null, datasetVisible: true }),
    /** Back to the single view; the run and its tiles stay (the grid can be shown again). */
    hideDataset: () => set({ datasetVisible: false, datasetOpened: null }),
    showDataset: () => set({ datasetVisible: true, datasetOpened: null }),
  };
}

export type DatasetActions = ReturnType<typeof createDatasetActions>;

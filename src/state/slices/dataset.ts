/**
 * The dataset view: what the user wants (the files, the mode, the class, run/pause/cancel, where the
 * grid is) and what the engine has made (one tile per finished file). Only thumbnails (small JPEGs) and
 * low-resolution maps are kept; the originals stay in their files.
 */
import type { StateCreator } from 'zustand';
import type { DatasetFile } from '../../app/dataset/collect-files';
import type { BoxFrame } from '../../dataset/map-box';
import { DEFAULT_QUERY, type RowQuery } from '../../dataset/query';
import type { DatasetRow } from '../../dataset/rows';
import type { AppState } from '../store';

export const DATASET_MODES = ['own-top1', 'fixed-class'] as const;
export type DatasetMode = (typeof DATASET_MODES)[number];

export interface DatasetTile {
  /** Index in `files`. */
  index: number;
  row: DatasetRow;
  /** The overlay thumbnail, a JPEG (ready tiles); tiles in view make its object URL (thumbnail-urls.ts). */
  thumbnail: Blob | null;
  /** The map at layer resolution, for exports (ready tiles). */
  map: { width: number; height: number; lowRes: Float32Array } | null;
  /** Where the model's input came from: the exports' boxes are made from it and the map (ready tiles). */
  frame: BoxFrame | null;
}

export type DatasetStatus = 'running' | 'paused' | 'cancelled' | 'done';

export interface DatasetRun {
  /** Increments with every new set of files. */
  token: number;
  /** Name of the dropped folder (or "N files"). */
  title: string;
  files: DatasetFile[];
  /** Ground truth per file (class index or null), from the folder names and the model's labels. */
  truth: (number | null)[];
  status: DatasetStatus;
  /** The settings the tiles were made with; tiles are redone when the wanted ones differ. */
  computedKey: string | null;
  /** Next file to explain. */
  cursor: number;
  /** Finished tiles, by file index (sparse while running). */
  tiles: (DatasetTile | undefined)[];
  failed: number;
  /** Time spent running (pauses excluded) before `resumedAt`. */
  activeMs: number;
  /** When the run last started or resumed (performance.now()), or null while it is not running. */
  resumedAt: number | null;
}

export interface DatasetSlice {
  dataset: DatasetRun | null;
  datasetMode: DatasetMode;
  /** The class of fixed-class mode (null: not chosen yet, the top-1 of the first image is offered). */
  datasetClass: number | null;
  /** The grid is shown (else the single view); a tile opened from the grid is `datasetOpened`. */
  datasetVisible: boolean;
  datasetOpened: number | null;
  datasetQuery: RowQuery;
  datasetScrollTop: number;
  /** Progress of a ZIP export in [0, 1], or null. */
  datasetExport: number | null;
  /** Predictions only, no maps or thumbnails: the benchmark's baseline (gradcamDebug only). */
  datasetForwardOnly: boolean;
}

export const createDatasetSlice: StateCreator<AppState, [], [], DatasetSlice> = () => ({
  dataset: null,
  datasetMode: 'own-top1',
  datasetClass: null,
  datasetVisible: false,
  datasetOpened: null,
  datasetQuery: DEFAULT_QUERY,
  datasetScrollTop: 0,
  datasetExport: null,
  datasetForwardOnly: false,
});

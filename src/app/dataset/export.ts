/**
 * Dataset exports: CSV and JSON of every finished file (file order, the command line's columns), and a
 * ZIP with one overlay PNG per image, rendered by the worker from the file and its small map (fflate
 * streams the entries: PNGs are stored, not compressed again).
 */
import { type DatasetRow, overlayName, toCsv } from '../../dataset/rows';
import type { ColormapName } from '../../render/colormaps';
import type { DatasetRun, DatasetTile } from '../../state/slices/dataset';
import type { OverlayRequest } from '../../worker/dataset-protocol';
import { rowsWithBoxes } from './boxes';

/** Finished tiles in file order. */
export function finishedTiles(run: DatasetRun): DatasetTile[] {
  return run.tiles.filter((t): t is DatasetTile => t !== undefined);
}

/** Every finished file's row, with its box. */
export function datasetRows(run: DatasetRun): Promise<DatasetRow[]> {
  return rowsWithBoxes(finishedTiles(run));
}

export async function csvBlob(run: DatasetRun, labels: readonly string[]): Promise<Blob> {
  return new Blob([toCsv(await datasetRows(run), labels)], { type: 'text/csv' });
}

export async function jsonBlob(run: DatasetRun, settings: Record<string, unknown>): Promise<Blob> {
  const payload = { ...settings, files: run.files.length, rows: await datasetRows(run) };
  return new Blob([JSON.stringify(payload, null, 1)], { type: 'application/json' });
}

export type RenderOverlay = (
  file: File,
  name: string,
  request: OverlayRequest,
  signal?: AbortSignal,
) => Promise<Blob>;

/** The ZIP of overlays (one PNG per finished image, "<relative path>.png"). */
export async function zipBlob(
  run: DatasetRun,
  render: RenderOverlay,
  look: { colormap: ColormapName; opacity: number; maxSide: number },
  onProgress: (fraction: number) => void,
  signal?: AbortSignal,
): Promise<Blob> {
  // fflate is loaded on the first ZIP: the page's first view does not carry it.
  const { Zip, ZipPassThrough } = await import('fflate');
  const tiles = finishedTiles(run).filter((t) => t.map);
  const parts: Uint8Array[] = [];
  let failure: Error | null = null;
  const zip = new Zip((error, chunk) => {
    if (error) failure = error;
    else parts.push(chunk);
  });
  for (const [i, tile] of tiles.entries()) {
    if (signal?.aborted) throw new DOMException('Export cancelled', 'AbortError');
    const { file, path } = run.files[tile.index];
    const png = await render(file, path, { ...tile.map!, ...look }, signal);
    const entry = new ZipPassThrough(overlayName(path));
    zip.add(entry);
    entry.push(new Uint8Array(await png.arrayBuffer()), true);
    onProgress((i + 1) / tiles.length);
  }
  zip.end();
  if (failure) throw failure;
  return new Blob(parts as BlobPart[], { type: 'application/zip' });
}

/**
 * The exports' rows with their boxes. A box is made from the tile's map and frame the first time an
 * export asks for it (src/dataset/map-box.ts, well under a millisecond each) and kept for the tile,
 * in slices that leave the page responsive; the run itself never spends time on them.
 */
import { datasetBox } from '../../dataset/map-box';
import type { DatasetRow } from '../../dataset/rows';
import type { Rect } from '../../gradcam/metrics/boxes';
import type { DatasetTile } from '../../state/slices/dataset';

/** Longest stretch of box work before the page gets the thread back. */
const SLICE_MS = 12;

const made = new WeakMap<DatasetTile, Rect | null>();

function boxOf(tile: DatasetTile): Rect | null | undefined {
  if (!tile.map || !tile.frame) return undefined;
  let box = made.get(tile);
  if (box === undefined) {
    box = datasetBox(tile.map, tile.frame);
    made.set(tile, box);
  }
  return box;
}

const nextTask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/** The tiles' rows, each ready one with its box (null when its map has no region). */
export async function rowsWithBoxes(tiles: readonly DatasetTile[]): Promise<DatasetRow[]> {
  const rows: DatasetRow[] = [];
  let sliceStart = performance.now();
  for (const tile of tiles) {
    if (performance.now() - sliceStart > SLICE_MS) {
      await nextTask();
      sliceStart = performance.now();
    }
    const box = boxOf(tile);
    rows.push(box === undefined ? tile.row : { ...tile.row, box });
  }
  return rows;
}

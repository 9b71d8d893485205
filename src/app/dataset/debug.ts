/** A benchmark hook (gradcamDebug.repeatDatasetTiles): a large grid from the tiles a run has made. */
import type { DatasetTile } from '../../state/slices/dataset';
import type { AppStore } from '../../state/store';

/**
 * The finished tiles repeated `times` times, as one finished run of that many files (copies share the
 * thumbnails; their paths get a `#k` suffix). Returns the number of tiles.
 */
export function repeatTiles(store: AppStore, times: number): number {
  const run = store.getState().dataset;
  if (!run) return 0;
  const done = run.tiles.filter((t): t is DatasetTile => t !== undefined);
  const files = [];
  const tiles: DatasetTile[] = [];
  const truth = [];
  for (let k = 0; k < times; k++) {
    for (const tile of done) {
      const index = files.length;
      const path = k === 0 ? tile.row.file : `${tile.row.file}#${k}`;
      files.push({ ...run.files[tile.index], path });
      truth.push(run.truth[tile.index]);
      tiles.push({ ...tile, index, row: { ...tile.row, file: path } });
    }
  }
  store.setState({
    dataset: { ...run, files, truth, tiles, cursor: files.length, status: 'done', resumedAt: null },
  });
  return tiles.length;
}

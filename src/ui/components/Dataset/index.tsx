/**
 * The dataset view: progress, summary, controls and the virtualised grid of tiles. A tile opens the
 * single view on its file; coming back restores the grid's scroll position.
 */
import { memo, useCallback, useDeferredValue, useMemo, useState } from 'react';
import { datasetActions, datasetDownloads } from '../../../app/dataset/page-actions';
import { summarise } from '../../../dataset/summary';
import { queryRows } from '../../../dataset/view';
import type { DatasetRun, DatasetTile } from '../../../state/slices/dataset';
import { useStore } from '../../../state/store';
import { Exports } from './Exports';
import { Progress } from './Progress';
import { Summary } from './Summary';
import { Tile } from './Tile';
import { Toolbar } from './Toolbar';
import { VirtualGrid } from './VirtualGrid';
import './dataset.css';

const NO_LABELS: string[] = [];

/**
 * The store's updates render at once (a store update is never time-sliced), but the run is handed to
 * the view deferred: every finished batch re-renders the whole view (summary, sort, the tiles in the DOM:
 * 25-50 ms in one task at 500 files), which React then renders in slices that yield to the page.
 */
export function DatasetView() {
  const run = useDeferredValue(useStore((s) => s.dataset));
  return <DatasetBody run={run} />;
}

const DatasetBody = memo(function DatasetBody({ run }: { run: DatasetRun | null }) {
  const labels = useStore((s) => s.model.info?.labels ?? NO_LABELS);
  const mode = useStore((s) => s.datasetMode);
  const classIndex = useStore((s) => s.datasetClass);
  const query = useStore((s) => s.datasetQuery);
  // Read once (where the grid was left): subscribing would re-render the whole view on every scroll.
  const [scrollTop] = useState(() => useStore.getState().datasetScrollTop);
  const exporting = useStore((s) => s.datasetExport);
  const a = datasetActions;

  const tiles = useMemo(
    () => (run?.tiles ?? []).filter((t): t is DatasetTile => t !== undefined),
    [run?.tiles],
  );
  const summary = useMemo(() => summarise(tiles.map((t) => t.row)), [tiles]);
  const shown = useMemo(() => {
    const byRow = new Map(tiles.map((t) => [t.row, t]));
    return queryRows(
      tiles.map((t) => t.row),
      query,
    ).map((row) => byRow.get(row)!);
  }, [tiles, query]);
  const open = useCallback((index: number) => void datasetActions.openTile(index), []);

  if (!run) return null;
  return (
    <section className="dataset stage" aria-label="Dataset">
      <div className="ds-head">
        <div className="ds-title">
          <h2 title={run.title}>{run.title}</h2>
          <Progress
            run={run}
            onPause={a.pauseDataset}
            onResume={a.resumeDataset}
            onCancel={a.cancelDataset}
          />
          <button type="button" className="button" onClick={a.hideDataset}>
            Single image
          </button>
        </div>
        <Summary
          summary={summary}
          labels={labels}
          query={query}
          onFilter={a.setDatasetQuery}
          actions={
            <Exports
              exporting={exporting}
              canExport={tiles.length > 0}
              onCsv={datasetDownloads.exportDatasetCsv}
              onJson={datasetDownloads.exportDatasetJson}
              onZip={() => void datasetDownloads.exportDatasetZip()}
              onCancelZip={datasetDownloads.cancelDatasetZip}
            />
          }
        />
        <Toolbar
          mode={mode}
          classIndex={classIndex}
          labels={labels}
          query={query}
          onMode={a.setDatasetMode}
          onClass={a.setDatasetClass}
          onQuery={a.setDatasetQuery}
        />
        <p className="ds-count ds-muted">
          {shown.length === tiles.length
            ? `${tiles.length} of ${run.files.length} files`
            : `${shown.length} shown of ${tiles.length} finished`}
        </p>
      </div>
      <VirtualGrid
        count={shown.length}
        capacity={run.files.length}
        minCell={150}
        caption={64}
        initialScrollTop={scrollTop}
        onScroll={a.setDatasetScroll}
        label="Images of the dataset"
        renderCell={(i, inView) => <Tile tile={shown[i]} inView={inView} labels={labels} onOpen={open} />}
      />
    </section>
  );
});

/** Above the single view while it shows a file of the dataset: the way back to the grid. */
export function DatasetBackBar() {
  const opened = useStore((s) => (s.datasetOpened == null ? null : s.dataset?.files[s.datasetOpened]?.path));
  if (opened == null) return null;
  return (
    <div className="ds-back">
      <button type="button" className="button" onClick={datasetActions.backToGrid}>
        ← Back to the grid
      </button>
      <span className="ds-muted">{opened}</span>
    </div>
  );
}

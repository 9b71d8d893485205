import { useEffect, useRef } from 'react';
import { selectMethod } from '../../../app/page';
import { trustActions } from '../../../app/trust/page-actions';
import { type MeasuredRow, measuredRows } from '../../../app/trust/rows';
import { methodLabel } from '../../../gradcam/methods/registry';
import { METRIC_BETTER, type SortMetric } from '../../../gradcam/metrics/sort';
import { drawThumbnail } from '../../../render/draw-heatmap';
import { useStore } from '../../../state/store';

export const fmt = (v: number | null) => (v === null || !Number.isFinite(v) ? '—' : v.toFixed(3));

const COLUMNS: { metric: SortMetric; label: string; title: string }[] = [
  { metric: 'deletionAuc', label: 'Del.', title: 'Deletion AUC' },
  { metric: 'insertionAuc', label: 'Ins.', title: 'Insertion AUC' },
  { metric: 'averageDrop', label: 'Drop', title: 'Average drop in confidence' },
  { metric: 'road', label: 'ROAD', title: 'ROAD (combined)' },
];

function RowThumb({ row }: { row: MeasuredRow }) {
  const ref = useRef<HTMLCanvasElement>(null);
  const image = useStore((s) => s.image?.bitmap ?? null);
  const colormap = useStore((s) => s.colormap);
  useEffect(() => {
    if (ref.current && image) drawThumbnail(ref.current, image, row.map, colormap, 0.55);
  }, [image, row.map, colormap]);
  return (
    <canvas
      ref={ref}
      width={64}
      height={64}
      className="metrics-thumb"
      role="img"
      aria-label={`${methodLabel(row.method)} map`}
    />
  );
}

/** Every measured map for this class and layer, sorted by a chosen metric; a row shows its method. */
export function MetricsTable() {
  const rows = useStore(measuredRows);
  const sort = useStore((s) => s.compareSort);
  const shown = useStore((s) => s.map?.method ?? null);
  if (rows.length === 0) return null;
  return (
    <table className="metrics-table" data-testid="metrics-table">
      <caption className="visually-hidden">Faithfulness of each method's map</caption>
      <colgroup>
        <col className="col-thumb" />
        <col />
        {COLUMNS.map((c) => (
          <col key={c.metric} className="col-number" />
        ))}
      </colgroup>
      <thead>
        <tr>
          <th scope="col" colSpan={2}>
            Method
          </th>
          {COLUMNS.map((c) => (
            <th
              key={c.metric}
              scope="col"
              aria-sort={
                sort === c.metric
                  ? METRIC_BETTER[c.metric] === 'lower'
                    ? 'ascending'
                    : 'descending'
                  : 'none'
              }
            >
              <button
                type="button"
                className="sort-button"
                title={`${c.title}: ${METRIC_BETTER[c.metric]} is better. Sort best first.`}
                aria-label={`Sort by ${c.title} (${METRIC_BETTER[c.metric]} is better)`}
                onClick={() => trustActions.setCompareSort(c.metric)}
              >
                {c.label}
                <span aria-hidden="true">{METRIC_BETTER[c.metric] === 'lower' ? '↓' : '↑'}</span>
              </button>
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr
            key={row.method}
            data-testid="metrics-row"
            data-method={row.method}
            data-deletion-auc={row.metrics.deletionAuc}
            data-insertion-auc={row.metrics.insertionAuc}
            data-average-drop={row.metrics.averageDrop}
            aria-current={row.method === shown ? 'true' : undefined}
            onClick={() => selectMethod(row.method)}
          >
            <td className="metrics-thumb-cell">
              <RowThumb row={row} />
            </td>
            <th scope="row">
              <button type="button" className="row-button" onClick={() => selectMethod(row.method)}>
                {methodLabel(row.method)}
              </button>
            </th>
            <td>{fmt(row.metrics.deletionAuc)}</td>
            <td>{fmt(row.metrics.insertionAuc)}</td>
            <td>{fmt(row.metrics.averageDrop)}</td>
            <td>{fmt(row.metrics.road)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Accuracy over the files with a known class, counts, and the most common confusions (click: filter). */

import type { ReactNode } from 'react';
import type { RowQuery } from '../../../dataset/query';
import type { DatasetSummary } from '../../../dataset/summary';
import { shortLabel } from '../../../gradcam/short-label';

interface Props {
  summary: DatasetSummary;
  labels: readonly string[];
  query: RowQuery;
  onFilter(patch: Partial<RowQuery>): void;
  /** Shown at the end of the figures' row (the exports). */
  actions?: ReactNode;
}

const name = (labels: readonly string[], i: number) => shortLabel(labels[i] ?? `class ${i}`);

export function Summary({ summary, labels, query, onFilter, actions }: Props) {
  const accuracy = summary.accuracy == null ? '–' : `${(100 * summary.accuracy).toFixed(1)}%`;
  const filtered = query.truth != null || query.predicted != null;
  return (
    <div className="ds-summary" data-testid="dataset-summary" data-accuracy={summary.accuracy ?? ''}>
      <div className="ds-figures">
        <span>
          <b>{accuracy}</b> accuracy
          <span className="ds-muted">
            {' '}
            ({summary.correct} of {summary.withTruth} with a known class)
          </span>
        </span>
        <span>
          <b>{summary.ready}</b> explained
        </span>
        {summary.failed > 0 && (
          <span>
            <b>{summary.failed}</b> skipped
          </span>
        )}
        {actions}
      </div>
      {summary.confusions.length > 0 && (
        <div className="ds-confusions">
          <span className="ds-muted ds-confusions-title">Most common confusions (true → predicted):</span>
          <div className="ds-confusion-chips">
            {summary.confusions.slice(0, 8).map((c) => {
              const active = query.truth === c.truth && query.predicted === c.predicted;
              return (
                <button
                  key={`${c.truth}>${c.predicted}`}
                  type="button"
                  className="chip"
                  aria-pressed={active}
                  onClick={() =>
                    onFilter(
                      active
                        ? { truth: null, predicted: null }
                        : { truth: c.truth, predicted: c.predicted, filter: 'all' },
                    )
                  }
                >
                  {name(labels, c.truth)} → {name(labels, c.predicted)} ({c.count})
                </button>
              );
            })}
            {filtered && (
              <button
                type="button"
                className="chip"
                onClick={() => onFilter({ truth: null, predicted: null })}
              >
                Show all
              </button>
            )}
          </div>
        </div>
      )}
    </div>
  );
}

/** The grid's controls: mode and class, sort, filter, search. */

import type { RowQuery } from '../../../dataset/query';
import { FILTERS, type FilterKey, SORTS, type SortKey } from '../../../dataset/view';
import type { DatasetMode } from '../../../state/slices/dataset';
import { classesByName } from './classes-by-name';

interface Props {
  mode: DatasetMode;
  classIndex: number | null;
  labels: readonly string[];
  query: RowQuery;
  onMode(mode: DatasetMode): void;
  onClass(index: number): void;
  onQuery(patch: Partial<RowQuery>): void;
}

export function Toolbar(p: Props) {
  // Sorted by name once per label list, and only once the class picker is shown.
  const classes = p.mode === 'fixed-class' ? classesByName(p.labels) : [];
  return (
    <div className="ds-toolbar">
      <label className="ds-field">
        <span>Explain</span>
        <select
          data-testid="dataset-mode"
          value={p.mode}
          onChange={(e) => p.onMode(e.currentTarget.value as DatasetMode)}
        >
          <option value="own-top1">each image's top class</option>
          <option value="fixed-class">one class in every image</option>
        </select>
      </label>
      {p.mode === 'fixed-class' && (
        <label className="ds-field">
          <span>Class</span>
          <select
            aria-label="Class to explain in every image"
            value={p.classIndex ?? ''}
            onChange={(e) => p.onClass(Number(e.currentTarget.value))}
          >
            {classes.map((c) => (
              <option key={c.index} value={c.index}>
                {c.name}
              </option>
            ))}
          </select>
        </label>
      )}
      <label className="ds-field">
        <span>Sort</span>
        <select value={p.query.sort} onChange={(e) => p.onQuery({ sort: e.currentTarget.value as SortKey })}>
          {Object.entries(SORTS).map(([key, label]) => (
            <option key={key} value={key}>
              {label}
            </option>
          ))}
        </select>
      </label>
      <label className="ds-field">
        <span>Show</span>
        <select
          value={p.query.filter}
          onChange={(e) => p.onQuery({ filter: e.currentTarget.value as FilterKey })}
        >
          {Object.entries(FILTERS).map(([key, label]) => (
            <option key={key} value={key}>
              {label}
            </option>
          ))}
        </select>
      </label>
      <input
        type="search"
        className="ds-search"
        placeholder="File or class"
        aria-label="Search by file or predicted class"
        value={p.query.text}
        onChange={(e) => p.onQuery({ text: e.currentTarget.value })}
      />
    </div>
  );
}

/** The grid's order and selection: sorts and filters over dataset rows (framework-free). */
import type { RowQuery } from './query';
import { type DatasetRow, isCorrect, top1 } from './rows';

export const SORTS = {
  file: 'File name',
  'probability-desc': 'Probability, high first',
  'probability-asc': 'Probability, low first',
  predicted: 'Predicted class',
  truth: 'True class',
  'worst-first': 'Worst mistakes first',
} as const;
export type SortKey = keyof typeof SORTS;

export const FILTERS = {
  all: 'All',
  right: 'Right',
  wrong: 'Wrong',
  failed: 'Skipped files',
} as const;
export type FilterKey = keyof typeof FILTERS;

const probability = (row: DatasetRow) => row.top[0]?.probability ?? -1;
const byFile = (a: DatasetRow, b: DatasetRow) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0);
const byNumber = (a: number | null, b: number | null) =>
  (a ?? Number.MAX_SAFE_INTEGER) - (b ?? Number.MAX_SAFE_INTEGER);

const COMPARE: Record<SortKey, (a: DatasetRow, b: DatasetRow) => number> = {
  file: byFile,
  'probability-desc': (a, b) => probability(b) - probability(a) || byFile(a, b),
  'probability-asc': (a, b) => probability(a) - probability(b) || byFile(a, b),
  predicted: (a, b) => byNumber(top1(a), top1(b)) || byFile(a, b),
  truth: (a, b) => byNumber(a.truth, b.truth) || byFile(a, b),
  // Confident mistakes first (the most telling), then the other rows by file.
  'worst-first': (a, b) => {
    const wa = isCorrect(a) === false ? probability(a) : -1;
    const wb = isCorrect(b) === false ? probability(b) : -1;
    return wb - wa || byFile(a, b);
  },
};

export function matches(row: DatasetRow, query: RowQuery): boolean {
  const correct = isCorrect(row);
  if (query.filter === 'right' && correct !== true) return false;
  if (query.filter === 'wrong' && correct !== false) return false;
  if (query.filter === 'failed' && row.state !== 'failed') return false;
  if (query.predicted != null && top1(row) !== query.predicted) return false;
  if (query.truth != null && row.truth !== query.truth) return false;
  const text = query.text.trim().toLowerCase();
  if (
    text &&
    !row.file.toLowerCase().includes(text) &&
    !(row.top[0]?.label.toLowerCase().includes(text) ?? false)
  )
    return false;
  return true;
}

/** The rows to show, in order (a new array; the input is not touched). */
export function queryRows<T extends DatasetRow>(rows: readonly T[], query: RowQuery): T[] {
  return rows.filter((row) => matches(row, query)).sort(COMPARE[query.sort]);
}

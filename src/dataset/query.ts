/**
 * What the grid shows: the sort, the filters and the search text (the store holds one; view.ts
 * applies it). Apart from view.ts so that the store's default does not bring the sorting code along.
 */
import type { FilterKey, SortKey } from './view';

export interface RowQuery {
  sort: SortKey;
  filter: FilterKey;
  /** Only rows with this predicted class (null: any). */
  predicted: number | null;
  /** Only rows with this true class (null: any). */
  truth: number | null;
  /** Case-insensitive part of the file path or predicted label. */
  text: string;
}

export const DEFAULT_QUERY: RowQuery = {
  sort: 'file',
  filter: 'all',
  predicted: null,
  truth: null,
  text: '',
};

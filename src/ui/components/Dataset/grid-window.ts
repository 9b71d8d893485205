/**
 * The virtual grid's geometry: columns, cell size, and which rows are in the DOM and which are in view.
 * A grid that can hold up to RENDER_ALL_UP_TO cells has every one in the DOM (cheap, and every tile
 * can be found); a larger one, only the rows in view plus a margin, from its first cell on: decided by
 * what the grid can hold (a run's file count), not by the cells it has so far, because a growing grid
 * that switched from all to windowed removed the cells out of view in one commit (~190 at 240 cells:
 * 0.6-0.8 s of removeChild in one task). Either way only the rows in view (plus the margin) are "shown":
 * their tiles load their thumbnails, the others stay placeholders.
 */

export const OVERSCAN_ROWS = 2;
export const RENDER_ALL_UP_TO = 240;

export interface GridInput {
  count: number;
  /** The most cells the grid will hold (a dataset run's file count); count when not given. */
  capacity?: number;
  /** The grid's inner width in CSS pixels (0 before it was measured). */
  width: number;
  minCell: number;
  caption: number;
  gap: number;
  /** The scroll position and height of the viewport. */
  top: number;
  height: number;
}

export interface GridWindow {
  columns: number;
  cellWidth: number;
  rowHeight: number;
  /** Height of the whole content. */
  total: number;
  /** Rows in the DOM, inclusive (last < first when there are none). */
  first: number;
  last: number;
  /** Rows in view plus the margin, inclusive: the cells that show their images. */
  shownFirst: number;
  shownLast: number;
}

export function gridWindow({
  count,
  capacity,
  width,
  minCell,
  caption,
  gap,
  top,
  height,
}: GridInput): GridWindow {
  const columns = Math.max(1, Math.floor((width + gap) / (minCell + gap)));
  const cellWidth = width > 0 ? (width - gap * (columns - 1)) / columns : minCell;
  const rowHeight = cellWidth + caption;
  const rows = Math.ceil(count / columns);
  const total = rows > 0 ? rows * rowHeight + (rows - 1) * gap : 0;
  const shownFirst = Math.max(0, Math.floor(top / (rowHeight + gap)) - OVERSCAN_ROWS);
  const shownLast = Math.min(rows - 1, Math.ceil((top + height) / (rowHeight + gap)) + OVERSCAN_ROWS);
  const all = Math.max(count, capacity ?? 0) <= RENDER_ALL_UP_TO;
  return {
    columns,
    cellWidth,
    rowHeight,
    total,
    first: all ? 0 : shownFirst,
    last: all ? rows - 1 : shownLast,
    shownFirst,
    shownLast,
  };
}

/** The grid's window: every cell in the DOM up to RENDER_ALL_UP_TO, images only for the rows in view. */
import { describe, expect, it } from 'vitest';
import { gridWindow, OVERSCAN_ROWS, RENDER_ALL_UP_TO } from './grid-window';

// 4 columns of 150 px cells with 12 px gaps (636 px wide), rows of 150 + 50 + 12 = 212 px.
const base = { width: 636, minCell: 150, caption: 50, gap: 12, top: 0, height: 424 };

describe('grid window', () => {
  it('lays out columns and the content height', () => {
    const g = gridWindow({ ...base, count: 10 });
    expect(g.columns).toBe(4);
    expect(g.cellWidth).toBe(150);
    expect(g.rowHeight).toBe(200);
    expect(g.total).toBe(3 * 200 + 2 * 12);
  });

  it('keeps every cell of a small grid in the DOM but shows only the rows in view', () => {
    const g = gridWindow({ ...base, count: RENDER_ALL_UP_TO, top: 10 * 212 });
    expect([g.first, g.last]).toEqual([0, RENDER_ALL_UP_TO / 4 - 1]);
    expect(g.shownFirst).toBe(10 - OVERSCAN_ROWS);
    expect(g.shownLast).toBe(12 + OVERSCAN_ROWS);
  });

  it('windows a grid that will grow past the limit from its first cells: a growing run never removes cells in bulk', () => {
    const capacity = RENDER_ALL_UP_TO + 1;
    for (const count of [40, RENDER_ALL_UP_TO, capacity]) {
      const g = gridWindow({ ...base, count, capacity });
      expect([g.first, g.last], `${count} of ${capacity}`).toEqual([0, 1 + 1 + OVERSCAN_ROWS]);
    }
    // One that never will keeps every cell, however few it has so far.
    expect(gridWindow({ ...base, count: 40, capacity: RENDER_ALL_UP_TO }).last).toBe(9);
  });

  it('puts only the rows in view (plus the margin) in the DOM of a large grid', () => {
    const g = gridWindow({ ...base, count: 5000, top: 100 * 212 });
    expect([g.first, g.last]).toEqual([g.shownFirst, g.shownLast]);
    expect(g.last - g.first + 1).toBe(2 + 1 + 2 * OVERSCAN_ROWS);
  });

  it('clamps the window at the ends, and has no rows when empty', () => {
    const height = 1250 * 212 - 12; // 5000 cells in 1250 rows
    const end = gridWindow({ ...base, count: 5000, top: height - base.height });
    expect([end.shownFirst, end.shownLast]).toEqual([1247 - OVERSCAN_ROWS, 1249]);
    expect(gridWindow({ ...base, count: 0 })).toMatchObject({ total: 0, last: -1, shownLast: -1 });
  });
});

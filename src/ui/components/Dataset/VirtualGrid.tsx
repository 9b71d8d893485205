/**
 * A virtualised grid: only the rows in view (plus a margin) are in the DOM, so thousands of tiles
 * scroll smoothly (grid-window.ts has the geometry). Square cells plus a fixed caption height; the
 * column count follows the width. A cell is told whether it is in view (only those load images). The
 * scroll position is reported and restored (the grid comes back at the same place).
 */
import { type ReactNode, useEffect, useLayoutEffect, useRef, useState } from 'react';
import { gridWindow } from './grid-window';

interface Props {
  count: number;
  /** The most cells it will hold (grid-window.ts: decides whether every cell is in the DOM). */
  capacity?: number;
  /** Smallest cell width in CSS pixels. */
  minCell: number;
  /** Height under the square image (caption). */
  caption: number;
  gap?: number;
  initialScrollTop?: number;
  onScroll?(top: number): void;
  renderCell(index: number, inView: boolean): ReactNode;
  label: string;
}

export function VirtualGrid({
  count,
  capacity,
  minCell,
  caption,
  gap = 12,
  initialScrollTop = 0,
  onScroll,
  renderCell,
  label,
}: Props) {
  const ref = useRef<HTMLElement>(null);
  const initialTop = useRef(initialScrollTop);
  // The grid's content box, from the ResizeObserver (null until its first callback): read in the
  // rendering step, after the browser's own layout. Reading clientWidth in a layout effect forced the
  // whole new view's layout inside the commit's task (27-80 ms at 500 files, issue 13).
  const [width, setWidth] = useState<number | null>(null);
  const [viewport, setViewport] = useState({ top: initialScrollTop, height: 800 });
  const measured = width != null;

  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    let first = true;
    const observer = new ResizeObserver(([entry]) => {
      if (first) {
        // Layout is done here: restoring the scroll position costs nothing, and the grid is still
        // hidden (it shows once measured, already at its place).
        el.scrollTop = initialTop.current;
        first = false;
      }
      setWidth(entry.contentRect.width);
      setViewport({ top: el.scrollTop, height: entry.contentRect.height });
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  const g = gridWindow({ count, capacity, width: width ?? 0, minCell, caption, gap, ...viewport });

  // The browser may clamp the scroll position when the content shrinks (a filter): keep in sync. Not
  // before the first measure (reading scrollTop after the mount would force its layout).
  const measuredRef = useRef(false);
  measuredRef.current = measured;
  useEffect(() => {
    const el = ref.current;
    if (measuredRef.current && el && el.scrollTop !== viewport.top)
      setViewport({ top: el.scrollTop, height: el.clientHeight });
  }, [viewport.top]);

  const cells: ReactNode[] = [];
  // No cells before the first measure: their columns and window are not known yet.
  for (let row = g.first; measured && row <= g.last; row++) {
    const inView = row >= g.shownFirst && row <= g.shownLast;
    for (let col = 0; col < g.columns; col++) {
      const index = row * g.columns + col;
      if (index >= count) break;
      cells.push(
        <div
          key={index}
          className="vgrid-cell"
          style={{
            transform: `translate(${col * (g.cellWidth + gap)}px, ${row * (g.rowHeight + gap)}px)`,
            width: g.cellWidth,
            height: g.rowHeight,
          }}
        >
          {renderCell(index, inView)}
        </div>,
      );
    }
  }

  return (
    <section
      ref={ref}
      className="vgrid"
      aria-label={label}
      style={measured ? undefined : { visibility: 'hidden' }}
      onScroll={(event) => {
        const el = event.currentTarget;
        setViewport({ top: el.scrollTop, height: el.clientHeight });
        onScroll?.(el.scrollTop);
      }}
    >
      <div className="vgrid-content" style={{ height: g.total }}>
        {cells}
      </div>
    </section>
  );
}

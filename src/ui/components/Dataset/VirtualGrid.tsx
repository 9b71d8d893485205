/**
 * A virtualised grid: only the rows in view (plus a margin) are in the DOM, so thousands of tiles
 * scroll smoothly. Square cells plus a fixed caption height; the column count follows the width.
 * The scroll position is reported and restored (the grid comes back at the same place).
 */
import { type ReactNode, useEffect, useLayoutEffect, useRef, useState } from 'react';

interface Props {
  count: number;
  /** Smallest cell width in CSS pixels. */
  minCell: number;
  /** Height under the square image (caption). */
  caption: number;
  gap?: number;
  initialScrollTop?: number;
  onScroll?(top: number): void;
  renderCell(index: number, size: { width: number; height: number }): ReactNode;
  label: string;
}

const OVERSCAN_ROWS = 2;
/** Up to this many cells every one is in the DOM (cheap, and every tile can be found); above, only those in view. */
const RENDER_ALL_UP_TO = 240;

export function VirtualGrid({
  count,
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
  const [width, setWidth] = useState(0);
  const [viewport, setViewport] = useState({ top: initialScrollTop, height: 800 });

  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    el.scrollTop = initialTop.current;
    const measure = () => {
      setWidth(el.clientWidth);
      setViewport({ top: el.scrollTop, height: el.clientHeight });
    };
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  const columns = Math.max(1, Math.floor((width + gap) / (minCell + gap)));
  const cellWidth = width > 0 ? (width - gap * (columns - 1)) / columns : minCell;
  const rowHeight = cellWidth + caption;
  const rows = Math.ceil(count / columns);
  const total = rows > 0 ? rows * rowHeight + (rows - 1) * gap : 0;
  const all = count <= RENDER_ALL_UP_TO;
  const first = all ? 0 : Math.max(0, Math.floor(viewport.top / (rowHeight + gap)) - OVERSCAN_ROWS);
  const last = all
    ? rows - 1
    : Math.min(rows - 1, Math.ceil((viewport.top + viewport.height) / (rowHeight + gap)) + OVERSCAN_ROWS);

  // The browser may clamp the scroll position when the content shrinks (a filter): keep in sync.
  useEffect(() => {
    const el = ref.current;
    if (el && el.scrollTop !== viewport.top) setViewport({ top: el.scrollTop, height: el.clientHeight });
  }, [viewport.top]);

  const cells: ReactNode[] = [];
  for (let row = first; row <= last; row++) {
    for (let col = 0; col < columns; col++) {
      const index = row * columns + col;
      if (index >= count) break;
      cells.push(
        <div
          key={index}
          className="vgrid-cell"
          style={{
            transform: `translate(${col * (cellWidth + gap)}px, ${row * (rowHeight + gap)}px)`,
            width: cellWidth,
            height: rowHeight,
          }}
        >
          {renderCell(index, { width: cellWidth, height: rowHeight })}
        </div>,
      );
    }
  }

  return (
    <section
      ref={ref}
      className="vgrid"
      aria-label={label}
      onScroll={(event) => {
        const el = event.currentTarget;
        setViewport({ top: el.scrollTop, height: el.clientHeight });
        onScroll?.(el.scrollTop);
      }}
    >
      <div className="vgrid-content" style={{ height: total }}>
        {cells}
      </div>
    </section>
  );
}

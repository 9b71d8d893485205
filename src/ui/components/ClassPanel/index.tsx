import { useEffect, useMemo, useRef, useState } from 'react';
import { toHeatMap } from '../../../app/heatmap-of';
import { selectClass } from '../../../app/page';
import { shortLabel } from '../../../gradcam/short-label';
import { drawThumbnail } from '../../../render/draw-heatmap';
import { effectiveClass, useStore } from '../../../state/store';
import type { MapResult } from '../../../worker/protocol';
import { TaskNote } from '../OwnModel/TaskNote';
import { Section } from '../Section';

const short = (label: string | undefined) => shortLabel(label ?? '');
const percent = (p: number | undefined) =>
  p === undefined ? '' : p >= 0.995 ? '100%' : p < 0.001 ? '<0.1%' : `${(p * 100).toFixed(1)}%`;

function Thumbnail({ map }: { map: MapResult | undefined }) {
  const ref = useRef<HTMLCanvasElement>(null);
  const image = useStore((s) => s.image?.bitmap ?? null);
  const colormap = useStore((s) => s.colormap);
  useEffect(() => {
    if (ref.current && image && map) drawThumbnail(ref.current, image, toHeatMap(map), colormap, 0.55);
  }, [image, map, colormap]);
  return <canvas ref={ref} width={96} height={96} className="thumb" data-ready={map ? 'true' : 'false'} />;
}

interface Item {
  index: number;
  label: string;
  probability?: number;
}

/** A listbox with selection following focus; arrows, Home and End move through the options. */
function ClassList({
  items,
  label,
  thumbs,
}: {
  items: Item[];
  label: string;
  thumbs?: Map<number, MapResult>;
}) {
  const selected = useStore(effectiveClass);
  const listRef = useRef<HTMLDivElement>(null);
  const onKeyDown = (event: React.KeyboardEvent) => {
    const position = items.findIndex((item) => item.index === selected);
    let next = position;
    if (event.key === 'ArrowDown' || event.key === 'ArrowRight')
      next = Math.min(items.length - 1, position + 1);
    else if (event.key === 'ArrowUp' || event.key === 'ArrowLeft') next = Math.max(0, position - 1);
    else if (event.key === 'Home') next = 0;
    else if (event.key === 'End') next = items.length - 1;
    else return;
    event.preventDefault();
    if (position === -1) next = 0;
    const item = items[next];
    if (!item) return;
    selectClass(item.index);
    listRef.current?.querySelector<HTMLElement>(`[data-class-index="${item.index}"]`)?.focus();
  };
  const inList = items.some((item) => item.index === selected);
  return (
    <div className="class-list" role="listbox" aria-label={label} ref={listRef} onKeyDown={onKeyDown}>
      {items.map((item, i) => {
        const isSelected = item.index === selected;
        return (
          <div
            key={item.index}
            role="option"
            data-testid="class-option"
            data-class-index={item.index}
            aria-selected={isSelected}
            tabIndex={isSelected || (!inList && i === 0) ? 0 : -1}
            className="class-option"
            onClick={() => selectClass(item.index)}
            onKeyDown={(event) => {
              if (event.key === 'Enter' || event.key === ' ') {
                event.preventDefault();
                selectClass(item.index);
              }
            }}
          >
            {thumbs && <Thumbnail map={thumbs.get(item.index)} />}
            <span className="class-text">
              <span className="class-label" title={item.label}>
                {short(item.label)}
              </span>
              {item.probability !== undefined && (
                <span className="class-bar" aria-hidden="true">
                  <span style={{ width: `${Math.max(1, item.probability * 100)}%` }} />
                </span>
              )}
            </span>
            <span className="class-prob">{percent(item.probability)}</span>
          </div>
        );
      })}
    </div>
  );
}

export function ClassPanel() {
  const analysis = useStore((s) => s.analysis);
  const labels = useStore((s) => s.model.info?.labels ?? null);
  const thumbs = useStore((s) => s.thumbs);
  const selected = useStore(effectiveClass);
  const [query, setQuery] = useState('');

  const top: Item[] = useMemo(
    () =>
      analysis?.predictions.map((p) => ({ index: p.index, label: p.label, probability: p.probability })) ??
      [],
    [analysis],
  );
  const thumbMap = useMemo(() => new Map((thumbs?.maps ?? []).map((m) => [m.classIndex, m])), [thumbs]);
  const results: Item[] = useMemo(() => {
    const q = query.trim().toLowerCase();
    if (!q || !labels) return [];
    const topSet = new Set(top.map((t) => t.index));
    const out: Item[] = [];
    for (let i = 0; i < labels.length && out.length < 40; i++) {
      if (topSet.has(i)) continue;
      if (labels[i].toLowerCase().includes(q) || String(i) === q) {
        out.push({ index: i, label: labels[i], probability: analysis?.probabilities[i] });
      }
    }
    return out;
  }, [query, labels, top, analysis]);
  const pinned =
    selected !== null &&
    labels &&
    !top.some((t) => t.index === selected) &&
    !results.some((r) => r.index === selected)
      ? [{ index: selected, label: labels[selected], probability: analysis?.probabilities[selected] }]
      : [];

  return (
    <Section title="Class" id="class">
      {!analysis ? (
        <p className="hint">
          {labels ? 'Predictions appear here once an image is analysed.' : 'Loading the model…'}
        </p>
      ) : (
        <ClassList items={[...top, ...pinned]} label="Top predictions" thumbs={thumbMap} />
      )}
      <TaskNote />
      <label className="field">
        <span className="visually-hidden">Search all classes</span>
        <input
          type="search"
          data-testid="class-search"
          placeholder={labels ? `Search all ${labels.length} classes…` : 'Search classes…'}
          value={query}
          disabled={!labels}
          onChange={(e) => setQuery(e.currentTarget.value)}
        />
      </label>
      {query.trim() &&
        (results.length ? (
          <ClassList items={results} label="Search results" />
        ) : (
          <p className="hint">No class matches “{query}”.</p>
        ))}
    </Section>
  );
}

/**
 * One tile of the dataset grid: the overlay, the top-1 label and probability, right/wrong, the file.
 * Only a tile in view shows its overlay (its object URL lives as long as that: thumbnail-urls.ts).
 */
import { memo, useLayoutEffect, useRef } from 'react';
import { isCorrect } from '../../../dataset/rows';
import { shortLabel } from '../../../gradcam/short-label';
import type { DatasetTile } from '../../../state/slices/dataset';
import { thumbQueue } from './thumb-queue';

interface Props {
  tile: DatasetTile;
  /** In the grid's visible window: the overlay is loaded. */
  inView: boolean;
  labels: readonly string[];
  onOpen(index: number): void;
}

function labelOf(labels: readonly string[], index: number | null): string {
  return index == null ? '' : shortLabel(labels[index] ?? `class ${index}`);
}

/**
 * The overlay: an <img> with no src at its commit; thumb-queue.ts gives it its Blob's object URL in a
 * later short task (mounting ~50 tiles in view and loading them all in one commit took ~95 ms). React
 * never sets src, so a re-render leaves the queue's src alone; a new Blob replaces the old one in place.
 */
function Thumb({ blob }: { blob: Blob }) {
  const ref = useRef<HTMLImageElement>(null);
  useLayoutEffect(() => {
    if (ref.current) thumbQueue.show(ref.current, blob);
  }, [blob]);
  useLayoutEffect(() => {
    const img = ref.current;
    return () => {
      if (img) thumbQueue.clear(img); // its URL released (revoked with its last user)
    };
  }, []);
  return <img ref={ref} className="ds-thumb" alt="" decoding="async" draggable={false} />;
}

export const Tile = memo(function Tile({ tile, inView, labels, onOpen }: Props) {
  const { row } = tile;
  const thumbnail = inView ? tile.thumbnail : null;
  const top = row.top[0];
  const correct = isCorrect(row);
  const mark = correct == null ? '' : correct ? '✓' : '✗';
  const verdict = correct == null ? '' : correct ? 'right' : 'wrong';
  return (
    <button
      type="button"
      className="ds-tile"
      data-testid="dataset-tile"
      data-file={row.file}
      data-top1={top?.index ?? ''}
      data-truth={row.truth ?? ''}
      data-state={row.state}
      data-class={row.classIndex ?? ''}
      data-correct={verdict}
      title={row.state === 'failed' ? `${row.file}: ${row.error}` : `Open ${row.file} in the single view`}
      onClick={() => onOpen(tile.index)}
    >
      {row.state === 'failed' ? (
        <span className="ds-thumb ds-failed">
          <span className="ds-failed-title">Skipped</span>
          <span className="ds-failed-reason">{row.error}</span>
        </span>
      ) : thumbnail ? (
        <Thumb blob={thumbnail} />
      ) : (
        <span className="ds-thumb" />
      )}
      <span className="ds-caption">
        {top ? (
          <span className={`ds-pred ${verdict}`}>
            {mark && (
              <span className="ds-mark">
                {mark}
                <span className="visually-hidden"> {verdict}: </span>
              </span>
            )}
            <span className="ds-label">{labelOf(labels, top.index)}</span>
            <span className="ds-prob">{(100 * top.probability).toFixed(1)}%</span>
          </span>
        ) : (
          <span className="ds-pred wrong">Not an image</span>
        )}
        <span className="ds-truth">{row.truth != null ? `true: ${labelOf(labels, row.truth)}` : ' '}</span>
        <span className="ds-file">{row.file}</span>
      </span>
    </button>
  );
});

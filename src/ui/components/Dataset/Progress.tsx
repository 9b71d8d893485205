/** Count, rate and time left of the run, with pause, resume and cancel. */
import { useEffect, useState } from 'react';
import { datasetFigures } from '../../../app/dataset/progress';
import { formatDuration } from '../../../dataset/progress';
import type { DatasetRun } from '../../../state/slices/dataset';

interface Props {
  run: DatasetRun;
  onPause(): void;
  onResume(): void;
  onCancel(): void;
}

const STATUS: Record<DatasetRun['status'], string> = {
  running: 'Explaining',
  paused: 'Paused',
  cancelled: 'Cancelled',
  done: 'Done',
};

export function Progress({ run, onPause, onResume, onCancel }: Props) {
  // The clock ticks while running even between tiles (time left keeps moving).
  const [, tick] = useState(0);
  useEffect(() => {
    if (run.status !== 'running') return;
    const id = setInterval(() => tick((n) => n + 1), 1000);
    return () => clearInterval(id);
  }, [run.status]);
  const f = datasetFigures(run);
  const busy = run.status === 'running';
  const more = f.done < f.total;
  return (
    <div
      className="ds-progress"
      data-testid="dataset-progress"
      data-status={run.status}
      data-done={f.done}
      data-total={f.total}
    >
      <progress max={f.total} value={f.done} aria-label="Images explained" />
      <span className="ds-progress-text" aria-live="polite">
        {STATUS[run.status]} · {f.done} of {f.total}
        {f.failed > 0 && ` · ${f.failed} skipped`} · {f.imagesPerSecond.toFixed(1)} images/s
        {busy && more && ` · ${formatDuration(f.secondsLeft)} left`}
      </span>
      <span className="ds-progress-actions">
        {busy && (
          <button type="button" className="button" onClick={onPause}>
            Pause
          </button>
        )}
        {!busy && more && (
          <button type="button" className="button" onClick={onResume}>
            {run.status === 'cancelled' ? 'Continue' : 'Resume'}
          </button>
        )}
        {busy && (
          <button type="button" className="button" onClick={onCancel}>
            Cancel
          </button>
        )}
      </span>
    </div>
  );
}

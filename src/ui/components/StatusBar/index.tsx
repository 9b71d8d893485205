import { selectBackend } from '../../../app/page';
import { type AppState, useStore } from '../../../state/store';
import { BACKEND_LABEL, BACKENDS, type BackendRequest, backendLabel } from '../../../worker/protocol';

const ms = (value: number | undefined | null) =>
  value === undefined || value === null
    ? '—'
    : value < 10
      ? `${value.toFixed(1)} ms`
      : `${Math.round(value)} ms`;

function backendText(s: AppState): string {
  if (!s.backend) return 'starting…';
  return backendLabel(s.backend.name);
}

export function StatusBar() {
  const backend = useStore(backendText);
  const device = useStore((s) => s.backend?.device);
  const request = useStore((s) => s.backendRequest);
  const forward = useStore((s) => s.analysis?.forwardMs);
  const cam = useStore((s) => s.map?.camMs);
  const running = useStore((s) => s.running);
  const fellBack = useStore((s) => Boolean(s.backend?.notice));
  return (
    <footer className="status-bar" data-testid="status">
      <span className="status-item" title={device}>
        <span className={`dot ${fellBack ? 'warn' : 'ok'}`} aria-hidden="true" />
        Backend: <strong data-testid="status-backend">{backend}</strong>
      </span>
      <label className="status-item">
        <span className="visually-hidden">Preferred backend</span>
        <select
          className="status-select"
          value={request}
          aria-label="Preferred backend"
          data-testid="backend-select"
          onChange={(e) => void selectBackend(e.currentTarget.value as BackendRequest)}
        >
          <option value="auto">auto</option>
          {BACKENDS.map((b) => (
            <option key={b} value={b}>
              {BACKEND_LABEL[b]}
            </option>
          ))}
        </select>
      </label>
      <span className="status-item">
        Forward: <strong>{ms(forward)}</strong>
      </span>
      <span className="status-item">
        Map: <strong>{ms(cam)}</strong>
      </span>
      <span className="status-item status-running" aria-live="polite">
        {running ? (
          <>
            <span className="spinner" aria-hidden="true" />
            {running}…
          </>
        ) : (
          'Ready'
        )}
      </span>
    </footer>
  );
}

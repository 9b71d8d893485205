import { selectBackend } from '../../../app/page';
import { type AppState, useStore } from '../../../state/store';
import { BACKEND_LABEL, BACKENDS, type BackendRequest, backendLabel } from '../../../worker/protocol';

const ms = (value: number | undefined | null) =>
  value === undefined || value === null
    ? '—'
    : value < 10
      ? `${value.toFixed(1)} ms`
      : `${Math.round(value)} ms`;

/** WebAssembly's thread count and why (null on the other backends, and before a backend runs). */
function threadsText(threads: number | null, isolated: boolean): { text: string; title: string } | null {
  if (threads === null) return null;
  return {
    text: `${threads} thread${threads === 1 ? '' : 's'}`,
    title: isolated
      ? 'Cross-origin isolated: WebAssembly uses every core'
      : 'Not cross-origin isolated (first visit, private mode or no service worker): WebAssembly uses one thread',
  };
}

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
  const threads = threadsText(
    useStore((s) => (s.backend?.name === 'wasm' ? s.backend.threads : null)),
    useStore((s) => s.backend?.isolated === true),
  );
  return (
    <footer className="status-bar" data-testid="status">
      <span className="status-item" title={device}>
        <span className={`dot ${fellBack ? 'warn' : 'ok'}`} aria-hidden="true" />
        Backend: <strong data-testid="status-backend">{backend}</strong>
      </span>
      {threads && (
        <span className="status-item" title={threads.title}>
          <strong data-testid="status-threads">{threads.text}</strong>
        </span>
      )}
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

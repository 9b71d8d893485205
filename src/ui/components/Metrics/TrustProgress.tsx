import { trustActions } from '../../../app/trust/page-actions';
import type { TrustKind } from '../../../state/slices/trust';
import { useStore } from '../../../state/store';
import { trustKey, trustPending } from '../../../state/trust';

const NAMES: Record<TrustKind, string> = {
  metrics: 'Metrics',
  compare: 'Compare methods',
  sanity: 'Sanity check',
};

/** Progress and Cancel of a trust computation while it runs; "waiting" while another one runs first. */
export function TrustProgress({ kind }: { kind: TrustKind }) {
  const pending = useStore((s) => trustPending(s, kind));
  const fraction = useStore((s) =>
    s.trustProgress && s.trustProgress.key === trustKey(s, kind) ? s.trustProgress.fraction : null,
  );
  if (!pending) return null;
  return (
    <div className="progress-row">
      {fraction === null ? (
        <span className="grow">Waiting for the running computation…</span>
      ) : (
        <>
          <progress value={fraction} max={1} aria-label={`${NAMES[kind]} progress`} />
          <span>{Math.round(fraction * 100)}%</span>
        </>
      )}
      <button type="button" className="button small" onClick={trustActions.cancelTrust}>
        Cancel
      </button>
    </div>
  );
}

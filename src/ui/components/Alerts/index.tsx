import { dismissError, dismissNotice, retryModelLoad } from '../../../app/page';
import { useStore } from '../../../state/store';

export function Alerts() {
  const error = useStore((s) => s.error);
  const notice = useStore((s) => s.notice);
  const retry = useStore((s) => s.error !== null && s.retryModel === s.error);
  return (
    <>
      <div className="alert alert-error" role="alert" data-testid="error" hidden={!error}>
        {error && (
          <>
            <span>{error}</span>
            {retry && (
              <button type="button" className="button" data-testid="retry-model" onClick={retryModelLoad}>
                Retry
              </button>
            )}
            <button type="button" className="icon-button" onClick={dismissError} aria-label="Dismiss error">
              ×
            </button>
          </>
        )}
      </div>
      <div className="alert alert-notice" role="status" data-testid="notice" hidden={!notice}>
        {notice && (
          <>
            <span>{notice}</span>
            <button type="button" className="icon-button" onClick={dismissNotice} aria-label="Dismiss notice">
              ×
            </button>
          </>
        )}
      </div>
    </>
  );
}

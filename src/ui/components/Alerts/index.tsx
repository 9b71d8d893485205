import { dismissError, dismissNotice } from '../../../app/controller';
import { useStore } from '../../../state/store';

export function Alerts() {
  const error = useStore((s) => s.error);
  const notice = useStore((s) => s.notice);
  return (
    <>
      <div className="alert alert-error" role="alert" data-testid="error" hidden={!error}>
        {error && (
          <>
            <span>{error}</span>
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

import { useState } from 'react';
import { supportsWebmRecording } from '../../../video/exports';
import { cancelRecording, exportOverlayWebm } from '../../../video/file-actions';

/** The overlaid video as WebM: records in real time, with progress and cancel. */
export function WebmExport() {
  const [progress, setProgress] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  if (!supportsWebmRecording()) return null;
  if (progress !== null) {
    return (
      <button
        type="button"
        className="button small"
        data-testid="video-export-webm-cancel"
        onClick={cancelRecording}
      >
        Recording {Math.round(progress * 100)} % · Cancel
      </button>
    );
  }
  return (
    <>
      <button
        type="button"
        className="button small"
        data-testid="video-export-webm"
        onClick={() => {
          setError(null);
          setProgress(0);
          exportOverlayWebm(setProgress)
            .catch((e: unknown) => {
              if (!(e instanceof Error && e.name === 'AbortError'))
                setError(e instanceof Error ? e.message : String(e));
            })
            .finally(() => setProgress(null));
        }}
      >
        Overlaid WebM
      </button>
      {error && (
        <span className="video-error" role="alert">
          {error}
        </span>
      )}
    </>
  );
}

import { useState } from 'react';

/**
 * CSV, JSON and the ZIP of overlays (with its progress and a cancel). A table export makes its rows'
 * boxes first (a moment on thousands of images): its button says so meanwhile.
 */
interface Props {
  exporting: number | null;
  canExport: boolean;
  onCsv(): Promise<void>;
  onJson(): Promise<void>;
  onZip(): void;
  onCancelZip(): void;
}

export function Exports(p: Props) {
  const [preparing, setPreparing] = useState<'CSV' | 'JSON' | null>(null);
  const table = (kind: 'CSV' | 'JSON', run: () => Promise<void>) => () => {
    setPreparing(kind);
    void run().finally(() => setPreparing(null));
  };
  const label = (kind: 'CSV' | 'JSON') => (preparing === kind ? `Preparing ${kind}…` : kind);
  return (
    <span className="ds-exports">
      <button
        type="button"
        className="button"
        data-testid="dataset-export-csv"
        disabled={!p.canExport || preparing != null}
        aria-busy={preparing === 'CSV'}
        onClick={table('CSV', p.onCsv)}
      >
        {label('CSV')}
      </button>
      <button
        type="button"
        className="button"
        disabled={!p.canExport || preparing != null}
        aria-busy={preparing === 'JSON'}
        onClick={table('JSON', p.onJson)}
      >
        {label('JSON')}
      </button>
      {p.exporting == null ? (
        <button
          type="button"
          className="button"
          data-testid="dataset-export-zip"
          disabled={!p.canExport}
          onClick={p.onZip}
        >
          ZIP of overlays
        </button>
      ) : (
        <button type="button" className="button" onClick={p.onCancelZip}>
          ZIP {Math.round(100 * p.exporting)}% · Cancel
        </button>
      )}
    </span>
  );
}

/** CSV, JSON and the ZIP of overlays (with its progress and a cancel). */
interface Props {
  exporting: number | null;
  canExport: boolean;
  onCsv(): void;
  onJson(): void;
  onZip(): void;
  onCancelZip(): void;
}

export function Exports(p: Props) {
  return (
    <span className="ds-exports">
      <button
        type="button"
        className="button"
        data-testid="dataset-export-csv"
        disabled={!p.canExport}
        onClick={p.onCsv}
      >
        CSV
      </button>
      <button type="button" className="button" disabled={!p.canExport} onClick={p.onJson}>
        JSON
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

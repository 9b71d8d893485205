import { copyShareLink, exportJson, exportPng } from '../../../app/export-share';
import { useStore } from '../../../state/store';
import { Section } from '../Section';

export function ActionsPanel() {
  const hasMap = useStore((s) => s.map !== null && s.image !== null);
  const ownImage = useStore((s) => s.image !== null && s.image.sampleId === null);
  return (
    <Section title="Export & share" id="actions">
      <div className="button-row">
        <button
          type="button"
          className="button primary"
          data-testid="export-png"
          disabled={!hasMap}
          onClick={() => void exportPng()}
        >
          Download PNG
        </button>
        <button
          type="button"
          className="button"
          data-testid="export-json"
          disabled={!hasMap}
          onClick={exportJson}
        >
          Raw map (JSON)
        </button>
        <button
          type="button"
          className="button"
          data-testid="share-link"
          onClick={() => void copyShareLink()}
        >
          Copy link
        </button>
      </div>
      <p className="hint">
        The PNG has the photo’s own resolution.{' '}
        {ownImage ? 'Links carry the settings, not your own image.' : ''}
      </p>
    </Section>
  );
}

import { currentBoxes, currentUserBox, userBoxScore } from '../../../app/trust/boxes';
import { exportBoxesJson } from '../../../app/trust/export';
import { trustActions } from '../../../app/trust/page-actions';
import { useStore } from '../../../state/store';
import { Section } from '../Section';
import './boxes.css';

export { BoxesOverlay } from './BoxesOverlay';

/** The user's box against the map's: IoU and the pointing game. */
function UserBoxScore() {
  const iou = useStore((s) => userBoxScore(s)?.iou ?? null);
  const hit = useStore((s) => userBoxScore(s)?.hit ?? null);
  const has = useStore((s) => currentUserBox(s) !== null);
  if (!has) return <p className="hint">Drag on the image to draw where the object is.</p>;
  return (
    <div className="user-score" data-iou={iou ?? undefined} data-hit={hit ?? undefined}>
      <span>
        IoU with the map's box: <strong>{iou === null ? '—' : iou.toFixed(2)}</strong>
      </span>
      <span>
        Pointing game: <strong>{hit ? 'hit' : 'miss'}</strong>
      </span>
      <button type="button" className="button small" onClick={() => trustActions.setUserBox(null)}>
        Clear my box
      </button>
    </div>
  );
}

export function BoxesPanel() {
  const show = useStore((s) => s.showBoxes);
  const threshold = useStore((s) => s.boxThreshold);
  const count = useStore((s) => currentBoxes(s).length);
  return (
    <Section title="Localise" id="boxes">
      <label className="check-row">
        <input
          type="checkbox"
          data-testid="boxes-toggle"
          checked={show}
          onChange={(e) => trustActions.setShowBoxes(e.currentTarget.checked)}
        />
        <span>Show the box around the map's hottest region</span>
      </label>
      <label className="field">
        <span className="field-row">
          <span>Threshold (share of the map's maximum)</span>
          <output>{threshold}%</output>
        </span>
        <input
          type="range"
          data-testid="boxes-threshold"
          min={1}
          max={95}
          step={1}
          value={threshold}
          onChange={(e) => trustActions.setBoxThreshold(Number(e.currentTarget.value))}
        />
      </label>
      {show && <UserBoxScore />}
      <div className="button-row trust-buttons">
        <button type="button" className="button" disabled={count === 0} onClick={exportBoxesJson}>
          Boxes (JSON)
        </button>
      </div>
    </Section>
  );
}

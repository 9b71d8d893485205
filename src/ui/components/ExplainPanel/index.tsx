import { cancelMap, selectLayer, selectMethod } from '../../../app/page';
import { isSlowMethod, METHOD_INFO, METHODS, type MethodName } from '../../../gradcam/methods/registry';
import type { LayerInfo } from '../../../gradcam/types';
import { effectiveLayer, useStore } from '../../../state/store';
import { MethodOptions } from '../../lazy';
import { Section } from '../Section';

const NO_LAYERS: readonly LayerInfo[] = [];

export function ExplainPanel() {
  const layers = useStore((s) => s.model.info?.layers ?? NO_LAYERS);
  const defaultLayer = useStore((s) => s.model.info?.defaultLayer ?? null);
  const layer = useStore(effectiveLayer);
  const method = useStore((s) => s.method);
  const progress = useStore((s) => s.mapProgress);
  const running = useStore((s) => s.running);
  const slow = isSlowMethod(method);
  return (
    <Section title="Explanation" id="explain">
      <label className="field">
        <span>Method</span>
        <select
          data-testid="method-select"
          value={method}
          onChange={(e) => selectMethod(e.currentTarget.value as MethodName)}
        >
          {METHODS.map((m) => (
            <option key={m} value={m}>
              {METHOD_INFO[m].label}
            </option>
          ))}
        </select>
      </label>
      <p className="hint">{METHOD_INFO[method].hint}</p>
      {slow && progress !== null && (
        <div className="progress-row">
          <progress
            value={progress}
            max={1}
            aria-label={`${METHOD_INFO[method].label} progress`}
            data-testid="map-progress"
          />
          <span>{Math.round(progress * 100)}%</span>
          <button type="button" className="button small" onClick={cancelMap} data-testid="cancel-map">
            Cancel
          </button>
        </div>
      )}
      {slow && progress === null && running?.startsWith('Computing') && (
        <button type="button" className="button small" onClick={cancelMap}>
          Cancel
        </button>
      )}
      <label className="field">
        <span>Target layer</span>
        <select
          data-testid="layer-select"
          value={layer ?? ''}
          disabled={layers.length === 0}
          onChange={(e) => selectLayer(e.currentTarget.value)}
        >
          {layers.map((l) => (
            <option key={l.name} value={l.name}>
              {l.name} · {l.shape[0]}×{l.shape[1]}×{l.shape[2]}
              {l.name === defaultLayer ? ' (default)' : ''}
            </option>
          ))}
        </select>
      </label>
      <MethodOptions />
    </Section>
  );
}

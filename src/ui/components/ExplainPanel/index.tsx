import { cancelMap, methodLabel, selectLayer, selectMethod } from '../../../app/controller';
import { type LayerInfo, METHODS, type MethodName } from '../../../gradcam/types';
import { effectiveLayer, SLOW_METHODS, useStore } from '../../../state/store';
import { Section } from '../Section';

const METHOD_HINT: Record<MethodName, string> = {
  gradcam: 'Channel weights = mean gradient. The classic.',
  'gradcam++': 'Second-order weights: better with several objects.',
  hirescam: 'Gradient × activation, element-wise: faithful to the score.',
  xgradcam: 'Activation-normalised gradient weights.',
  layercam: 'Positive gradients × activations: finer detail on early layers.',
  'gradcam-elementwise': 'ReLU of gradient × activation, element-wise.',
  eigencam: 'First principal component of the activations (class-agnostic).',
  ablationcam: 'Score drop when each channel is removed (slower).',
  scorecam: 'Score of the image masked by each channel (slowest, gradient-free).',
};

const NO_LAYERS: readonly LayerInfo[] = [];

export function ExplainPanel() {
  const layers = useStore((s) => s.model.info?.layers ?? NO_LAYERS);
  const defaultLayer = useStore((s) => s.model.info?.defaultLayer ?? null);
  const layer = useStore(effectiveLayer);
  const method = useStore((s) => s.method);
  const progress = useStore((s) => s.mapProgress);
  const running = useStore((s) => s.running);
  const slow = SLOW_METHODS.includes(method);
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
              {methodLabel(m)}
            </option>
          ))}
        </select>
      </label>
      <p className="hint">{METHOD_HINT[method]}</p>
      {slow && progress !== null && (
        <div className="progress-row">
          <progress
            value={progress}
            max={1}
            aria-label={`${methodLabel(method)} progress`}
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
    </Section>
  );
}

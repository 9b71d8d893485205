/**
 * The method options under the method picker: score target, versus class, aug_smooth, eigen_smooth
 * and extra target layers (pytorch-grad-cam's options). Every change is a new map (and is in the link).
 */
import { METHOD_INFO, type MethodName, usesScoreTarget } from '../../../gradcam/methods/registry';
import type { ScoreTarget } from '../../../gradcam/types';
import type { MethodOptionSettings } from '../../../state/slices/method-options';
import { effectiveLayer, useStore } from '../../../state/store';
import './method-options.css';

const NO_LABELS: readonly string[] = [];
const NO_LAYERS: readonly { name: string }[] = [];

const set = (patch: Partial<MethodOptionSettings>) => useStore.setState({ ...patch, cancelledKey: null });

function targetHint(method: MethodName, versus: number | null): string | null {
  if (!usesScoreTarget(method)) return `${METHOD_INFO[method].label} ignores the class: no score target.`;
  if (method === 'finercam') return 'FinerCAM scores the class against its three most similar classes.';
  if (versus !== null) return 'Score: logit of the class minus logit of the versus class.';
  return null;
}

export function MethodOptions() {
  const method = useStore((s) => s.method);
  const scoreTarget = useStore((s) => s.scoreTarget);
  const versus = useStore((s) => s.versusClass);
  const augSmooth = useStore((s) => s.augSmooth);
  const eigenSmooth = useStore((s) => s.eigenSmooth);
  const extraLayers = useStore((s) => s.extraLayers);
  const labels = useStore((s) => s.model.info?.labels ?? NO_LABELS);
  const layers = useStore((s) => s.model.info?.layers ?? NO_LAYERS);
  const layer = useStore(effectiveLayer);
  const scored = usesScoreTarget(method);
  const hint = targetHint(method, versus);
  return (
    <div className="method-options">
      <div className="method-options-row">
        <label className="field">
          <span>Score</span>
          <select
            data-testid="score-target"
            value={scoreTarget}
            disabled={!scored}
            onChange={(e) => set({ scoreTarget: e.currentTarget.value as ScoreTarget })}
          >
            <option value="logit">Logit</option>
            <option value="probability">Probability</option>
          </select>
        </label>
        <label className="field">
          <span>Versus class</span>
          <select
            data-testid="versus-class"
            value={versus === null ? '' : String(versus)}
            disabled={!scored || labels.length === 0}
            onChange={(e) => {
              const v = e.currentTarget.value;
              set({ versusClass: v === '' ? null : Number(v) });
            }}
          >
            <option value="">Off</option>
            {labels.map((label, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: the class index is the identity
              <option key={i} value={i}>
                {i} · {label}
              </option>
            ))}
          </select>
        </label>
      </div>
      {hint && <p className="hint">{hint}</p>}
      <div className="method-options-checks">
        <label className="check">
          <input
            type="checkbox"
            data-testid="aug-smooth"
            checked={augSmooth}
            onChange={(e) => set({ augSmooth: e.currentTarget.checked })}
          />
          <span title="Mean of the maps over a horizontal flip and three brightness levels (6 runs)">
            Aug smooth
          </span>
        </label>
        <label className="check">
          <input
            type="checkbox"
            data-testid="eigen-smooth"
            checked={eigenSmooth}
            disabled={!METHOD_INFO[method].eigenSmooth}
            onChange={(e) => set({ eigenSmooth: e.currentTarget.checked })}
          />
          <span title="First principal component of the weighted activations instead of their sum">
            Eigen smooth
          </span>
        </label>
      </div>
      <label className="field">
        <span>Also combine layers {extraLayers.length ? `(${extraLayers.length})` : ''}</span>
        <select
          multiple
          data-testid="layer-multi"
          className="layer-multi"
          value={extraLayers}
          disabled={layers.length < 2}
          onChange={(e) => set({ extraLayers: Array.from(e.currentTarget.selectedOptions, (o) => o.value) })}
        >
          {layers
            .filter((l) => l.name !== layer)
            .map((l) => (
              <option key={l.name} value={l.name}>
                {l.name}
              </option>
            ))}
        </select>
      </label>
    </div>
  );
}

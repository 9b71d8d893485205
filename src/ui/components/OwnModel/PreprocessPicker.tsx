import { useState } from 'react';
import { ownModel } from '../../../app/page';
import {
  normalizePreprocess,
  PREPROCESS_PRESETS,
  type PreprocessChoice,
  preprocessProblems,
  presetIdOf,
  presetValue,
  samePreprocess,
} from '../../../gradcam/preprocessing/presets';
import type { Preprocess } from '../../../gradcam/types';
import { useStore } from '../../../state/store';

const numbers = (text: string) =>
  text
    .split(/[\s,]+/)
    .filter(Boolean)
    .map(Number);

/** Editable fields for a custom preprocessing, validated before it is applied. */
function CustomFields({ start }: { start: Preprocess }) {
  const full = normalizePreprocess(start);
  const [color, setColor] = useState<string>(full.color);
  const [scale, setScale] = useState(String(+full.scale.toPrecision(8)));
  const [offset, setOffset] = useState(String(full.offset));
  const [mean, setMean] = useState(full.mean.join(', '));
  const [std, setStd] = useState(full.std.join(', '));
  const [resize, setResize] = useState<string>(full.resize);
  const [crop, setCrop] = useState(String(full.cropFraction));
  const candidate = {
    color,
    scale: Number(scale),
    offset: Number(offset),
    mean: numbers(mean),
    std: numbers(std),
    resize,
    ...(resize === 'center-crop' ? { cropFraction: Number(crop) } : {}),
  };
  const problems = [
    ...(scale.trim() === '' ? ['scale is empty'] : []),
    ...(offset.trim() === '' ? ['offset is empty'] : []),
    ...preprocessProblems(candidate),
  ];
  return (
    <form
      className="own-custom"
      data-testid="preprocess-custom"
      onSubmit={(event) => {
        event.preventDefault();
        if (problems.length === 0) ownModel.choosePreprocess(candidate as Preprocess);
      }}
    >
      <label className="field">
        <span>Channels</span>
        <select
          value={color}
          onChange={(e) => setColor(e.currentTarget.value)}
          data-testid="preprocess-color"
        >
          <option value="rgb">RGB</option>
          <option value="bgr">BGR</option>
          <option value="gray">Gray (0.299 R + 0.587 G + 0.114 B)</option>
        </select>
      </label>
      <div className="own-grid">
        <label className="field">
          <span>Scale</span>
          <input
            type="text"
            inputMode="decimal"
            value={scale}
            onChange={(e) => setScale(e.currentTarget.value)}
            data-testid="preprocess-scale"
          />
        </label>
        <label className="field">
          <span>Offset</span>
          <input
            type="text"
            inputMode="decimal"
            value={offset}
            onChange={(e) => setOffset(e.currentTarget.value)}
            data-testid="preprocess-offset"
          />
        </label>
        <label className="field">
          <span>Mean (per channel)</span>
          <input
            type="text"
            value={mean}
            onChange={(e) => setMean(e.currentTarget.value)}
            data-testid="preprocess-mean"
          />
        </label>
        <label className="field">
          <span>Std (per channel)</span>
          <input
            type="text"
            value={std}
            onChange={(e) => setStd(e.currentTarget.value)}
            data-testid="preprocess-std"
          />
        </label>
        <label className="field">
          <span>Fit</span>
          <select
            value={resize}
            onChange={(e) => setResize(e.currentTarget.value)}
            data-testid="preprocess-resize"
          >
            <option value="stretch">Stretch</option>
            <option value="center-crop">Centre crop</option>
          </select>
        </label>
        {resize === 'center-crop' && (
          <label className="field">
            <span>Crop fraction</span>
            <input
              type="text"
              inputMode="decimal"
              value={crop}
              onChange={(e) => setCrop(e.currentTarget.value)}
              data-testid="preprocess-crop"
            />
          </label>
        )}
      </div>
      <p className="hint">x = (pixel × scale + offset − mean) / std, pixels 0…255.</p>
      {problems.length > 0 && (
        <p className="own-problems" role="alert" data-testid="preprocess-problems">
          {problems.join('; ')}
        </p>
      )}
      <button
        type="submit"
        className="button small"
        disabled={problems.length > 0}
        data-testid="preprocess-apply"
      >
        Apply
      </button>
    </form>
  );
}

/** The preprocessing of the loaded model: a preset or custom; changing it re-runs only the analysis. */
export function PreprocessPicker() {
  const wanted = useStore((s) => s.preprocessWanted);
  const own = useStore((s) => s.model.info?.details?.preprocessing ?? null);
  const [customOpen, setCustomOpen] = useState(false);
  const current = wanted ?? own;
  const id: PreprocessChoice = customOpen ? 'custom' : current ? presetIdOf(current) : 'minus-one-one';
  const choose = (value: PreprocessChoice) => {
    if (value === 'custom') {
      setCustomOpen(true);
      return;
    }
    setCustomOpen(false);
    const p = presetValue(value);
    ownModel.choosePreprocess(own && samePreprocess(own, p) ? null : p);
  };
  const hint = PREPROCESS_PRESETS.find((p) => p.id === id)?.hint;
  return (
    <div className="own-preprocess">
      <label className="field">
        <span>Preprocessing</span>
        <select
          data-testid="preprocess-select"
          value={id}
          onChange={(e) => choose(e.currentTarget.value as PreprocessChoice)}
        >
          {PREPROCESS_PRESETS.map((preset) => (
            <option key={preset.id} value={preset.id}>
              {preset.label}
            </option>
          ))}
          <option value="custom">Custom…</option>
        </select>
      </label>
      {hint && <p className="hint">{hint}</p>}
      {id === 'custom' && current && <CustomFields key={JSON.stringify(current)} start={current} />}
    </div>
  );
}

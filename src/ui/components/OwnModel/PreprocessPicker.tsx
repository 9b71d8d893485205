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

interface RowProps {
  label: string;
  value: string;
  set: (value: string) => void;
  testId: string;
}

/** One labelled text field of the form; `decimal` gives phones the decimal keypad (one number). */
function TextRow({ label, value, set, testId, decimal = false }: RowProps & { decimal?: boolean }) {
  return (
    <label className="field">
      <span>{label}</span>
      <input
        type="text"
        inputMode={decimal ? 'decimal' : undefined}
        value={value}
        onChange={(e) => set(e.currentTarget.value)}
        data-testid={testId}
      />
    </label>
  );
}

/** One labelled select of the form, from [value, text] pairs. */
function SelectRow({
  label,
  value,
  set,
  testId,
  options,
}: RowProps & { options: readonly (readonly [string, string])[] }) {
  return (
    <label className="field">
      <span>{label}</span>
      <select value={value} onChange={(e) => set(e.currentTarget.value)} data-testid={testId}>
        {options.map(([v, text]) => (
          <option key={v} value={v}>
            {text}
          </option>
        ))}
      </select>
    </label>
  );
}

const COLORS = [
  ['rgb', 'RGB'],
  ['bgr', 'BGR'],
  ['gray', 'Gray (0.299 R + 0.587 G + 0.114 B)'],
] as const;
const FITS = [
  ['stretch', 'Stretch'],
  ['center-crop', 'Centre crop'],
] as const;

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
      <SelectRow label="Channels" value={color} set={setColor} testId="preprocess-color" options={COLORS} />
      <div className="own-grid">
        <TextRow label="Scale" value={scale} set={setScale} testId="preprocess-scale" decimal />
        <TextRow label="Offset" value={offset} set={setOffset} testId="preprocess-offset" decimal />
        <TextRow label="Mean (per channel)" value={mean} set={setMean} testId="preprocess-mean" />
        <TextRow label="Std (per channel)" value={std} set={setStd} testId="preprocess-std" />
        <SelectRow label="Fit" value={resize} set={setResize} testId="preprocess-resize" options={FITS} />
        {resize === 'center-crop' && (
          <TextRow label="Crop fraction" value={crop} set={setCrop} testId="preprocess-crop" decimal />
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

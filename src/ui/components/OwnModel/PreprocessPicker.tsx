import { useState } from 'react';
import { ownModel } from '../../../app/page';
import { PREPROCESS_PRESETS } from '../../../gradcam/preprocessing/preset-labels';
import {
  type PreprocessChoice,
  presetIdOf,
  presetValue,
  samePreprocess,
} from '../../../gradcam/preprocessing/presets';
import type { Preprocess } from '../../../gradcam/types';
import { useStore } from '../../../state/store';
import { type CustomTexts, customTexts, readCustom } from './custom-preprocess';

const PROBLEMS_ID = 'preprocess-problems';

interface RowProps {
  label: string;
  value: string;
  set: (value: string) => void;
  testId: string;
  /** Marked invalid, pointing at the problems list. */
  invalid?: boolean;
}

/**
 * One labelled text field of the form. A plain keyboard on phones: a decimal keypad has no minus
 * sign (iOS) and no slash for 1/255.
 */
function TextRow({ label, value, set, testId, invalid = false }: RowProps) {
  return (
    <label className="field">
      <span>{label}</span>
      <input
        type="text"
        aria-invalid={invalid || undefined}
        aria-describedby={invalid ? PROBLEMS_ID : undefined}
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
  const [texts, setTexts] = useState(() => customTexts(start));
  const { preprocess, problems } = readCustom(texts);
  const field = (key: keyof CustomTexts) => ({
    value: texts[key],
    set: (value: string) => setTexts((t) => ({ ...t, [key]: value })),
    invalid: problems.some((p) => p.field === key),
    testId: `preprocess-${key === 'cropFraction' ? 'crop' : key}`,
  });
  return (
    <form
      className="own-custom"
      data-testid="preprocess-custom"
      onSubmit={(event) => {
        event.preventDefault();
        if (preprocess) ownModel.choosePreprocess(preprocess);
      }}
    >
      <SelectRow label="Channels" {...field('color')} options={COLORS} />
      <div className="own-grid">
        <TextRow label="Scale" {...field('scale')} />
        <TextRow label="Offset" {...field('offset')} />
        <TextRow label="Mean (per channel)" {...field('mean')} />
        <TextRow label="Std (per channel)" {...field('std')} />
        <SelectRow label="Fit" {...field('resize')} options={FITS} />
        {texts.resize === 'center-crop' && <TextRow label="Crop fraction" {...field('cropFraction')} />}
      </div>
      <p className="hint">
        x = (pixel × scale + offset − mean) / std on pixels 0…255; fractions like 1/255 work.
      </p>
      {problems.length > 0 && (
        <ul className="own-problems" role="alert" id={PROBLEMS_ID} data-testid="preprocess-problems">
          {problems.map((p) => (
            <li key={p.text}>{p.text}</li>
          ))}
        </ul>
      )}
      <button type="submit" className="button small" disabled={!preprocess} data-testid="preprocess-apply">
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

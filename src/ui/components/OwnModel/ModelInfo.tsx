import { useState } from 'react';
import { ownModel } from '../../../app/page';
import { describePreprocess } from '../../../gradcam/preprocessing/presets';
import { useStore } from '../../../state/store';

function SizeEditor({ size }: { size: [number, number] }) {
  const [h, setH] = useState(String(size[0]));
  const [w, setW] = useState(String(size[1]));
  const valid = [h, w].every((v) => /^\d+$/.test(v) && Number(v) >= 8 && Number(v) <= 4096);
  return (
    <form
      className="own-size"
      onSubmit={(event) => {
        event.preventDefault();
        if (valid) ownModel.chooseInputSize([Number(h), Number(w)]);
      }}
    >
      <span>Input size (the model accepts any):</span>
      <input
        type="text"
        aria-label="Input height"
        inputMode="numeric"
        value={h}
        onChange={(e) => setH(e.currentTarget.value)}
        data-testid="input-height"
      />
      <span aria-hidden="true">×</span>
      <input
        type="text"
        aria-label="Input width"
        inputMode="numeric"
        value={w}
        onChange={(e) => setW(e.currentTarget.value)}
        data-testid="input-width"
      />
      <button type="submit" className="button small" disabled={!valid} data-testid="input-size-apply">
        Use
      </button>
      {!valid && <span className="own-problems">8 to 4096 pixels</span>}
    </form>
  );
}

/** What was detected about the loaded model, and from where (data-testid model-info). */
export function ModelInfo() {
  const info = useStore((s) => s.model.info);
  const analysed = useStore((s) =>
    s.analysis && info && s.analysis.key.includes(info.key) ? s.analysis.details : undefined,
  );
  const details = analysed ?? info?.details;
  if (!info || !details) return null;
  const from = (field: keyof typeof details.sources) => details.sources[field] ?? 'default';
  const [h, w] = details.inputSize;
  return (
    <div className="own-info" data-testid="model-info">
      <dl>
        <dt>Input</dt>
        <dd>
          {h} × {w} × {details.channels} ({details.channels === 1 ? 'gray' : 'colour'})
          {details.dynamicSize ? ' · any size' : ''} <span className="own-from">{from('inputSize')}</span>
        </dd>
        <dt>Preprocessing</dt>
        <dd>
          {describePreprocess(details.preprocessing)} <span className="own-from">{from('preprocess')}</span>
        </dd>
        <dt>Output</dt>
        <dd>
          {details.headNote} <span className="own-from">{details.numClasses} classes</span>
        </dd>
        <dt>Labels</dt>
        <dd>
          {info.labels.slice(0, 3).join(', ')}
          {info.labels.length > 3 ? ', …' : ''} <span className="own-from">{from('labels')}</span>
        </dd>
      </dl>
      {details.dynamicSize && <SizeEditor key={details.inputSize.join('x')} size={details.inputSize} />}
    </div>
  );
}

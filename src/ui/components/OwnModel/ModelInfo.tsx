import { useState } from 'react';
import { ownModel } from '../../../app/page';
import { describePreprocess } from '../../../gradcam/preprocessing/preset-labels';
import { type AppState, useStore } from '../../../state/store';

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

type Details = NonNullable<NonNullable<AppState['model']['info']>['details']>;

const FIELDS = [
  ['inputSize', 'input size'],
  ['preprocess', 'preprocessing'],
  ['labels', 'labels'],
  ['task', 'head'],
] as const;

/** Where each setting came from, one line per source ("metadata.json (…): input size, labels"). */
function provenance(details: Details): { source: string; fields: string[] }[] {
  const groups = new Map<string, string[]>();
  for (const [field, name] of FIELDS) {
    const raw = details.sources[field];
    let source = raw ?? 'default';
    if (
      source.startsWith('detected:') ||
      (field === 'inputSize' && source === 'default' && !details.dynamicSize)
    )
      source = 'the model itself';
    else if (source === 'default') source = field === 'labels' ? 'no labels found: numbered' : 'defaults';
    else if (source === 'catalogue') source = 'the catalogue';
    groups.set(source, [...(groups.get(source) ?? []), name]);
  }
  return [...groups].map(([source, fields]) => ({ source, fields }));
}

/** 41 M, 3.86 G: the model's cost, to two or three figures. */
function multiplyAddsLabel(n: number): string {
  const [value, unit] = n >= 1e9 ? [n / 1e9, 'G'] : n >= 1e6 ? [n / 1e6, 'M'] : [n / 1e3, 'k'];
  return `${value.toPrecision(value >= 100 ? 3 : 2)} ${unit}`;
}

/** What was detected about the loaded model, and from where (data-testid model-info). */
export function ModelInfo() {
  const info = useStore((s) => s.model.info);
  const analysed = useStore((s) =>
    s.analysis && info && s.analysis.key.includes(info.key) ? s.analysis.details : undefined,
  );
  const details = analysed ?? info?.details;
  const wantedSize = useStore((s) => s.inputSizeWanted);
  if (!info || !details) return null;
  // A size picked (or from a link) before any photo was analysed at it.
  const size = details.dynamicSize && wantedSize ? wantedSize : details.inputSize;
  const [h, w] = size;
  const guessed = details.sources.preprocess === 'default';
  return (
    <div className="own-info" data-testid="model-info">
      <dl>
        <dt>Input</dt>
        <dd>
          {h} × {w} × {details.channels} ({details.channels === 1 ? 'gray' : 'colour'})
          {details.dynamicSize ? ' · any size' : ''}
        </dd>
        <dt>Preprocessing</dt>
        <dd>{describePreprocess(details.preprocessing)}</dd>
        <dt>Output</dt>
        <dd>
          {details.headNote} · {details.numClasses} classes
        </dd>
        {info.multiplyAdds != null && (
          <>
            <dt>Compute</dt>
            <dd>{multiplyAddsLabel(info.multiplyAdds)} multiply-adds an image</dd>
          </>
        )}
        <dt>Labels</dt>
        <dd>
          {info.labels.slice(0, 3).join(', ')}
          {info.labels.length > 3 ? ', …' : ''}
        </dd>
      </dl>
      <ul className="own-sources" aria-label="Where these came from">
        {provenance(details).map(({ source, fields }) => (
          <li key={source}>
            <span className="own-from">{source}</span>: {fields.join(', ')}
          </li>
        ))}
      </ul>
      {guessed && (
        <p className="own-guess" data-testid="preprocess-guess">
          Nothing says which preprocessing this model expects: {describePreprocess(details.preprocessing)} is
          a guess. If the predictions look wrong, pick the one it was trained with above.
        </p>
      )}
      {details.dynamicSize && <SizeEditor key={size.join('x')} size={size} />}
    </div>
  );
}

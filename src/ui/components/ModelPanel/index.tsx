import { useState } from 'react';
import { loadCustomModel, readLabelsFile, selectModel } from '../../../app/page';
import { CATALOGUE, findCatalogueEntry } from '../../../gradcam/catalogue';
import { useStore } from '../../../state/store';
import { Section } from '../Section';

const PREPROCESS = {
  'minus-one-one': { label: '[-1, 1]  (x / 127.5 − 1, MobileNet)', value: { scale: 1 / 127.5, offset: -1 } },
  'zero-one': { label: '[0, 1]  (x / 255)', value: { scale: 1 / 255, offset: 0 } },
  raw: { label: '0 … 255  (raw pixels)', value: { scale: 1, offset: 0 } },
} as const;
type PreprocessKey = keyof typeof PREPROCESS;

function CustomModel() {
  const [url, setUrl] = useState('');
  const [preprocess, setPreprocess] = useState<PreprocessKey>('minus-one-one');
  const [labels, setLabels] = useState<{ name: string; list: string[] } | null>(null);
  const meta = () => ({ preprocess: PREPROCESS[preprocess].value, labels: labels?.list });
  return (
    <details className="custom-model">
      <summary>Your own model</summary>
      <p className="hint">
        A TensorFlow.js image classifier (LayersModel or GraphModel, NHWC RGB input). Files never leave this
        device.
      </p>
      <label className="field">
        <span>Input preprocessing</span>
        <select value={preprocess} onChange={(e) => setPreprocess(e.currentTarget.value as PreprocessKey)}>
          {Object.entries(PREPROCESS).map(([key, option]) => (
            <option key={key} value={key}>
              {option.label}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span>Labels file (optional: JSON array or one per line)</span>
        <input
          type="file"
          accept=".json,.txt,application/json,text/plain"
          onChange={async (event) => {
            const file = event.currentTarget.files?.[0];
            setLabels(file ? { name: file.name, list: await readLabelsFile(file) } : null);
          }}
        />
      </label>
      {labels && (
        <p className="hint">
          {labels.list.length} labels from {labels.name}
        </p>
      )}
      <label className="field">
        <span>model.json + weight files</span>
        <input
          type="file"
          multiple
          accept=".json,.bin,application/json,application/octet-stream"
          onChange={(event) => {
            const files = Array.from(event.currentTarget.files ?? []);
            if (files.length) void loadCustomModel({ files }, meta());
          }}
        />
      </label>
      <form
        className="url-row"
        onSubmit={(event) => {
          event.preventDefault();
          if (url.trim()) void loadCustomModel({ url: url.trim() }, meta());
        }}
      >
        <label className="field grow">
          <span>…or a model.json URL</span>
          <input
            type="url"
            placeholder="https://…/model.json"
            value={url}
            onChange={(e) => setUrl(e.currentTarget.value)}
          />
        </label>
        <button type="submit" className="button" disabled={!url.trim()}>
          Load
        </button>
      </form>
    </details>
  );
}

export function ModelPanel() {
  const modelId = useStore((s) => s.modelId);
  const status = useStore((s) => s.model.status);
  const progress = useStore((s) => s.model.progress);
  const info = useStore((s) => s.model.info);
  const custom = info !== null && !info.key.startsWith('catalogue:');
  const entry = findCatalogueEntry(modelId);
  return (
    <Section title="Model" id="model">
      <label className="field">
        <span className="visually-hidden">Model</span>
        <select
          data-testid="model-select"
          value={custom ? 'custom' : modelId}
          onChange={(event) => void selectModel(event.currentTarget.value)}
        >
          {CATALOGUE.map((model) => (
            <option key={model.id} value={model.id}>
              {model.title}
              {model.delivery === 'remote' ? ' (download)' : ''}
            </option>
          ))}
          {custom && (
            <option value="custom" disabled>
              {info.title}
            </option>
          )}
        </select>
      </label>
      {status === 'loading' ? (
        <div className="progress-row">
          <progress value={progress} max={1} aria-label="Model download" />
          <span>{Math.round(progress * 100)}%</span>
        </div>
      ) : (
        <p className="hint">
          {custom ? `${info.numClasses} classes · ${info.layers.length} layers` : entry?.summary}
          {info && info.from === 'cache' ? ' · from the offline cache' : ''}
        </p>
      )}
      <CustomModel />
    </Section>
  );
}

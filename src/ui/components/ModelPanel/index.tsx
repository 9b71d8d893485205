import { selectModel } from '../../../app/page';
import { CATALOGUE, findCatalogueEntry } from '../../../gradcam/catalogue';
import { useStore } from '../../../state/store';
import { HostConfirm, ModelInfo, OwnModelSource, PreprocessPicker } from '../../lazy';
import { Section } from '../Section';

/** A big download's size in MB, worth saying (over 10 MB); null otherwise. */
function megabytes(bytes: number | undefined): number | null {
  return bytes && bytes > 10e6 ? Math.round(bytes / 1e6) : null;
}

export function ModelPanel() {
  const modelId = useStore((s) => s.modelId);
  const status = useStore((s) => s.model.status);
  const progress = useStore((s) => s.model.progress);
  const info = useStore((s) => s.model.info);
  const custom = info !== null && !info.key.startsWith('catalogue:');
  const entry = findCatalogueEntry(modelId);
  const loadingTitle = useStore((s) => s.modelSource?.title ?? 'the model');
  const loadingSize = megabytes(entry?.sizeBytes);
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
              {megabytes(model.sizeBytes) ? ` (${megabytes(model.sizeBytes)} MB)` : ''}
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
        <>
          <div className="progress-row">
            <progress value={progress} max={1} aria-label="Model download" />
            <span>{Math.round(progress * 100)}%</span>
          </div>
          <p className="hint" data-testid="model-loading">
            Loading {loadingTitle}
            {loadingSize ? ` (${loadingSize} MB: downloaded once, then kept in this browser)` : ''}…
          </p>
        </>
      ) : (
        <p className="hint">
          {custom ? `${info.numClasses} classes · ${info.layers.length} layers` : entry?.summary}
          {info && info.from === 'cache' ? ' · from the offline cache' : ''}
        </p>
      )}
      <HostConfirm />
      {info && <PreprocessPicker key={info.key} />}
      <ModelInfo />
      <OwnModelSource />
    </Section>
  );
}

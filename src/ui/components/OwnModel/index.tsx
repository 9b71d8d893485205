import { useEffect, useRef, useState } from 'react';
import { ownModel, readLabelsFile } from '../../../app/page';
import { useStore } from '../../../state/store';
import { droppedFiles } from './files';
import './own-model.css';

export { ModelInfo } from './ModelInfo';
export { PreprocessPicker } from './PreprocessPicker';

/** "Load model from <host>?" for a model URL on another host (pasted, or from a share link). */
export function HostConfirm() {
  const pending = useStore((s) => s.pendingModelUrl);
  const box = useRef<HTMLDivElement>(null);
  // A share link opens with the question far down the panel on a phone: bring it into view.
  useEffect(() => {
    if (pending) box.current?.scrollIntoView({ block: 'nearest' });
  }, [pending]);
  if (!pending) return null;
  return (
    <div className="own-confirm" role="alertdialog" aria-labelledby="own-confirm-title" ref={box}>
      <p id="own-confirm-title">
        <strong>Load model from {pending.host}?</strong>
      </p>
      <p className="hint">
        Its files ({pending.url.split('/').pop()} and the weights it names) are downloaded from there. Your
        photos stay on this device: nothing is sent to {pending.host}.
      </p>
      <div className="button-row">
        <button
          type="button"
          className="button primary"
          data-testid="model-host-confirm"
          onClick={() => ownModel.confirmModelHost()}
        >
          Load from {pending.host}
        </button>
        <button type="button" className="button" onClick={() => ownModel.cancelModelHost()}>
          Cancel
        </button>
      </div>
    </div>
  );
}

/** Your own model: files or a folder, a labels file, a URL. */
export function OwnModelSource() {
  const [url, setUrl] = useState('');
  const [over, setOver] = useState(false);
  const labels = useStore((s) => s.labelsFile);
  return (
    <details className="custom-model own-model">
      <summary>Your own model</summary>
      <p className="hint">
        A TensorFlow.js image classifier (LayersModel or GraphModel; RGB or gray, any size). Teachable Machine
        exports and models with metadata need no further choice. Files never leave this device.
      </p>
      <label
        className={`field own-drop${over ? ' over' : ''}`}
        onDragOver={(event) => {
          event.preventDefault();
          event.stopPropagation();
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={async (event) => {
          event.preventDefault();
          event.stopPropagation();
          setOver(false);
          ownModel.loadModelFiles(await droppedFiles(event.dataTransfer));
        }}
      >
        <span>model.json + weight files</span>
        <input
          type="file"
          multiple
          data-testid="model-files"
          accept=".json,.bin,.txt,application/json,application/octet-stream,text/plain"
          onChange={(event) => {
            ownModel.loadModelFiles(Array.from(event.currentTarget.files ?? []));
            event.currentTarget.value = '';
          }}
        />
        <small className="hint">
          …or drop them, or their folder, here (a metadata.json or label list beside them is read too).
        </small>
      </label>
      <label className="field">
        <span>Labels file (optional: JSON list, {'{"0": "name"}'} or one per line)</span>
        <input
          type="file"
          data-testid="labels-file"
          accept=".json,.txt,application/json,text/plain"
          onChange={async (event) => {
            const file = event.currentTarget.files?.[0];
            ownModel.chooseLabels(file ? { name: file.name, labels: await readLabelsFile(file) } : null);
          }}
        />
      </label>
      {labels && (
        <p className="hint">
          {labels.labels.length} labels from {labels.name}
        </p>
      )}
      <form
        className="url-row"
        onSubmit={(event) => {
          event.preventDefault();
          if (url.trim()) ownModel.loadModelUrl(url.trim());
        }}
      >
        <label className="field grow">
          <span>…or a model.json URL</span>
          <input
            type="url"
            data-testid="model-url"
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

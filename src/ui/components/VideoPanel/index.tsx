import { useMemo } from 'react';
import {
  chooseCamera,
  pauseCamera,
  setLockedClass,
  setMirror,
  setMode,
  snapshot,
  startCamera,
  stopCamera,
  toggleLock,
} from '../../../video/camera-actions';
import {
  analyse,
  cancelAnalysis,
  exportContactSheet,
  exportKeyframesJson,
  exportTimelineCsv,
  openVideoFile,
  setSampling,
} from '../../../video/file-actions';
import { videoHost } from '../../../video/host';
import { type SourceMode, selectSamples, useVideoStore } from '../../../video/store';
import { Section } from '../Section';
import { WebmExport } from './WebmExport';
import './video-panel.css';

const MODES: { id: SourceMode; label: string }[] = [
  { id: 'photo', label: 'Photo' },
  { id: 'camera', label: 'Camera' },
  { id: 'video', label: 'Video file' },
];

function shortLabel(classIndex: number | null): string {
  if (classIndex === null) return '';
  const label = videoHost().model()?.labels[classIndex] ?? `class ${classIndex}`;
  return label.split(',')[0];
}

function CameraControls() {
  const cam = useVideoStore((s) => s.camera);
  const locked = useVideoStore((s) => s.lockedClass);
  const on = cam.status !== 'off';
  return (
    <div className="video-controls">
      <div className="button-row">
        {on ? (
          <button
            type="button"
            className="button"
            data-testid="camera-stop"
            onClick={() => void stopCamera()}
          >
            Stop camera
          </button>
        ) : (
          <button
            type="button"
            className="button primary"
            data-testid="camera-start"
            onClick={() => void startCamera()}
          >
            Start camera
          </button>
        )}
        <button
          type="button"
          className="button"
          data-testid="camera-pause"
          disabled={cam.status !== 'live' && cam.status !== 'paused'}
          aria-pressed={cam.status === 'paused'}
          onClick={pauseCamera}
        >
          {cam.status === 'paused' ? 'Resume' : 'Pause'}
        </button>
        <button
          type="button"
          className="button"
          data-testid="camera-snapshot"
          disabled={!cam.last}
          onClick={() => void snapshot()}
          title="Open this frame in the photo view"
        >
          Snapshot
        </button>
      </div>
      <div className="button-row">
        <button
          type="button"
          className="button"
          data-testid="camera-lock"
          aria-pressed={locked !== null}
          disabled={locked === null && !cam.last}
          onClick={toggleLock}
          title="Explain this class in every frame instead of each frame's own top-1"
        >
          {locked === null
            ? `Lock class${cam.last ? `: ${shortLabel(cam.last.classIndex)}` : ''}`
            : `Unlock ${shortLabel(locked)}`}
        </button>
        <label className="check">
          <input type="checkbox" checked={cam.mirror} onChange={(e) => setMirror(e.currentTarget.checked)} />
          Mirror
        </label>
      </div>
      {cam.devices.length > 1 && (
        <label className="field">
          Camera
          <select
            data-testid="camera-picker"
            value={cam.deviceId ?? ''}
            onChange={(e) => chooseCamera(e.currentTarget.value)}
          >
            {cam.devices.map((d) => (
              <option key={d.deviceId} value={d.deviceId}>
                {d.label}
              </option>
            ))}
          </select>
        </label>
      )}
      <p className="video-stats" aria-live="off">
        <span data-testid="fps" data-fps={cam.fps.toFixed(2)}>
          {cam.status === 'live' ? `${cam.fps.toFixed(1)} fps` : cam.status === 'paused' ? 'paused' : '– fps'}
        </span>
        <span>
          {cam.status === 'live' && cam.latencyMs > 0 ? `${Math.round(cam.latencyMs)} ms latency` : ''}
        </span>
        <span title="Forward pass + map in the worker, per frame">
          {cam.status === 'live' && cam.workerMs > 0 ? `${Math.round(cam.workerMs)} ms model` : ''}
        </span>
        <span>{cam.framesAnalysed > 0 ? `${cam.framesAnalysed} frames` : ''}</span>
      </p>
      {cam.error && (
        <p className="video-error" role="alert" data-testid="camera-error">
          {cam.error}
        </p>
      )}
    </div>
  );
}

function NumberField(props: {
  label: string;
  value: number;
  min: number;
  max: number;
  step: number;
  onChange(value: number): void;
  testId: string;
}) {
  return (
    <label className="field compact">
      {props.label}
      <input
        type="number"
        data-testid={props.testId}
        value={props.value}
        min={props.min}
        max={props.max}
        step={props.step}
        onChange={(e) => {
          const v = Number(e.currentTarget.value);
          if (Number.isFinite(v) && v >= props.min && v <= props.max) props.onChange(v);
        }}
      />
    </label>
  );
}

function VideoControls() {
  const file = useVideoStore((s) => s.file);
  const locked = useVideoStore((s) => s.lockedClass);
  const samples = useVideoStore(selectSamples);
  const seen = useMemo(() => [...new Set(samples.map((x) => x.top1))].slice(0, 30), [samples]);
  const analysing = file.status === 'analysing';
  const hasResult = file.frames.length > 0 && !analysing;
  return (
    <div className="video-controls">
      <label className="file-button">
        <input
          type="file"
          accept="video/*"
          data-testid="video-input"
          onChange={(event) => {
            const picked = event.currentTarget.files?.[0];
            event.currentTarget.value = '';
            if (picked) void openVideoFile(picked);
          }}
        />
        <span>Choose a video…</span>
      </label>
      {file.name && (
        <p className="current-image" title={file.name}>
          {file.name}
          {file.duration > 0 ? ` · ${file.duration.toFixed(1)} s` : ''}
        </p>
      )}
      <div className="video-fields">
        <NumberField
          label="Samples / s"
          testId="video-rate"
          value={file.maxPerSecond}
          min={0.1}
          max={60}
          step={1}
          onChange={(v) => setSampling({ maxPerSecond: v })}
        />
        <NumberField
          label="Keyframes"
          testId="video-keyframes"
          value={file.keyframeCount}
          min={0}
          max={20}
          step={1}
          onChange={(v) => setSampling({ keyframeCount: v })}
        />
        <NumberField
          label="Spacing (s)"
          testId="video-spacing"
          value={file.minSpacing}
          min={0}
          max={600}
          step={0.5}
          onChange={(v) => setSampling({ minSpacing: v })}
        />
      </div>
      <label className="field">
        Class
        <select
          data-testid="video-class"
          value={locked ?? ''}
          onChange={(e) =>
            setLockedClass(e.currentTarget.value === '' ? null : Number(e.currentTarget.value))
          }
        >
          <option value="">Each frame's top-1</option>
          {[...new Set([...(locked === null ? [] : [locked]), ...seen])].map((c) => (
            <option key={c} value={c}>
              {shortLabel(c)}
            </option>
          ))}
        </select>
      </label>
      <div className="button-row">
        {analysing ? (
          <button type="button" className="button" data-testid="video-cancel" onClick={cancelAnalysis}>
            Cancel
          </button>
        ) : (
          <button
            type="button"
            className="button primary"
            data-testid="video-analyse"
            disabled={!file.url || file.duration <= 0}
            onClick={() => void analyse()}
          >
            Analyse video
          </button>
        )}
      </div>
      {analysing && (
        <div className="progress-row">
          <progress value={file.progress.done} max={Math.max(1, file.progress.total)} />
          <span>
            {file.progress.done} / {file.progress.total}
          </span>
        </div>
      )}
      {file.analysisFps > 0 && (
        <p className="video-stats">
          <span>{file.analysisFps.toFixed(1)} frames/s analysed</span>
        </p>
      )}
      {file.error && (
        <p className="video-error" role="alert" data-testid="video-error">
          {file.error}
        </p>
      )}
      {hasResult && (
        <div className="button-row">
          <button
            type="button"
            className="button small"
            data-testid="video-export-keyframes"
            onClick={exportKeyframesJson}
          >
            Keyframes JSON
          </button>
          <button
            type="button"
            className="button small"
            data-testid="video-export-sheet"
            onClick={() => void exportContactSheet()}
          >
            Contact sheet PNG
          </button>
          <button
            type="button"
            className="button small"
            data-testid="video-export-csv"
            onClick={exportTimelineCsv}
          >
            Timeline CSV
          </button>
          <WebmExport />
        </div>
      )}
    </div>
  );
}

export function VideoPanel() {
  const mode = useVideoStore((s) => s.mode);
  return (
    <Section title="Source" id="video">
      <div className="segmented" role="radiogroup" aria-label="Source">
        {MODES.map((m) => (
          <label key={m.id} className="segment">
            <input
              type="radio"
              name="source-mode"
              data-testid={`mode-${m.id}`}
              checked={mode === m.id}
              onChange={() => setMode(m.id)}
            />
            <span>{m.label}</span>
          </label>
        ))}
      </div>
      {mode === 'camera' && <CameraControls />}
      {mode === 'video' && <VideoControls />}
    </Section>
  );
}

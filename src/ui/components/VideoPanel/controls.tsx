/** The camera's and the video file's controls: a chunk of their own (src/ui/lazy.tsx), with the video code. */
import { useMemo } from 'react';
import {
  chooseCamera,
  pauseCamera,
  setLockedClass,
  setMirror,
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
import { selectSamples } from '../../../video/selectors';
import { DECODED_IN, useVideoStore } from '../../../video/store';
import { ButtonRow, NumberField, type NumberFieldSpec, SelectField } from './fields';
import { WebmExport } from './WebmExport';

function shortLabel(classIndex: number | null): string {
  if (classIndex === null) return '';
  const label = videoHost().model()?.labels[classIndex] ?? `class ${classIndex}`;
  return label.split(',')[0];
}

export function CameraControls() {
  const cam = useVideoStore((s) => s.camera);
  const locked = useVideoStore((s) => s.lockedClass);
  const on = cam.status !== 'off';
  return (
    <div className="video-controls">
      <ButtonRow
        buttons={[
          on
            ? { testId: 'camera-stop', label: 'Stop camera', onClick: () => void stopCamera() }
            : {
                testId: 'camera-start',
                label: 'Start camera',
                primary: true,
                onClick: () => void startCamera(),
              },
          {
            testId: 'camera-pause',
            label: cam.status === 'paused' ? 'Resume' : 'Pause',
            disabled: cam.status !== 'live' && cam.status !== 'paused',
            pressed: cam.status === 'paused',
            onClick: pauseCamera,
          },
          {
            testId: 'camera-snapshot',
            label: 'Snapshot',
            disabled: !cam.last,
            title: 'Open this frame in the photo view',
            onClick: () => void snapshot(),
          },
        ]}
      />
      <ButtonRow
        buttons={[
          {
            testId: 'camera-lock',
            label:
              locked === null
                ? `Lock class${cam.last ? `: ${shortLabel(cam.last.classIndex)}` : ''}`
                : `Unlock ${shortLabel(locked)}`,
            pressed: locked !== null,
            disabled: locked === null && !cam.last,
            title: "Explain this class in every frame instead of each frame's own top-1",
            onClick: toggleLock,
          },
        ]}
      >
        <label className="check">
          <input
            type="checkbox"
            data-testid="camera-mirror"
            checked={cam.mirror}
            onChange={(e) => setMirror(e.currentTarget.checked)}
          />
          Mirror
        </label>
      </ButtonRow>
      {cam.devices.length > 0 && (
        <SelectField
          label="Camera"
          testId="camera-picker"
          value={cam.deviceId ?? ''}
          options={cam.devices.map((d) => ({ value: d.deviceId, label: d.label }))}
          onChange={chooseCamera}
        />
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

const SAMPLING_FIELDS: (NumberFieldSpec & { key: 'maxPerSecond' | 'keyframeCount' | 'minSpacing' })[] = [
  { key: 'maxPerSecond', label: 'Samples / s', testId: 'video-rate', min: 0.1, max: 60, step: 1 },
  { key: 'keyframeCount', label: 'Keyframes', testId: 'video-keyframes', min: 0, max: 20, step: 1 },
  { key: 'minSpacing', label: 'Spacing (s)', testId: 'video-spacing', min: 0, max: 600, step: 0.5 },
];

export function VideoControls() {
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
        {SAMPLING_FIELDS.map(({ key, ...spec }) => (
          <NumberField key={key} {...spec} value={file[key]} onChange={(v) => setSampling({ [key]: v })} />
        ))}
      </div>
      <SelectField
        label="Class"
        testId="video-class"
        value={locked === null ? '' : String(locked)}
        options={[
          { value: '', label: "Each frame's top-1" },
          ...[...new Set([...(locked === null ? [] : [locked]), ...seen])].map((c) => ({
            value: String(c),
            label: shortLabel(c),
          })),
        ]}
        onChange={(v) => setLockedClass(v === '' ? null : Number(v))}
      />
      <ButtonRow
        buttons={[
          analysing
            ? { testId: 'video-cancel', label: 'Cancel', onClick: cancelAnalysis }
            : {
                testId: 'video-analyse',
                label: 'Analyse video',
                primary: true,
                disabled: !file.url || file.duration <= 0,
                onClick: () => void analyse(),
              },
        ]}
      />
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
          {file.decodedIn && <span data-testid="video-decoded-in">{DECODED_IN[file.decodedIn]}</span>}
        </p>
      )}
      {file.error && (
        <p className="video-error" role="alert" data-testid="video-error">
          {file.error}
        </p>
      )}
      {hasResult && (
        <ButtonRow
          buttons={[
            {
              testId: 'video-export-keyframes',
              label: 'Keyframes JSON',
              small: true,
              onClick: exportKeyframesJson,
            },
            {
              testId: 'video-export-sheet',
              label: 'Contact sheet PNG',
              small: true,
              onClick: () => void exportContactSheet(),
            },
            { testId: 'video-export-csv', label: 'Timeline CSV', small: true, onClick: exportTimelineCsv },
          ]}
        >
          <WebmExport />
        </ButtonRow>
      )}
    </div>
  );
}

import { setMode } from '../../../video/mode';
import { type SourceMode, useVideoStore } from '../../../video/store';
import { CameraControls, VideoControls } from '../../lazy';
import { Section } from '../Section';
import './video-panel.css';

const MODES: { id: SourceMode; label: string }[] = [
  { id: 'photo', label: 'Photo' },
  { id: 'camera', label: 'Camera' },
  { id: 'video', label: 'Video file' },
];

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

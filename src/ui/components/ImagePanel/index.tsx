import { acceptFiles, loadSample } from '../../../app/page';
import { SAMPLES, sampleUrl } from '../../../app/samples';
import { useStore } from '../../../state/store';
import { DatasetPicker } from '../../lazy';
import { Section } from '../Section';

export function ImagePanel() {
  const current = useStore((s) => s.image?.sampleId ?? null);
  const name = useStore((s) => (s.image ? `${s.image.name} · ${s.image.width}×${s.image.height}` : null));
  return (
    <Section title="Image" id="image">
      <label className="file-button">
        <input
          type="file"
          accept="image/*"
          data-testid="image-input"
          onChange={(event) => {
            const files = Array.from(event.currentTarget.files ?? []);
            event.currentTarget.value = '';
            void acceptFiles(files);
          }}
        />
        <span>Choose a photo…</span>
      </label>
      <p className="hint">or drop one anywhere, or paste with Ctrl/⌘ V</p>
      <DatasetPicker />
      {name && (
        <p className="current-image" title={name}>
          {name}
        </p>
      )}
      <ul className="samples" aria-label="Sample photos">
        {SAMPLES.map((sample) => (
          <li key={sample.id}>
            <button
              type="button"
              className="sample"
              data-testid="sample"
              data-sample-id={sample.id}
              aria-pressed={current === sample.id}
              title={`${sample.title} — ${sample.credit}`}
              onClick={() => void loadSample(sample.id)}
            >
              <img src={sampleUrl(sample)} alt={sample.title} loading="lazy" decoding="async" />
            </button>
          </li>
        ))}
      </ul>
      <p className="hint">
        Sample photos:{' '}
        <a href="samples/CREDITS.md" target="_blank" rel="noreferrer">
          credits and licences
        </a>
      </p>
    </Section>
  );
}

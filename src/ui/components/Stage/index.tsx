import { useEffect, useRef } from 'react';
import { isGuidedReady } from '../../../app/guided-stage';
import { toHeatMap } from '../../../app/heatmap-of';
import { loadSample } from '../../../app/page';
import { SAMPLES } from '../../../app/samples';
import { methodLabel } from '../../../gradcam/methods/registry';
import { shortLabel } from '../../../gradcam/short-label';
import { drawGuided } from '../../../render/draw-guided';
import { drawScene } from '../../../render/draw-heatmap';
import { type AppState, effectiveClass, isMapReady, useStore } from '../../../state/store';
import { BoxesOverlay } from '../../lazy';
import { DisplayToolbar } from '../DisplayPanel';

/** React owns only the canvas; drawing happens on animation frames from store subscriptions. */
function useStageRenderer(canvasRef: React.RefObject<HTMLCanvasElement | null>) {
  useEffect(() => {
    const canvas = canvasRef.current!;
    const box = canvas.parentElement!;
    let frame = 0;
    let drawn: unknown[] = [];

    const draw = () => {
      frame = 0;
      const s = useStore.getState();
      const dpr = window.devicePixelRatio || 1;
      const width = Math.max(1, Math.round(box.clientWidth * dpr));
      const height = Math.max(1, Math.round(box.clientHeight * dpr));
      const region = s.map ? (s.analysis?.region ?? null) : null;
      const guided = s.image && isGuidedReady(s) ? s.guided : null;
      const inputs = [s.image, s.map, region, s.opacity, s.colormap, s.viewMode, width, height, guided];
      if (inputs.some((value, i) => value !== drawn[i])) {
        if (canvas.width !== width || canvas.height !== height) {
          canvas.width = width;
          canvas.height = height;
        }
        // The Guided view shows the overlay until its pictures are computed.
        if (guided && s.image) drawGuided(canvas, guided, s.image.width, s.image.height);
        else
          drawScene(canvas, {
            image: s.image?.bitmap ?? null,
            map: s.map ? toHeatMap(s.map) : null,
            region,
            opacity: s.opacity,
            colormap: s.colormap,
            viewMode: s.viewMode,
          });
        drawn = inputs;
      }
      // Attributes after the pixels: "ready" means the canvas shows the map the selections ask for.
      const shown = isMapReady(s) && (s.viewMode !== 'guided' || guided !== null);
      const state = !s.image ? 'empty' : shown ? 'ready' : 'computing';
      canvas.dataset.state = state;
      if (s.map) {
        canvas.dataset.classIndex = String(s.map.classIndex);
        canvas.dataset.layer = s.map.layer;
        canvas.dataset.method = s.map.method;
      } else {
        delete canvas.dataset.classIndex;
        delete canvas.dataset.layer;
        delete canvas.dataset.method;
      }
    };
    const schedule = () => {
      if (!frame) frame = requestAnimationFrame(draw);
    };
    const onChange = (s: AppState) => {
      // Leave "ready" at once when the selections move on; "ready" itself waits for the drawn frame.
      if (
        canvas.dataset.state === 'ready' &&
        (!isMapReady(s) || (s.viewMode === 'guided' && !isGuidedReady(s)))
      )
        canvas.dataset.state = s.image ? 'computing' : 'empty';
      schedule();
    };
    const unsubscribe = useStore.subscribe(onChange);
    const observer = new ResizeObserver(schedule);
    observer.observe(box);
    schedule();
    return () => {
      unsubscribe();
      observer.disconnect();
      cancelAnimationFrame(frame);
    };
  }, [canvasRef]);
}

function stageLabel(s: AppState): string {
  if (!s.image) return 'No image yet';
  const label = s.map && s.model.info ? (s.model.info.labels[s.map.classIndex] ?? '') : null;
  return label ? `${s.image.name}, heatmap for ${shortLabel(label)}` : s.image.name;
}

/** What the stage shows, in words: class, probability, method, layer (or how many are combined). */
function Caption() {
  const text = useStore((s) => {
    const info = s.model.info;
    const classIndex = effectiveClass(s);
    if (!s.image || !info || classIndex === null) return null;
    const probability = s.analysis?.probabilities[classIndex];
    const label = shortLabel(info.labels[classIndex] ?? `class ${classIndex}`);
    const p = probability === undefined ? '' : ` · ${(probability * 100).toFixed(1)}%`;
    const layers = s.map ? (s.map.options?.layers ?? [s.map.layer]) : [];
    const where = layers.length > 1 ? `${layers.length} layers` : (layers[0] ?? '');
    return `${label}${p}|${[methodLabel(s.method), where].filter(Boolean).join(' · ')}`;
  });
  if (!text) return null;
  const [main, sub] = text.split('|');
  return (
    <div className="caption" aria-hidden="true">
      <strong>{main}</strong>
      <span>{sub}</span>
    </div>
  );
}

/** Width / height of what the stage shows: the photo, or two of them stacked (side by side on a phone). */
function stageAspect(s: AppState): number | null {
  if (!s.image) return null;
  const twoPanes = s.viewMode === 'side-by-side' || s.viewMode === 'guided';
  return s.image.width / (twoPanes ? 2 * s.image.height : s.image.height);
}

export function Stage() {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  useStageRenderer(canvasRef);
  const hasImage = useStore((s) => s.image !== null);
  const label = useStore(stageLabel);
  const busy = useStore((s) => s.image !== null && !isMapReady(s) && s.running !== null);
  const aspect = useStore(stageAspect);
  // Narrow screens size the stage to the photo (styles.css) instead of letterboxing it in a fixed box.
  const boxStyle = aspect ? ({ '--image-aspect': aspect.toFixed(4) } as React.CSSProperties) : undefined;
  return (
    <section className="stage" aria-label="Image and heatmap">
      <Caption />
      <div className="stage-canvas-box" style={boxStyle}>
        <canvas ref={canvasRef} data-testid="overlay-canvas" role="img" aria-label={label} />
        <BoxesOverlay />
        {busy && <div className="stage-spinner" aria-hidden="true" />}
      </div>
      {hasImage && <DisplayToolbar />}
      {!hasImage && (
        <div className="empty-state">
          <svg className="empty-icon" viewBox="0 0 64 64" aria-hidden="true">
            <defs>
              <radialGradient id="heat" cx="0.42" cy="0.58" r="0.5">
                <stop offset="0" stopColor="#ff3d2e" />
                <stop offset="0.45" stopColor="#ffcc33" stopOpacity="0.9" />
                <stop offset="1" stopColor="#3b82f6" stopOpacity="0" />
              </radialGradient>
            </defs>
            <rect
              x="6"
              y="10"
              width="52"
              height="44"
              rx="8"
              fill="var(--surface)"
              stroke="currentColor"
              strokeWidth="2.5"
            />
            <circle cx="27" cy="36" r="16" fill="url(#heat)" />
            <path
              d="M12 48l12-13 9 9 7-6 12 10"
              fill="none"
              stroke="currentColor"
              strokeWidth="2.5"
              strokeLinejoin="round"
            />
            <circle cx="44" cy="22" r="4" fill="currentColor" />
          </svg>
          <p className="empty-title">Drop a photo anywhere, paste one, or pick a sample</p>
          <p className="empty-sub">Images stay on this device: the model runs in your browser.</p>
          <div className="empty-samples">
            {SAMPLES.slice(0, 4).map((sample) => (
              <button
                key={sample.id}
                type="button"
                className="chip"
                onClick={() => void loadSample(sample.id)}
              >
                {sample.title}
              </button>
            ))}
          </div>
        </div>
      )}
    </section>
  );
}

import { useEffect, useMemo, useRef, useState } from 'react';
import { formatTime, toHeatMap } from '../../../video/exports';
import { seekPlayer } from '../../../video/file-actions';
import { videoHost } from '../../../video/host';
import { drawFrameWithMap } from '../../../video/overlay';
import { selectKeyframes, selectSamples } from '../../../video/selectors';
import { thumbKey, useVideoStore } from '../../../video/store';
import { type AnalysedFrame, topBands } from '../../../video/timeline';

/** A stable, distinct colour per class (golden-angle hues). */
export function classColor(classIndex: number): string {
  return `hsl(${(classIndex * 137.508) % 360} 62% 56%)`;
}

function label(classIndex: number): string {
  return (videoHost().model()?.labels[classIndex] ?? `class ${classIndex}`).split(',')[0];
}

/** The keyframe's picture with its map over it. */
function Thumb({ bitmap, frame }: { bitmap: ImageBitmap | undefined; frame: AnalysedFrame }) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const c = ref.current;
    const ctx = c?.getContext('2d');
    if (!c || !ctx || !bitmap) return;
    c.width = bitmap.width;
    c.height = bitmap.height;
    drawFrameWithMap(ctx, bitmap, toHeatMap(frame), videoHost().style(), 0, 0, c.width, c.height);
  }, [bitmap, frame]);
  return <canvas ref={ref} className="keyframe-thumb" />;
}

const W = 1000;
const H = 120;

/** Top-1 bands (or the locked class's probability), the attention shift, keyframes as thumbnails. */
export function Timeline() {
  const file = useVideoStore((s) => s.file);
  const samples = useVideoStore(selectSamples);
  const keyframes = useVideoStore(selectKeyframes);
  const locked = file.analysedClass;
  const [playhead, setPlayhead] = useState(0);
  const duration = file.duration || 1;
  const x = (t: number) => (t / duration) * W;
  const bands = useMemo(() => topBands(samples, duration), [samples, duration]);
  const maxShift = Math.max(0.2, ...samples.map((s) => s.shift));
  const line = (value: (s: (typeof samples)[number]) => number, top: number, height: number) =>
    samples.map((s) => `${x(s.time).toFixed(1)},${(top + height * (1 - value(s))).toFixed(1)}`).join(' ');
  useEffect(() => {
    const player = document.querySelector<HTMLVideoElement>('[data-testid="video-player"]');
    if (!player) return;
    const onTime = () => setPlayhead(player.currentTime);
    player.addEventListener('timeupdate', onTime);
    player.addEventListener('seeked', onTime);
    return () => {
      player.removeEventListener('timeupdate', onTime);
      player.removeEventListener('seeked', onTime);
    };
  }, []);
  const state = file.status === 'analysing' ? 'analysing' : file.status === 'ready' ? 'ready' : 'empty';
  const legend = [...new Map(bands.map((b) => [b.classIndex, b])).keys()].slice(0, 6);
  return (
    <div className="timeline" data-testid="timeline" data-state={state}>
      <svg
        viewBox={`0 0 ${W} ${H}`}
        preserveAspectRatio="none"
        className="timeline-plot"
        role="img"
        aria-label={
          locked === null
            ? 'Top-1 class over time and attention shift'
            : `Probability of ${label(locked)} over time and attention shift`
        }
      >
        {locked === null ? (
          bands.map((b) => (
            <rect
              key={`${b.classIndex}-${b.start}`}
              x={x(b.start)}
              y={0}
              width={Math.max(0.5, x(b.end) - x(b.start))}
              height={44}
              fill={classColor(b.classIndex)}
              data-class-index={b.classIndex}
            >
              <title>{`${label(b.classIndex)} · ${formatTime(b.start)}–${formatTime(b.end)}`}</title>
            </rect>
          ))
        ) : (
          <>
            <rect x={0} y={0} width={W} height={44} className="timeline-track" />
            <polyline points={line((s) => s.probability, 2, 40)} className="timeline-prob" />
          </>
        )}
        <rect x={0} y={54} width={W} height={62} className="timeline-track" />
        <polyline points={line((s) => s.shift / maxShift, 56, 58)} className="timeline-shift" />
        {keyframes.map((k) => (
          <line
            key={k.index}
            x1={x(samples[k.index].time)}
            x2={x(samples[k.index].time)}
            y1={0}
            y2={H}
            className="timeline-key"
          />
        ))}
        <line x1={x(playhead)} x2={x(playhead)} y1={0} y2={H} className="timeline-playhead" />
      </svg>
      <div className="timeline-legend">
        <span>{locked === null ? 'Top-1 class' : `p(${label(locked)})`}</span>
        {locked === null &&
          legend.map((c) => (
            <span key={c} className="legend-chip">
              <i style={{ background: classColor(c) }} />
              {label(c)}
            </span>
          ))}
        <span className="legend-shift">
          <i /> attention shift
        </span>
        {state === 'analysing' && (
          <span>
            analysing {file.progress.done}/{file.progress.total}
          </span>
        )}
      </div>
      {keyframes.length > 0 && state === 'ready' && (
        <ol className="keyframes" aria-label="Keyframes">
          {keyframes.map((k) => {
            const s = samples[k.index];
            return (
              <li key={k.index}>
                <button
                  type="button"
                  className="keyframe"
                  data-testid="keyframe"
                  data-time={s.time}
                  data-class-index={s.classIndex}
                  title={`${k.reasons.join(' and ')} peak`}
                  onClick={() => seekPlayer(s.time)}
                >
                  <Thumb bitmap={file.thumbs[thumbKey(s.time)]} frame={file.frames[k.index]} />
                  <span className="keyframe-time">{formatTime(s.time)}</span>
                  <span className="keyframe-label" style={{ borderColor: classColor(s.classIndex) }}>
                    {label(s.classIndex)}
                  </span>
                  <span className="keyframe-detail">
                    {(s.probability * 100).toFixed(0)}% · Δ {s.shift.toFixed(2)}
                  </span>
                </button>
              </li>
            );
          })}
        </ol>
      )}
    </div>
  );
}

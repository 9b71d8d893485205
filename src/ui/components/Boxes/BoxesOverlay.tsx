import { useEffect, useRef, useState } from 'react';
import { currentBoxes, currentUserBox } from '../../../app/trust/boxes';
import { trustActions } from '../../../app/trust/page-actions';
import { scenePanes } from '../../../render/draw-heatmap';
import type { PhotoRect } from '../../../state/slices/trust';
import { useStore } from '../../../state/store';
import './boxes.css';

/** The layer's size in CSS pixels (it covers the stage's canvas). */
function useSize(ref: React.RefObject<HTMLDivElement | null>) {
  const [size, setSize] = useState({ w: 0, h: 0 });
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const observer = new ResizeObserver(() => setSize({ w: el.clientWidth, h: el.clientHeight }));
    observer.observe(el);
    return () => observer.disconnect();
  }, [ref]);
  return size;
}

const style = (r: PhotoRect, pane: PhotoRect, scale: number): React.CSSProperties => ({
  left: pane.x + r.x * scale,
  top: pane.y + r.y * scale,
  width: r.w * scale,
  height: r.h * scale,
});

/**
 * The map's boxes over the stage (where the overlay is drawn, in every view), with their label;
 * when boxes are shown, a drag on the photo draws the user's own box (photo pixels in the store).
 */
export function BoxesOverlay() {
  const ref = useRef<HTMLDivElement>(null);
  const size = useSize(ref);
  const show = useStore((s) => s.showBoxes && s.image !== null);
  const boxes = useStore(currentBoxes);
  const user = useStore(currentUserBox);
  const photo = useStore((s) => (s.image ? `${s.image.width}x${s.image.height}` : null));
  const viewMode = useStore((s) => s.viewMode);
  const [draft, setDraft] = useState<PhotoRect | null>(null);
  const start = useRef<{ x: number; y: number } | null>(null);

  if (!photo) return <div ref={ref} className="boxes-layer" />;
  const [iw, ih] = photo.split('x').map(Number);
  // The renderer's own layout, in device pixels, brought back to CSS pixels.
  const dpr = window.devicePixelRatio || 1;
  const device = scenePanes(iw, ih, Math.round(size.w * dpr), Math.round(size.h * dpr), viewMode).overlay;
  const pane = { x: device.x / dpr, y: device.y / dpr, w: device.w / dpr, h: device.h / dpr };
  const scale = pane.w / iw;

  const toPhoto = (event: React.PointerEvent) => {
    const bounds = (ref.current as HTMLDivElement).getBoundingClientRect();
    const clamp = (v: number, max: number) => Math.min(max, Math.max(0, v));
    return {
      x: clamp((event.clientX - bounds.left - pane.x) / scale, iw),
      y: clamp((event.clientY - bounds.top - pane.y) / scale, ih),
    };
  };
  const rectFrom = (a: { x: number; y: number }, b: { x: number; y: number }): PhotoRect => ({
    x: Math.min(a.x, b.x),
    y: Math.min(a.y, b.y),
    w: Math.abs(a.x - b.x),
    h: Math.abs(a.y - b.y),
  });
  const round = (r: PhotoRect): PhotoRect => ({
    x: Math.round(r.x),
    y: Math.round(r.y),
    w: Math.round(r.w),
    h: Math.round(r.h),
  });

  const handlers = show
    ? {
        onPointerDown(event: React.PointerEvent) {
          if (event.button !== 0) return;
          // No text selection (a second drag over selected text would start a native drag instead).
          event.preventDefault();
          event.currentTarget.setPointerCapture(event.pointerId);
          start.current = toPhoto(event);
          setDraft(null);
        },
        onPointerMove(event: React.PointerEvent) {
          if (start.current) setDraft(rectFrom(start.current, toPhoto(event)));
        },
        onPointerUp(event: React.PointerEvent) {
          if (!start.current) return;
          const box = round(rectFrom(start.current, toPhoto(event)));
          start.current = null;
          setDraft(null);
          // A click (no drag) is not a box.
          if (box.w * scale >= 4 && box.h * scale >= 4) trustActions.setUserBox(box);
        },
        onPointerCancel() {
          start.current = null;
          setDraft(null);
        },
      }
    : {};

  const mine = draft ?? user;
  return (
    <div ref={ref} className="boxes-layer" data-drawing={show || undefined} {...handlers}>
      {show &&
        boxes.map((b) => (
          <div
            key={`${b.x},${b.y},${b.w},${b.h}`}
            className="map-box"
            data-testid="box"
            data-x={b.x}
            data-y={b.y}
            data-w={b.w}
            data-h={b.h}
            style={style(b, pane, scale)}
          >
            <span className="map-box-label">{b.label}</span>
          </div>
        ))}
      {show && mine && <div className="user-box" style={style(mine, pane, scale)} />}
    </div>
  );
}

import { useEffect, useRef } from 'react';
import { attachCameraVideo } from '../../../video/camera-actions';
import { nearestFrame, toHeatMap } from '../../../video/exports';
import { attachPlayer } from '../../../video/file-actions';
import { videoHost } from '../../../video/host';
import { drawOverlayCanvas } from '../../../video/overlay';
import { useVideoStore } from '../../../video/store';
import { Timeline } from './Timeline';
import './video-stage.css';

type VideoWithCallback = HTMLVideoElement & {
  requestVideoFrameCallback?: (cb: (now: number, meta: { mediaTime: number }) => void) => number;
  cancelVideoFrameCallback?: (id: number) => void;
};

function label(classIndex: number): string {
  return (videoHost().model()?.labels[classIndex] ?? `class ${classIndex}`).split(',')[0];
}

/** Sizes the media box to the video's aspect ratio so the overlay canvas covers exactly the picture. */
function useAspect(
  video: React.RefObject<HTMLVideoElement | null>,
  box: React.RefObject<HTMLDivElement | null>,
) {
  useEffect(() => {
    const v = video.current!;
    const onSize = () => {
      if (v.videoWidth > 0)
        box.current?.style.setProperty('--video-aspect', (v.videoWidth / v.videoHeight).toFixed(4));
    };
    v.addEventListener('loadedmetadata', onSize);
    v.addEventListener('resize', onSize);
    return () => {
      v.removeEventListener('loadedmetadata', onSize);
      v.removeEventListener('resize', onSize);
    };
  }, [video, box]);
}

function CameraView() {
  const videoRef = useRef<HTMLVideoElement>(null);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const boxRef = useRef<HTMLDivElement>(null);
  const mirror = useVideoStore((s) => s.camera.mirror);
  const status = useVideoStore((s) => s.camera.status);
  const caption = useVideoStore((s) =>
    s.camera.last
      ? `${label(s.camera.last.classIndex)} · ${(s.camera.last.probability * 100).toFixed(1)}%`
      : null,
  );
  const locked = useVideoStore((s) => s.lockedClass !== null);
  useAspect(videoRef, boxRef);
  useEffect(() => {
    attachCameraVideo(videoRef.current);
    return () => attachCameraVideo(null);
  }, []);
  useEffect(() => {
    // Each live result redraws the overlay once, on the next animation frame.
    let raf = 0;
    let drawn: unknown = null;
    const draw = () => {
      raf = 0;
      const last = useVideoStore.getState().camera.last;
      const canvas = canvasRef.current;
      if (!canvas || last === drawn) return;
      drawn = last;
      drawOverlayCanvas(canvas, last ? toHeatMap(last) : null, videoHost().style());
      canvas.dataset.frames = String(useVideoStore.getState().camera.framesAnalysed);
      if (last) canvas.dataset.classIndex = String(last.classIndex);
    };
    const unsubscribe = useVideoStore.subscribe(() => {
      if (!raf) raf = requestAnimationFrame(draw);
    });
    return () => {
      unsubscribe();
      cancelAnimationFrame(raf);
    };
  }, []);
  return (
    <div className="video-view">
      {caption && (
        <div className="caption" aria-hidden="true">
          <strong>{caption}</strong>
          <span>{locked ? 'locked class' : 'top-1 of each frame'}</span>
        </div>
      )}
      <div className="media-box" ref={boxRef} data-mirror={mirror || undefined} data-state={status}>
        <video ref={videoRef} muted playsInline data-testid="camera-video" aria-label="Camera" />
        <canvas ref={canvasRef} className="media-overlay" data-testid="camera-overlay" />
        {status === 'off' && (
          <div className="media-empty">
            <p className="empty-title">Live Grad-CAM on your camera</p>
            <p className="empty-sub">Frames stay on this device. Start the camera in the panel.</p>
          </div>
        )}
      </div>
    </div>
  );
}

function FileView() {
  const videoRef = useRef<HTMLVideoElement>(null);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const boxRef = useRef<HTMLDivElement>(null);
  const url = useVideoStore((s) => s.file.url);
  useAspect(videoRef, boxRef);
  useEffect(() => {
    attachPlayer(videoRef.current);
    return () => attachPlayer(null);
  }, []);
  useEffect(() => {
    // The overlay follows the frame on screen: each presented frame draws the nearest sample's map.
    const video = videoRef.current as VideoWithCallback | null;
    if (!video) return;
    let handle = 0;
    let drawnFor: unknown = null;
    const draw = (mediaTime: number) => {
      const { frames } = useVideoStore.getState().file;
      const frame = nearestFrame(frames, mediaTime);
      const canvas = canvasRef.current;
      if (!canvas) return;
      const key = frame && Math.abs(frame.time - mediaTime) < 0.6 ? frame : null;
      if (
        key !== drawnFor ||
        canvas.width !== Math.round(canvas.clientWidth * Math.min(2, devicePixelRatio))
      ) {
        drawnFor = key;
        drawOverlayCanvas(canvas, key ? toHeatMap(key) : null, videoHost().style());
        canvas.dataset.time = key ? String(key.time) : '';
      }
    };
    const onFrame = (_now: number, meta: { mediaTime: number }) => {
      draw(meta.mediaTime);
      handle = video.requestVideoFrameCallback!(onFrame);
    };
    if (video.requestVideoFrameCallback) handle = video.requestVideoFrameCallback(onFrame);
    const onSeeked = () => draw(video.currentTime);
    video.addEventListener('seeked', onSeeked);
    const unsubscribe = useVideoStore.subscribe((s, prev) => {
      if (s.file.frames !== prev.file.frames) draw(video.currentTime);
    });
    return () => {
      video.cancelVideoFrameCallback?.(handle);
      video.removeEventListener('seeked', onSeeked);
      unsubscribe();
    };
  }, []);
  return (
    <div className="video-view">
      <div className="media-box" ref={boxRef} hidden={!url}>
        <video ref={videoRef} src={url ?? undefined} controls muted playsInline data-testid="video-player" />
        <canvas ref={canvasRef} className="media-overlay" data-testid="video-overlay" />
      </div>
      {!url && (
        <div className="media-empty">
          <p className="empty-title">Drop a video, or choose one in the panel</p>
          <p className="empty-sub">
            Analyse it to find the keyframes where the model's mind changes. The video never leaves this
            device.
          </p>
        </div>
      )}
      {url && <Timeline />}
    </div>
  );
}

export function VideoStage() {
  const mode = useVideoStore((s) => s.mode);
  return (
    <section
      className="stage video-stage"
      aria-label={mode === 'camera' ? 'Camera and heatmap' : 'Video and heatmap'}
    >
      {mode === 'camera' ? <CameraView /> : <FileView />}
    </section>
  );
}

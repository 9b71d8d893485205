/**
 * Camera actions: start/stop/pause, device choice, class lock, mirror, snapshot, and the rules that
 * stop the camera (tab hidden, mode left, camera gone). The stage registers its <video> element.
 */
import { closeFrame } from '../worker/frame-protocol';
import { Camera, CameraError, listCameras } from './camera';
import { cameraErrorMessage } from './camera-errors';
import { videoHost } from './host';
import { LiveLoop } from './live-loop';
import { onLeaveCamera, setMode } from './mode';
import { attentionShift } from './shift';
import { HISTORY_LIMIT, type LiveFrame, NO_LIVE_TIMINGS, patchCamera, useVideoStore } from './store';

let videoEl: HTMLVideoElement | null = null;
/** Starts waiting for the stage's <video> (both are loaded lazily, maybe not in the same frame). */
let videoWaiters: ((el: HTMLVideoElement | null) => void)[] = [];
let camera: Camera | null = null;
let loop: LiveLoop | null = null;
let startedAt = 0;
let generation = 0;

export const HIDDEN_STOP_MESSAGE = 'The camera stopped because the page was hidden. Start it again to go on.';

export function attachCameraVideo(el: HTMLVideoElement | null): void {
  videoEl = el;
  if (!el) return;
  for (const resolve of videoWaiters) resolve(el);
  videoWaiters = [];
}

/** The camera's <video> element, once the stage has drawn it (null if it never comes). */
function cameraVideo(): Promise<HTMLVideoElement | null> {
  if (videoEl) return Promise.resolve(videoEl);
  return new Promise((resolve) => {
    videoWaiters.push(resolve);
    setTimeout(() => resolve(videoEl), 5000);
  });
}

// Leaving the camera mode stops the camera; so does a hidden tab (watched from the first start).
onLeaveCamera(() => void stopCamera());
let watchingVisibility = false;

function camError(message: string): void {
  patchCamera({ status: 'off', error: message, fps: 0 });
}

function liveLoop(video: HTMLVideoElement): LiveLoop {
  return new LiveLoop({
    video,
    track: () => camera?.track ?? null,
    inputSize: () => videoHost().model()?.inputSize ?? [224, 224],
    explain: (frame) => {
      const host = videoHost();
      const layer = host.layer();
      if (!host.model() || !layer) {
        closeFrame(frame);
        return Promise.reject(new Error('The model is still loading.'));
      }
      const locked = useVideoStore.getState().lockedClass;
      return host.frame(frame, { layer, method: host.method(), classIndex: locked ?? undefined });
    },
    onResult: (r, stats) => {
      const { camera: cam } = useVideoStore.getState();
      const label = videoHost().model()?.labels[r.classIndex] ?? String(r.classIndex);
      const prev = cam.last;
      const frame: LiveFrame = {
        time: (performance.now() - startedAt) / 1000,
        classIndex: r.classIndex,
        probability: r.probability,
        label,
        shift: prev && prev.lowRes.length === r.lowRes.length ? attentionShift(prev.lowRes, r.lowRes) : 0,
        lowRes: r.lowRes,
        width: r.width,
        height: r.height,
      };
      const history = cam.history.length >= HISTORY_LIMIT ? cam.history.slice(1) : cam.history.slice();
      history.push(frame);
      patchCamera({
        last: frame,
        history,
        fps: stats.fps,
        latencyMs: stats.latencyMs,
        workerMs: r.totalMs,
        framesAnalysed: cam.framesAnalysed + 1,
        framesReceived: stats.received,
        workerSums: {
          frames: cam.workerSums.frames + 1,
          forward: cam.workerSums.forward + r.forwardMs,
          map: cam.workerSums.map + r.camMs,
          worker: cam.workerSums.worker + r.totalMs,
        },
      });
    },
    onError: () => {
      // One failed frame (model switching, worker restarting): the next frame tries again.
    },
  });
}

export async function startCamera(deviceId?: string): Promise<void> {
  setMode('camera');
  if (!watchingVisibility) {
    watchVisibility();
    watchingVisibility = true;
  }
  const mine = ++generation;
  const video = await cameraVideo();
  if (!video || mine !== generation) return;
  await stopLive();
  patchCamera({
    status: 'starting',
    error: null,
    fps: 0,
    latencyMs: 0,
    last: null,
    history: [],
    framesAnalysed: 0,
    framesReceived: 0,
    workerSums: NO_LIVE_TIMINGS,
  });
  camera = new Camera(video, (message) => {
    void stopLive().then(() => camError(message));
  });
  try {
    await camera.start(deviceId ?? useVideoStore.getState().camera.deviceId ?? undefined);
  } catch (error) {
    if (mine !== generation) return;
    camera = null;
    camError(error instanceof CameraError ? error.message : cameraErrorMessage(error));
    return;
  }
  if (mine !== generation) return;
  startedAt = performance.now();
  patchCamera({ status: 'live', deviceId: camera.deviceId ?? null });
  void listCameras().then((devices) => patchCamera({ devices }));
  loop = liveLoop(video);
  loop.start();
}

/** Stops grabbing and the camera, and frees the worker's frame session. */
async function stopLive(): Promise<void> {
  const l = loop;
  loop = null;
  camera?.stop();
  camera = null;
  if (l) {
    await l.stop();
    await videoHost()
      .releaseFrames()
      .catch(() => undefined);
  }
}

export async function stopCamera(message: string | null = null): Promise<void> {
  generation++;
  await stopLive();
  patchCamera({ status: 'off', fps: 0, error: message });
}

export function pauseCamera(): void {
  const { status } = useVideoStore.getState().camera;
  if (status === 'live') {
    void loop?.stop();
    videoEl?.pause();
    patchCamera({ status: 'paused', fps: 0 });
  } else if (status === 'paused' && videoEl) {
    void videoEl.play().catch(() => undefined);
    loop?.start();
    patchCamera({ status: 'live' });
  }
}

export function chooseCamera(deviceId: string): void {
  patchCamera({ deviceId });
  if (useVideoStore.getState().camera.status !== 'off') void startCamera(deviceId);
}

/** Locks the class shown now (the map then follows it in every frame), or unlocks. */
export function toggleLock(): void {
  const s = useVideoStore.getState();
  const current = s.camera.last?.classIndex ?? null;
  useVideoStore.setState({ lockedClass: s.lockedClass === null ? current : null });
}

export function setLockedClass(classIndex: number | null): void {
  useVideoStore.setState({ lockedClass: classIndex });
}

export function setMirror(mirror: boolean): void {
  patchCamera({ mirror });
}

/** The frame on screen, at full resolution, to the single-image view (with the locked class). */
export async function snapshot(): Promise<void> {
  const video = videoEl;
  if (!video || video.videoWidth === 0) return;
  const canvas = document.createElement('canvas');
  canvas.width = video.videoWidth;
  canvas.height = video.videoHeight;
  canvas.getContext('2d')!.drawImage(video, 0, 0);
  const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/png'));
  if (!blob) return;
  const { lockedClass, camera: cam } = useVideoStore.getState();
  await stopCamera();
  setMode('photo');
  await videoHost().openStill(blob, 'camera-snapshot.png', lockedClass ?? cam.last?.classIndex ?? null);
}

/** The camera never runs in a hidden tab; the picker follows cameras plugged in or out. */
export function watchVisibility(): () => void {
  const onChange = () => {
    if (document.hidden && useVideoStore.getState().camera.status !== 'off')
      void stopCamera(HIDDEN_STOP_MESSAGE);
  };
  const onDevices = () => {
    if (useVideoStore.getState().camera.status !== 'off')
      void listCameras().then((devices) => patchCamera({ devices }));
  };
  document.addEventListener('visibilitychange', onChange);
  navigator.mediaDevices?.addEventListener?.('devicechange', onDevices);
  return () => {
    document.removeEventListener('visibilitychange', onChange);
    navigator.mediaDevices?.removeEventListener?.('devicechange', onDevices);
  };
}

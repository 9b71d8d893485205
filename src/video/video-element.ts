import type { FrameSource } from '../worker/frame-protocol';

/** A detached video element for analysis and exports: open a file's URL, seek exactly, grab a frame. */

export const VIDEO_DECODE_MESSAGE =
  'This video could not be played: its format or codec is not supported by this browser (try MP4/H.264 or WebM).';

function once(target: EventTarget, ok: string, timeoutMs: number, what: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => finish(new Error(`The video did not respond (${what}).`)), timeoutMs);
    const onOk = () => finish();
    const onError = () => finish(new Error(VIDEO_DECODE_MESSAGE));
    function finish(error?: Error) {
      clearTimeout(timer);
      target.removeEventListener(ok, onOk);
      target.removeEventListener('error', onError);
      if (error) reject(error);
      else resolve();
    }
    target.addEventListener(ok, onOk);
    target.addEventListener('error', onError);
  });
}

/** Loads the video's first frame; fixes an unknown (Infinity) duration, as MediaRecorder files have. */
export async function openVideo(url: string): Promise<HTMLVideoElement> {
  const video = document.createElement('video');
  video.muted = true;
  video.playsInline = true;
  video.preload = 'auto';
  const loaded = once(video, 'loadeddata', 20_000, 'loading');
  video.src = url;
  await loaded;
  if (video.videoWidth === 0) throw new Error('This file has no video track.');
  if (!Number.isFinite(video.duration)) {
    const known = once(video, 'durationchange', 10_000, 'reading its duration');
    video.currentTime = 1e9;
    await known;
    await seekTo(video, 0);
  }
  return video;
}

/** Seeks and waits until the frame at `time` is the element's current frame. */
export async function seekTo(video: HTMLVideoElement, time: number): Promise<void> {
  const seeked = once(video, 'seeked', 10_000, `seeking to ${time.toFixed(2)} s`);
  video.currentTime = time;
  await seeked;
}

type VideoWithCallback = HTMLVideoElement & {
  requestVideoFrameCallback?: (cb: () => void) => number;
  cancelVideoFrameCallback?: (id: number) => void;
};

/** The media timestamp (µs) of the frame the element shows, or null where that cannot be read. */
export function shownTimestamp(video: HTMLVideoElement): number | null {
  if (typeof VideoFrame === 'undefined') return null;
  try {
    const frame = new VideoFrame(video);
    const { timestamp } = frame;
    frame.close();
    return timestamp;
  } catch {
    return null;
  }
}

/**
 * Seeks and waits until the element shows the frame there, for drawing it (thumbnails, the recorded
 * video): 'seeked' can fire while the frame before the seek is still shown. After 'seeked', waits for
 * a presented frame (requestVideoFrameCallback) or a shown frame other than the one before the seek,
 * at most `patienceMs` (a seek within the frame already shown presents no new one).
 */
export async function seekShown(video: HTMLVideoElement, time: number, patienceMs = 400): Promise<void> {
  const v = video as VideoWithCallback;
  const before = shownTimestamp(video);
  let presented = false;
  const handle = v.requestVideoFrameCallback?.(() => {
    presented = true;
  });
  try {
    await seekTo(video, time);
    const deadline = performance.now() + patienceMs;
    while (!presented && performance.now() < deadline) {
      const now = shownTimestamp(video);
      if (now !== null && before !== null && now !== before) return;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  } finally {
    if (handle !== undefined) v.cancelVideoFrameCallback?.(handle);
  }
}

/**
 * The current frame for the model, as a VideoFrame: a handle that travels to the worker without a
 * copy, where its planes are read (yuv.ts). Reading them here would block the page: copyTo() of a
 * frame from a <video> (the compositor's GPU copy) is a synchronous read-back, 3 ms to over 500 ms a
 * frame on a software GPU under load. Where there are no VideoFrames: a bitmap at the model's size.
 */
export async function grabModelFrame(
  video: HTMLVideoElement,
  inputSize: [number, number],
): Promise<FrameSource> {
  return currentFrame(video) ?? grabFrame(video, inputSize[1], inputSize[0]);
}

/** The element's current frame as a VideoFrame (null where there are none, or no data yet). */
export function currentFrame(video: HTMLVideoElement): VideoFrame | null {
  if (typeof VideoFrame === 'undefined') return null;
  try {
    return new VideoFrame(video, { timestamp: Math.round(video.currentTime * 1e6) });
  } catch {
    return null;
  }
}

/** The current frame scaled to width x height (a thumbnail, or the model input). */
export function grabFrame(video: HTMLVideoElement, width: number, height: number): Promise<ImageBitmap> {
  return createImageBitmap(video, { resizeWidth: width, resizeHeight: height, resizeQuality: 'high' });
}

export function closeVideo(video: HTMLVideoElement): void {
  video.pause();
  video.removeAttribute('src');
  video.load();
}

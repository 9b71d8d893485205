import { type FrameSource, PLANE_FORMATS, type PlaneFormat } from '../worker/frame-protocol';

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

/**
 * The current frame for the model: its planes copied out here (an await, not a block: the copy of
 * the next frame overlaps the worker's work on this one, and the worker only converts, in yuv.ts),
 * else the VideoFrame itself (a format yuv.ts does not read: the worker draws it), else a bitmap
 * scaled to the model input.
 */
export async function grabModelFrame(
  video: HTMLVideoElement,
  inputSize: [number, number],
): Promise<FrameSource> {
  let frame: VideoFrame | null = null;
  if (typeof VideoFrame !== 'undefined') {
    try {
      frame = new VideoFrame(video, { timestamp: Math.round(video.currentTime * 1e6) });
    } catch {
      // Not decodable into a frame right now (no data yet): fall back to a bitmap.
    }
  }
  if (!frame) return grabFrame(video, inputSize[1], inputSize[0]);
  const format = frame.format;
  if (!format || !PLANE_FORMATS.includes(format)) return frame;
  try {
    const data = new Uint8Array(frame.allocationSize());
    const layout = await frame.copyTo(data);
    const { width, height } = frame.visibleRect ?? { width: frame.codedWidth, height: frame.codedHeight };
    const { matrix, fullRange } = frame.colorSpace ?? {};
    frame.close();
    return { planes: { format: format as PlaneFormat, width, height, data, layout, matrix, fullRange } };
  } catch {
    return frame; // the copy failed: the worker draws the frame instead
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

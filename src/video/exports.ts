/**
 * Video exports made in the page: the keyframes as a contact sheet (PNG), the overlaid video
 * (MediaRecorder, WebM) for the analysed range, and file downloads. Nothing leaves the device.
 */
import type { HeatMap } from '../render/draw-heatmap';
import { drawFrameWithMap, type OverlayStyle } from './overlay';
import type { AnalysedFrame } from './timeline';
import { closeVideo, openVideo, seekShown } from './video-element';

export interface SheetTile {
  image: ImageBitmap;
  map: HeatMap | null;
  caption: string;
  detail: string;
}

export function formatTime(seconds: number): string {
  const m = Math.floor(seconds / 60);
  const s = seconds - m * 60;
  return `${m}:${s.toFixed(2).padStart(5, '0')}`;
}

/** Tiles in a grid (up to 4 a row), each the frame with its map and two caption lines. */
export async function contactSheetPng(tiles: readonly SheetTile[], style: OverlayStyle): Promise<Blob> {
  if (tiles.length === 0) throw new Error('There are no keyframes to export yet: analyse the video first.');
  const tileW = 280;
  const aspect = tiles[0].image.height / tiles[0].image.width;
  const imageH = Math.round(tileW * aspect);
  const captionH = 46;
  const gap = 12;
  const cols = Math.min(4, tiles.length);
  const rows = Math.ceil(tiles.length / cols);
  const canvas = new OffscreenCanvas(gap + cols * (tileW + gap), gap + rows * (imageH + captionH + gap));
  const ctx = canvas.getContext('2d')!;
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  tiles.forEach((tile, i) => {
    const x = gap + (i % cols) * (tileW + gap);
    const y = gap + Math.floor(i / cols) * (imageH + captionH + gap);
    drawFrameWithMap(ctx, tile.image, tile.map, style, x, y, tileW, imageH);
    ctx.fillStyle = '#16181d';
    ctx.font = '600 15px system-ui, sans-serif';
    ctx.fillText(tile.caption, x, y + imageH + 19, tileW);
    ctx.fillStyle = '#5b6270';
    ctx.font = '13px system-ui, sans-serif';
    ctx.fillText(tile.detail, x, y + imageH + 38, tileW);
  });
  return canvas.convertToBlob({ type: 'image/png' });
}

/** The sample whose time is nearest `time` (frames ascending by time). */
export function nearestFrame<T extends { time: number }>(frames: readonly T[], time: number): T | null {
  if (frames.length === 0) return null;
  let lo = 0;
  let hi = frames.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (frames[mid].time < time) lo = mid + 1;
    else hi = mid;
  }
  if (lo > 0 && Math.abs(frames[lo - 1].time - time) <= Math.abs(frames[lo].time - time))
    return frames[lo - 1];
  return frames[lo];
}

export function toHeatMap(frame: Pick<AnalysedFrame, 'width' | 'height' | 'lowRes'>): HeatMap {
  return { width: frame.width, height: frame.height, values: frame.lowRes };
}

export function supportsWebmRecording(): boolean {
  return typeof MediaRecorder !== 'undefined' && MediaRecorder.isTypeSupported('video/webm');
}

/**
 * Plays the analysed range once (real time) into a canvas with the nearest sample's map over each
 * frame, recorded as WebM. Progress in [0, 1]; cancel with the signal.
 */
export async function recordOverlayWebm(
  url: string,
  frames: readonly AnalysedFrame[],
  style: OverlayStyle,
  onProgress: (fraction: number) => void,
  signal: AbortSignal,
): Promise<Blob> {
  if (!supportsWebmRecording()) throw new Error('This browser cannot record WebM video.');
  if (frames.length === 0) throw new Error('Analyse the video first.');
  const video = await openVideo(url);
  const start = Math.max(0, frames[0].time - 0.05);
  const end = Math.min(video.duration, frames[frames.length - 1].time + 0.1);
  const scale = Math.min(1, 960 / video.videoWidth);
  const canvas = document.createElement('canvas');
  canvas.width = Math.round(video.videoWidth * scale) & ~1;
  canvas.height = Math.round(video.videoHeight * scale) & ~1;
  const ctx = canvas.getContext('2d')!;
  const maps = new Map(frames.map((f) => [f, toHeatMap(f)]));
  const draw = () => {
    const frame = nearestFrame(frames, video.currentTime);
    drawFrameWithMap(ctx, video, frame ? maps.get(frame)! : null, style, 0, 0, canvas.width, canvas.height);
  };
  await seekShown(video, start);
  draw();
  const stream = canvas.captureStream(30);
  const recorder = new MediaRecorder(stream, { mimeType: 'video/webm', videoBitsPerSecond: 4_000_000 });
  const chunks: Blob[] = [];
  recorder.ondataavailable = (event) => {
    if (event.data.size > 0) chunks.push(event.data);
  };
  const stopped = new Promise<void>((resolve) => {
    recorder.onstop = () => resolve();
  });
  let raf = 0;
  try {
    recorder.start(250);
    await video.play();
    await new Promise<void>((resolve, reject) => {
      const loop = () => {
        draw();
        onProgress(Math.min(1, (video.currentTime - start) / Math.max(1e-3, end - start)));
        if (signal.aborted) {
          const error = new Error('Cancelled');
          error.name = 'AbortError';
          reject(error);
        } else if (video.currentTime >= end || video.ended) resolve();
        else raf = requestAnimationFrame(loop);
      };
      raf = requestAnimationFrame(loop);
    });
  } finally {
    cancelAnimationFrame(raf);
    if (recorder.state !== 'inactive') recorder.stop();
    await stopped;
    for (const track of stream.getTracks()) track.stop();
    closeVideo(video);
  }
  return new Blob(chunks, { type: 'video/webm' });
}

export function downloadBlob(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

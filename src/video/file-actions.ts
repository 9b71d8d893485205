/**
 * Video file actions: open (pick or drop), analyse with progress and cancel, keyframe thumbnails,
 * seek, and the exports. The file stays on the device (an object URL); only low-res maps are kept.
 */
import { analyseFileInWorker } from './analyse-file';
import { analyseVideo } from './analyse-video';
import {
  contactSheetPng,
  downloadBlob,
  formatTime,
  recordOverlayWebm,
  type SheetTile,
  toHeatMap,
} from './exports';
import { videoHost } from './host';
import { setMode } from './mode';
import { sampleTimes } from './sampling';
import { selectKeyframes, selectSamples } from './selectors';
import { patchFile, thumbKey, useVideoStore } from './store';
import { keyframeRecords, timelineCsv } from './timeline';
import { closeVideo, grabFrame, openVideo, seekShown, VIDEO_DECODE_MESSAGE } from './video-element';
import { isVideoFile } from './video-files';

let playerEl: HTMLVideoElement | null = null;
/** The open file itself: the worker decodes it for the analysis. */
let openFile: File | null = null;
let analysis: AbortController | null = null;
let recording: AbortController | null = null;
/** An analysis asked for while the model loads (the engine restarting): a second click waits with it. */
let waiting = false;

export function attachPlayer(el: HTMLVideoElement | null): void {
  playerEl = el;
}

function clearThumbs(): void {
  for (const bitmap of Object.values(useVideoStore.getState().file.thumbs)) bitmap.close();
}

export async function openVideoFile(file: File): Promise<void> {
  cancelAnalysis();
  setMode('video');
  const old = useVideoStore.getState().file.url;
  if (old) URL.revokeObjectURL(old);
  clearThumbs();
  const base = {
    frames: [],
    thumbs: {},
    progress: { done: 0, total: 0 },
    analysisFps: 0,
    duration: 0,
    decodedIn: null,
  };
  if (!isVideoFile(file)) {
    patchFile({
      ...base,
      name: null,
      url: null,
      status: 'empty',
      error: `"${file.name}" is not a video file.`,
    });
    return;
  }
  const url = URL.createObjectURL(file);
  openFile = file;
  patchFile({ ...base, name: file.name, url, status: 'idle', error: null });
  try {
    const probe = await openVideo(url);
    const duration = probe.duration;
    closeVideo(probe);
    if (useVideoStore.getState().file.url === url) patchFile({ duration });
  } catch (error) {
    if (useVideoStore.getState().file.url !== url) return;
    URL.revokeObjectURL(url);
    const message = error instanceof Error ? error.message : VIDEO_DECODE_MESSAGE;
    patchFile({ url: null, status: 'empty', error: `"${file.name}": ${message}` });
  }
}

export function setSampling(patch: {
  maxPerSecond?: number;
  keyframeCount?: number;
  minSpacing?: number;
}): void {
  patchFile(patch);
  if (patch.keyframeCount !== undefined || patch.minSpacing !== undefined) void captureThumbs();
}

export async function analyse(): Promise<void> {
  const host = videoHost();
  const { file: asked } = useVideoStore.getState();
  if (!asked.url || asked.status === 'analysing' || waiting) return;
  cancelAnalysis();
  const controller = new AbortController();
  analysis = controller;
  // The engine may be restarting (the video modes' thread count): the analysis starts once it is in.
  waiting = true;
  const model = await host.modelReady(controller.signal).catch(() => null);
  waiting = false;
  const layer = host.layer();
  const { file, lockedClass } = useVideoStore.getState();
  if (!model || !layer || analysis !== controller || file.url !== asked.url) return;
  clearThumbs();
  const times = sampleTimes(file.duration, { maxPerSecond: file.maxPerSecond });
  patchFile({
    status: 'analysing',
    error: null,
    frames: [],
    thumbs: {},
    analysedClass: lockedClass,
    decodedIn: null,
    timingsMs: null,
    progress: { done: 0, total: times.length },
  });
  const method = host.method();
  let video: HTMLVideoElement | null = null;
  const started = performance.now();
  const frames: typeof file.frames = [];
  const request = { layer, method, classIndex: lockedClass ?? undefined };
  const onFrame = (frame: (typeof frames)[number], done: number, total: number) => {
    frames.push(frame);
    // Fresh arrays a few times a second: the timeline redraws as it fills.
    if (done === total || done % 5 === 0) {
      const seconds = (performance.now() - started) / 1000;
      patchFile({ frames: frames.slice(), progress: { done, total }, analysisFps: done / seconds });
    }
  };
  try {
    const call = host.analyseFile?.bind(host);
    const inWorker =
      call && openFile && useVideoStore.getState().file.url === file.url
        ? await analyseFileInWorker({
            file: openFile,
            times,
            request,
            call,
            onFrame,
            signal: controller.signal,
          })
            .then(({ timingsMs }) => {
              patchFile({ timingsMs });
              return true;
            })
            .catch((error: unknown) => {
              // Not read in the worker (container, codec, no WebCodecs): the element plays it.
              if (error instanceof Error && error.name === 'AbortError') throw error;
              if (frames.length > 0) throw error;
              return false;
            })
        : false;
    patchFile({ decodedIn: inWorker ? 'worker' : 'element' });
    if (!inWorker) {
      video = await openVideo(file.url);
      await analyseVideo({
        video,
        times,
        inputSize: model.inputSize,
        signal: controller.signal,
        explain: (bitmap, signal) => host.frame(bitmap, request, signal),
        onFrame,
      });
    }
    patchFile({ status: 'ready', frames: frames.slice() });
  } catch (error) {
    const aborted = error instanceof Error && error.name === 'AbortError';
    patchFile({
      status: frames.length > 0 ? 'ready' : 'idle',
      frames: frames.slice(),
      error: aborted
        ? `Analysis cancelled after ${frames.length} of ${times.length} frames.`
        : `The analysis stopped: ${error instanceof Error ? error.message : String(error)}`,
    });
  } finally {
    if (video) closeVideo(video);
    if (analysis === controller) analysis = null;
    await host.releaseFrames().catch(() => undefined);
  }
  await captureThumbs();
}

export function cancelAnalysis(): void {
  analysis?.abort();
  analysis = null;
  recording?.abort();
  recording = null;
}

/** Small pictures of the keyframes that have none yet (one seek each). */
async function captureThumbs(): Promise<void> {
  const state = useVideoStore.getState();
  const url = state.file.url;
  if (!url || state.file.status === 'analysing') return;
  const samples = selectSamples(state);
  const missing = selectKeyframes(state)
    .map((k) => samples[k.index].time)
    .filter((t) => !state.file.thumbs[thumbKey(t)]);
  if (missing.length === 0) return;
  let video: HTMLVideoElement | null = null;
  try {
    video = await openVideo(url);
    const w = 192;
    const h = Math.max(1, Math.round((w * video.videoHeight) / video.videoWidth));
    for (const time of missing) {
      await seekShown(video, time);
      const bitmap = await grabFrame(video, w, h);
      if (useVideoStore.getState().file.url !== url) {
        bitmap.close();
        return;
      }
      patchFile({ thumbs: { ...useVideoStore.getState().file.thumbs, [thumbKey(time)]: bitmap } });
    }
  } catch {
    // Thumbnails are a convenience: the keyframes still list their times.
  } finally {
    if (video) closeVideo(video);
  }
}

export function seekPlayer(time: number): void {
  if (!playerEl) return;
  playerEl.pause();
  playerEl.currentTime = time;
}

function labels(): readonly string[] {
  return videoHost().model()?.labels ?? [];
}

function baseName(): string {
  return (useVideoStore.getState().file.name ?? 'video').replace(/\.[^.]+$/, '');
}

export function keyframesJson(): string {
  const s = useVideoStore.getState();
  const samples = selectSamples(s);
  const records = keyframeRecords(
    samples,
    selectKeyframes(s).map((k) => k.index),
    labels(),
  );
  return `${JSON.stringify(records, null, 2)}\n`;
}

export function exportKeyframesJson(): void {
  downloadBlob(new Blob([keyframesJson()], { type: 'application/json' }), `${baseName()}-keyframes.json`);
}

export function exportTimelineCsv(): void {
  const csv = timelineCsv(selectSamples(useVideoStore.getState()), labels());
  downloadBlob(new Blob([csv], { type: 'text/csv' }), `${baseName()}-timeline.csv`);
}

export async function exportContactSheet(): Promise<void> {
  const s = useVideoStore.getState();
  const samples = selectSamples(s);
  const names = labels();
  const tiles: SheetTile[] = selectKeyframes(s).flatMap((k) => {
    const sample = samples[k.index];
    const image = s.file.thumbs[thumbKey(sample.time)];
    if (!image) return [];
    return [
      {
        image,
        map: toHeatMap(s.file.frames[k.index]),
        caption: `${formatTime(sample.time)}  ${names[sample.classIndex] ?? sample.classIndex}`,
        detail: `p ${(sample.probability * 100).toFixed(1)} %  ·  shift ${sample.shift.toFixed(3)}  ·  ${k.reasons.join(' + ')}`,
      },
    ];
  });
  const png = await contactSheetPng(tiles, videoHost().style());
  downloadBlob(png, `${baseName()}-keyframes.png`);
}

export async function exportOverlayWebm(onProgress: (fraction: number) => void): Promise<void> {
  const { file } = useVideoStore.getState();
  if (!file.url) return;
  recording?.abort();
  const controller = new AbortController();
  recording = controller;
  try {
    const blob = await recordOverlayWebm(
      file.url,
      file.frames,
      videoHost().style(),
      onProgress,
      controller.signal,
    );
    downloadBlob(blob, `${baseName()}-gradcam.webm`);
  } finally {
    if (recording === controller) recording = null;
  }
}

export function cancelRecording(): void {
  recording?.abort();
  recording = null;
}

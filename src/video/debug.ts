/** window.gradcamDebug.video(): the video feature's test contract (declared in src/app/debug-api.ts). */
import type { DebugVideo } from '../app/debug-api';
import { useVideoStore } from './store';

/** selectors.ts, loaded by the debug hook right after start-up (the timeline code is not in the entry). */
export type VideoSelectors = Pick<typeof import('./selectors'), 'selectKeyframes' | 'selectSamples'>;

const row = (s: { time: number; classIndex: number; probability: number; shift: number }) => ({
  time: s.time,
  classIndex: s.classIndex,
  probability: s.probability,
  shift: s.shift,
});

/**
 * While the camera is on: its live frames; otherwise the analysed video's samples and keyframes.
 * Without `selectors` (not loaded yet) the lists are empty: no video can have been analysed so soon.
 */
export function videoDebug(selectors: VideoSelectors | null): DebugVideo {
  const s = useVideoStore.getState();
  if (s.mode === 'camera' || s.camera.status !== 'off') {
    return {
      framesAnalysed: s.camera.framesAnalysed,
      fps: s.camera.fps,
      latencyMs: s.camera.latencyMs,
      state: s.camera.status,
      lockedClass: s.lockedClass,
      decodedIn: null,
      frames: s.camera.history.map(row),
      keyframes: [],
      framesReceived: s.camera.framesReceived,
      liveTimingsMs: s.camera.workerSums,
    };
  }
  const samples = selectors?.selectSamples(s) ?? [];
  return {
    framesAnalysed: s.file.frames.length,
    fps: s.file.analysisFps,
    latencyMs: 0,
    state: s.file.status,
    lockedClass: s.file.analysedClass,
    decodedIn: s.file.decodedIn,
    frames: samples.map(row),
    keyframes: (selectors?.selectKeyframes(s) ?? []).map((k) => row(samples[k.index])),
    framesReceived: 0,
    timingsMs: s.file.timingsMs,
  };
}

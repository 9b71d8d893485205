/** window.gradcamDebug.video(): the video feature's test contract (declared in src/app/debug-api.ts). */
import type { DebugVideo } from '../app/debug-api';
import { selectKeyframes, selectSamples, useVideoStore } from './store';

const row = (s: { time: number; classIndex: number; probability: number; shift: number }) => ({
  time: s.time,
  classIndex: s.classIndex,
  probability: s.probability,
  shift: s.shift,
});

/** While the camera is on: its live frames; otherwise the analysed video's samples and keyframes. */
export function videoDebug(): DebugVideo {
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
    };
  }
  const samples = selectSamples(s);
  return {
    framesAnalysed: s.file.frames.length,
    fps: s.file.analysisFps,
    latencyMs: 0,
    state: s.file.status,
    lockedClass: s.file.analysedClass,
    decodedIn: s.file.decodedIn,
    frames: samples.map(row),
    keyframes: selectKeyframes(s).map((k) => row(samples[k.index])),
  };
}

/**
 * The analysed video's derived data: its timeline rows and keyframes, memoised on the frames array
 * and the keyframe settings. Apart from store.ts: the timeline code is not part of the first view.
 */
import { detectKeyframes, type KeyframePick } from './keyframes';
import type { VideoState } from './store';
import { type AnalysedFrame, type TimelineSample, timelineSamples } from './timeline';

let samplesMemo: { frames: AnalysedFrame[]; samples: TimelineSample[] } | null = null;
export function selectSamples(s: VideoState): TimelineSample[] {
  if (samplesMemo?.frames !== s.file.frames)
    samplesMemo = { frames: s.file.frames, samples: timelineSamples(s.file.frames) };
  return samplesMemo.samples;
}

let keyMemo: { samples: TimelineSample[]; k: number; spacing: number; picks: KeyframePick[] } | null = null;
export function selectKeyframes(s: VideoState): KeyframePick[] {
  const samples = selectSamples(s);
  const { keyframeCount: k, minSpacing: spacing } = s.file;
  if (keyMemo?.samples !== samples || keyMemo.k !== k || keyMemo.spacing !== spacing) {
    keyMemo = { samples, k, spacing, picks: detectKeyframes(samples, { k, minSpacing: spacing }) };
  }
  return keyMemo.picks;
}

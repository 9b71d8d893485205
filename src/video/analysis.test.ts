/**
 * The video pipeline's logic on a real clip and a real model (Node, wasm): the clip with a known cut
 * (3 s of the cat photo, 3 s of the coffee photo, slow pan) decoded by ffmpeg, sampled at the default
 * rate, each sample explained with one forward pass + one map, then the timeline and keyframes.
 */
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { explainFrame } from '../gradcam/frame';
import { createSession, type LoadedModel } from '../gradcam/index';
import { setNodeBackend } from '../node/backend';
import { expectNoLeak, loadTestModel } from '../node/testing';
import { CUT_CLIP, decodeFrames, ensureVideoClips } from '../node/video-clips';
import { detectKeyframes } from './keyframes';
import { sampleTimes } from './sampling';
import { type AnalysedFrame, timelineSamples, topChanges } from './timeline';

describe('video analysis of the clip with a cut (mobilenet_v1_0.25_224, wasm)', () => {
  let model: LoadedModel;
  let frames: Uint8Array[];
  const [w, h] = [224, 168];
  beforeAll(async () => {
    await setNodeBackend('wasm');
    model = await loadTestModel('mobilenet_v1_0.25_224');
    frames = decodeFrames(ensureVideoClips().cut, w, h);
  }, 60_000);
  afterAll(() => model.dispose());

  async function analyse(times: number[], classIndex?: number): Promise<AnalysedFrame[]> {
    const session = createSession(model);
    const out: AnalysedFrame[] = [];
    try {
      for (const time of times) {
        const pixels = tf.tensor3d(frames[Math.floor(time * CUT_CLIP.frameRate)], [h, w, 3], 'int32');
        try {
          const r = await explainFrame(session, pixels, { classIndex });
          out.push({ time, ...r, top1: r.predictions[0].index });
        } finally {
          pixels.dispose();
        }
      }
    } finally {
      session.dispose();
    }
    return out;
  }

  it('finds a keyframe at the cut, where the top-1 changes, and leaks no tensors', async () => {
    expect(frames).toHaveLength(CUT_CLIP.duration * CUT_CLIP.frameRate);
    const times = sampleTimes(CUT_CLIP.duration, { frameRate: CUT_CLIP.frameRate });
    expect(times).toHaveLength(60);
    const analysed = await expectNoLeak(() => analyse(times));
    expect(analysed.every((f) => f.width === 7 && f.height === 7 && f.lowRes.length === 49)).toBe(true);
    const samples = timelineSamples(analysed);
    const before = samples.filter((s) => s.time < CUT_CLIP.cutAt);
    const after = samples.filter((s) => s.time > CUT_CLIP.cutAt);
    // The cat photo's classes before the cut, the coffee photo's after.
    const cats = new Set([281, 282, 285]); // tabby, tiger cat, Egyptian cat
    expect(before.filter((s) => cats.has(s.top1)).length).toBeGreaterThan(before.length * 0.8);
    expect(after.filter((s) => s.top1 === 967 || s.top1 === 968).length).toBeGreaterThan(after.length * 0.8);
    expect(topChanges(samples).some((t) => Math.abs(t - CUT_CLIP.cutAt) <= 0.25)).toBe(true);
    // The attention jumps at the cut: the biggest shift of the clip, and a shift keyframe.
    const biggest = samples.reduce((a, b) => (b.shift > a.shift ? b : a));
    expect(Math.abs(biggest.time - CUT_CLIP.cutAt)).toBeLessThanOrEqual(0.25);
    const keyframes = detectKeyframes(samples);
    const atCut = keyframes.filter((k) => Math.abs(samples[k.index].time - CUT_CLIP.cutAt) <= 0.25);
    expect(atCut.length).toBeGreaterThan(0);
    expect(atCut.some((k) => k.reasons.includes('shift'))).toBe(true);
    // Within a shot the pan moves the attention only a little.
    const inShot = samples.filter((s) => s.time > 0.5 && Math.abs(s.time - CUT_CLIP.cutAt) > 0.25);
    const medianShift = inShot.map((s) => s.shift).sort((a, b) => a - b)[Math.floor(inShot.length / 2)];
    expect(medianShift).toBeLessThan(biggest.shift / 4);
  }, 120_000);

  it('explains the locked class in every frame, with that class probability', async () => {
    const espresso = 967;
    const analysed = await expectNoLeak(() => analyse([0.5, 1.5, 4.5, 5.5], espresso));
    expect(analysed.map((f) => f.classIndex)).toEqual([espresso, espresso, espresso, espresso]);
    // Low on the cat, high on the coffee; the map follows the class, not the top-1.
    expect(analysed[0].top1).not.toBe(espresso);
    expect(analysed[0].probability).toBeLessThan(0.05);
    expect(analysed[3].probability).toBeGreaterThan(0.3);
    const unlocked = await analyse([0.5]);
    expect(unlocked[0].classIndex).toBe(unlocked[0].top1);
    expect(Array.from(unlocked[0].lowRes)).not.toEqual(Array.from(analysed[0].lowRes));
  }, 60_000);
});

import { describe, expect, it } from 'vitest';
import { restartForThreads } from '../app/engine';
import type { BackendInfo } from './protocol';
import { HEAVY_FRAME_MULTIPLY_ADDS, threadsFor } from './wasm-threads';

const backend = (name: BackendInfo['name']) => ({ name }) as BackendInfo;

describe('wasm thread counts', () => {
  it('the photo view: every core up to 8; video: a core left to the page; one without isolation', () => {
    const cases: [number, boolean, number | undefined, number, number][] = [
      // cores, isolated, cap, photo, video
      [2, true, undefined, 2, 1],
      [4, true, undefined, 4, 3],
      [8, true, undefined, 8, 7],
      [16, true, undefined, 8, 8],
      [1, true, undefined, 1, 1],
      [0, true, undefined, 1, 1],
      [8, false, undefined, 1, 1],
      [8, true, 1, 1, 1],
      [8, true, 4, 4, 4],
    ];
    for (const [cores, isolated, cap, photo, video] of cases) {
      expect([
        threadsFor('photo', { cores, isolated, cap }),
        threadsFor('camera', { cores, isolated, cap }),
        threadsFor('video', { cores, isolated, cap }),
      ]).toEqual([photo, video, video]);
    }
  });

  it('video leaves no core when the model is heavy (multiply-adds a frame), and one when unknown', () => {
    const env = { cores: 2, isolated: true };
    expect(threadsFor('video', env, 41e6)).toBe(1); // MobileNet v1 0.25
    expect(threadsFor('video', env, null)).toBe(1); // a GraphModel, or not loaded yet
    expect(threadsFor('video', env)).toBe(1);
    expect(threadsFor('video', env, HEAVY_FRAME_MULTIPLY_ADDS.video)).toBe(2);
    expect(threadsFor('video', env, 3.9e9)).toBe(2); // ResNet50
    expect(threadsFor('camera', env, 3.9e9)).toBe(2);
    expect(threadsFor('camera', env, HEAVY_FRAME_MULTIPLY_ADDS.camera)).toBe(2);
    expect(threadsFor('photo', env, 41e6)).toBe(2);
    expect(threadsFor('video', { cores: 8, isolated: true }, 3.9e9)).toBe(8);
    expect(threadsFor('video', { cores: 8, isolated: false }, 3.9e9)).toBe(1);
    expect(threadsFor('video', { cores: 8, isolated: true, cap: 1 }, 3.9e9)).toBe(1);
  });

  it('a mid-cost model keeps every core to analyse a video file, not while the camera plays', () => {
    const env = { cores: 2, isolated: true };
    expect(threadsFor('video', env, 492e6)).toBe(2); // Tiny Darknet
    expect(threadsFor('camera', env, 492e6)).toBe(1);
    expect(threadsFor('camera', { cores: 8, isolated: true }, 492e6)).toBe(7);
    expect(threadsFor('camera', env, null)).toBe(1);
  });

  it('a restart only for a wasm engine started with another count', () => {
    expect(restartForThreads(backend('wasm'), 2, 1)).toBe(true);
    expect(restartForThreads(backend('wasm'), 1, 1)).toBe(false);
    expect(restartForThreads(backend('webgl'), 2, 1)).toBe(false);
    expect(restartForThreads(null, 2, 1)).toBe(false);
    // A host without counts (Node) never restarts for them.
    expect(restartForThreads(backend('wasm'), undefined, undefined)).toBe(false);
  });
});

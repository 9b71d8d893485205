import { describe, expect, it } from 'vitest';
import { restartForThreads } from '../app/engine';
import type { BackendInfo } from './protocol';
import { threadsFor } from './wasm-threads';

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
        threadsFor('video', { cores, isolated, cap }),
      ]).toEqual([photo, video]);
    }
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

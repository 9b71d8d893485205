import { describe, expect, it } from 'vitest';
import { LatestWinsScheduler } from './latest-wins';

/** A process() whose calls the test finishes by hand. */
function manual() {
  const calls: { frame: number; resolve: (r: string) => void; reject: (e: Error) => void }[] = [];
  const process = (frame: number) =>
    new Promise<string>((resolve, reject) => calls.push({ frame, resolve, reject }));
  return { calls, process };
}
const tick = () => new Promise((r) => setTimeout(r, 0));

describe('LatestWinsScheduler', () => {
  it('runs one frame at a time and replaces the waiting frame with the newest', async () => {
    const { calls, process } = manual();
    const dropped: number[] = [];
    const results: string[] = [];
    let clock = 0;
    const s = new LatestWinsScheduler<number, string>({
      process,
      drop: (f) => dropped.push(f),
      onResult: (r) => results.push(r),
      now: () => clock,
    });
    s.submit(1);
    s.submit(2);
    s.submit(3);
    s.submit(4);
    expect(calls.map((c) => c.frame)).toEqual([1]);
    expect(dropped).toEqual([2, 3]);
    clock = 40;
    calls[0].resolve('r1');
    await tick();
    expect(results).toEqual(['r1']);
    expect(s.stats.latencyMs).toBe(40);
    expect(calls.map((c) => c.frame)).toEqual([1, 4]); // the newest, not the oldest waiting
    clock = 100;
    calls[1].resolve('r4');
    await tick();
    expect(results).toEqual(['r1', 'r4']);
    expect(s.stats.completed).toBe(2);
    expect(s.stats.dropped).toBe(2);
    expect(s.stats.received).toBe(4); // every frame submitted counts, dropped ones too
    expect(s.stats.fps).toBeCloseTo(1000 / 60, 6); // two results 60 ms apart
    expect(s.isBusy).toBe(false);
  });

  it('sends the waiting frame on before reporting the result (the page works while the worker computes)', async () => {
    const { calls, process } = manual();
    const seen: string[] = [];
    const s = new LatestWinsScheduler<number, string>({
      process: (frame) => {
        seen.push(`process ${frame}`);
        return process(frame);
      },
      onResult: (r) => seen.push(`result ${r}`),
      onError: (e) => seen.push(`error ${(e as Error).message}`),
    });
    s.submit(1);
    s.submit(2);
    calls[0].resolve('r1');
    await tick();
    s.submit(3);
    calls[1].reject(new Error('e2'));
    await tick();
    expect(seen).toEqual(['process 1', 'process 2', 'result r1', 'process 3', 'error e2']);
    calls[2].resolve('r3');
    await tick();
    expect(s.isBusy).toBe(false);
  });

  it('keeps going after an error, and stop() drops what waits and ignores the late result', async () => {
    const { calls, process } = manual();
    const dropped: number[] = [];
    const results: string[] = [];
    const errors: number[] = [];
    const s = new LatestWinsScheduler<number, string>({
      process,
      drop: (f) => dropped.push(f),
      onResult: (r) => results.push(r),
      onError: (_, f) => errors.push(f),
    });
    s.submit(1);
    s.submit(2);
    calls[0].reject(new Error('boom'));
    await tick();
    expect(errors).toEqual([1]);
    expect(calls.map((c) => c.frame)).toEqual([1, 2]);
    s.submit(3);
    const stopped = s.stop();
    expect(dropped).toEqual([3]);
    calls[1].resolve('late');
    await stopped;
    await tick();
    expect(results).toEqual([]);
    s.submit(4);
    expect(dropped).toEqual([3, 4]);
    expect(calls).toHaveLength(2);
    s.resume();
    s.submit(5);
    expect(calls.map((c) => c.frame)).toEqual([1, 2, 5]);
  });

  it('reports a slow rate (results further apart than the window) as slow, not zero', async () => {
    const { calls, process } = manual();
    let clock = 0;
    const s = new LatestWinsScheduler<number, string>({ process, now: () => clock, windowMs: 2000 });
    for (const [i, at] of [
      [1, 3000],
      [2, 6000],
      [3, 7000],
    ]) {
      s.submit(i);
      clock = at;
      calls[i - 1].resolve(`r${i}`);
      await tick();
    }
    expect(s.stats.completed).toBe(3);
    expect(s.stats.fps).toBeCloseTo(1, 6); // 6000 -> 7000: the window's two results
    clock = 10_000;
    s.submit(4);
    clock = 14_000;
    calls[3].resolve('r4');
    await tick();
    expect(s.stats.fps).toBeCloseTo(1000 / 7000, 6); // 7000 -> 14000, not 0
  });
});

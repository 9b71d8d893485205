import { describe, expect, it } from 'vitest';
import { sampleTimes, samplingRate } from './sampling';

describe('sampleTimes', () => {
  it('samples a 30 fps video at 10 per second by default, in the middle of frames', () => {
    const times = sampleTimes(6, { frameRate: 30 });
    expect(times).toHaveLength(60);
    expect(times[0]).toBeCloseTo(1 / 60, 6);
    expect(times[1] - times[0]).toBeCloseTo(0.1, 6);
    expect(times[59]).toBeLessThan(6);
    // Each sample sits half a frame into a frame: never on a frame boundary.
    for (const t of times) expect(Math.abs(((t * 30) % 1) - 0.5)).toBeLessThan(1e-3);
  });

  it('takes every frame when the video has fewer than the cap', () => {
    const times = sampleTimes(2, { frameRate: 5 });
    expect(times).toEqual([0.1, 0.3, 0.5, 0.7, 0.9, 1.1, 1.3, 1.5, 1.7, 1.9]);
    expect(samplingRate({ frameRate: 5, maxPerSecond: 10 })).toBe(5);
  });

  it('honours an adjusted cap and a range', () => {
    const times = sampleTimes(10, { frameRate: 25, maxPerSecond: 2, start: 4, end: 6 });
    expect(times).toHaveLength(4);
    expect(times[0]).toBeCloseTo(4.02, 6);
    expect(times.every((t) => t >= 4 && t < 6)).toBe(true);
  });

  it('uses the cap when the frame rate is unknown', () => {
    const times = sampleTimes(1, {});
    expect(times).toHaveLength(10);
    expect(times[0]).toBeGreaterThan(0);
    expect(times[0]).toBeLessThan(0.05);
  });

  it('gives nothing for an empty or broken duration and refuses a bad cap', () => {
    expect(sampleTimes(0)).toEqual([]);
    expect(sampleTimes(Number.NaN)).toEqual([]);
    expect(sampleTimes(Number.POSITIVE_INFINITY)).toEqual([]);
    expect(sampleTimes(5, { start: 3, end: 2 })).toEqual([]);
    expect(() => sampleTimes(5, { maxPerSecond: 0 })).toThrow(/positive/);
  });

  it('gives a very short clip its one sample', () => {
    expect(sampleTimes(0.01, { frameRate: 30 })).toEqual([0]);
  });
});

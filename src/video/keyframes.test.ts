import { describe, expect, it } from 'vitest';
import { detectKeyframes, localMaxima, pickPeaks } from './keyframes';

describe('keyframes', () => {
  it('finds local maxima, ends and plateaus included, none in a constant series', () => {
    expect(localMaxima([0, 2, 1, 3, 3, 1, 4])).toEqual([1, 3, 6]);
    expect(localMaxima([5, 1, 2])).toEqual([0, 2]);
    expect(localMaxima([1, 1, 1])).toEqual([]);
    expect(localMaxima([1, 2, 2, 3])).toEqual([3]); // a rising step is no peak
    expect(localMaxima([])).toEqual([]);
  });

  it('keeps the highest peaks, at least minSpacing apart, in time order', () => {
    const times = [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9];
    const values = [0, 0.9, 0, 0.8, 0, 0.1, 0, 0.95, 0, 0.2];
    expect(pickPeaks(times, values, { k: 2, minSpacing: 0 })).toEqual([1, 7]);
    // 0.95 at 0.7 first; 0.9 at 0.1 is 0.6 s away: kept; 0.8 at 0.3 is within 0.5 s of 0.1: dropped.
    expect(pickPeaks(times, values, { k: 5, minSpacing: 0.5 })).toEqual([1, 7]);
    expect(pickPeaks(times, values, { k: 5, minSpacing: 0.15 })).toEqual([1, 3, 5, 7, 9]);
    expect(pickPeaks(times, values, { k: 0 })).toEqual([]);
    expect(() => pickPeaks([0], [1, 2])).toThrow();
  });

  it('merges probability and shift peaks, one entry per sample with its reasons', () => {
    const samples = [
      { time: 0, probability: 0.5, shift: 0 },
      { time: 1, probability: 0.9, shift: 0.1 },
      { time: 2, probability: 0.4, shift: 0.05 },
      { time: 3, probability: 0.3, shift: 1.2 },
      { time: 4, probability: 0.8, shift: 0.1 },
    ];
    expect(detectKeyframes(samples, { k: 1, minSpacing: 0 })).toEqual([
      { index: 1, reasons: ['probability'] },
      { index: 3, reasons: ['shift'] },
    ]);
    expect(detectKeyframes(samples, { k: 3, minSpacing: 0 })).toEqual([
      { index: 1, reasons: ['probability', 'shift'] },
      { index: 3, reasons: ['shift'] },
      { index: 4, reasons: ['probability'] },
    ]);
  });
});

import { describe, expect, it } from 'vitest';
import { cameraErrorMessage } from './camera-errors';
import { formatTime, nearestFrame } from './exports';

describe('video helpers', () => {
  it('finds the sample nearest a playback time (ties to the earlier one)', () => {
    const frames = [0.5, 1.5, 2.5, 3.5].map((time) => ({ time }));
    expect(nearestFrame(frames, 0)?.time).toBe(0.5);
    expect(nearestFrame(frames, 2.1)?.time).toBe(2.5);
    expect(nearestFrame(frames, 2)?.time).toBe(1.5);
    expect(nearestFrame(frames, 9)?.time).toBe(3.5);
    expect(nearestFrame([], 1)).toBeNull();
  });

  it('formats times as m:ss.cc', () => {
    expect(formatTime(3.021)).toBe('0:03.02');
    expect(formatTime(75.5)).toBe('1:15.50');
  });

  it('explains each getUserMedia failure in words', () => {
    const named = (name: string) => Object.assign(new Error('x'), { name });
    expect(cameraErrorMessage(named('NotAllowedError'))).toMatch(/permission was denied/);
    expect(cameraErrorMessage(named('NotFoundError'))).toMatch(/No camera was found/);
    expect(cameraErrorMessage(named('OverconstrainedError'))).toMatch(/No camera was found/);
    expect(cameraErrorMessage(named('NotReadableError'))).toMatch(/another application/);
    expect(cameraErrorMessage(new Error('odd'))).toMatch(/could not be started: odd/);
  });
});

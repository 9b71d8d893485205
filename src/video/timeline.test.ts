import { describe, expect, it } from 'vitest';
import {
  type AnalysedFrame,
  CSV_HEADER,
  keyframeRecords,
  timelineCsv,
  timelineSamples,
  topBands,
  topChanges,
} from './timeline';

const map = (hot: number) => Float32Array.from({ length: 9 }, (_, i) => (i === hot ? 1 : 0.1 * (i % 3)));
const frame = (time: number, top1: number, hot: number, probability = 0.5): AnalysedFrame => ({
  time,
  classIndex: top1,
  probability,
  top1,
  lowRes: map(hot),
  width: 3,
  height: 3,
});

describe('timeline', () => {
  const frames = [
    frame(0, 7, 4),
    frame(0.1, 7, 4),
    frame(0.2, 9, 0, 0.75),
    frame(0.3, 9, 0),
    frame(0.4, 7, 0),
  ];
  const samples = timelineSamples(frames);

  it('computes each sample shift from its predecessor', () => {
    expect(samples.map((s) => s.shift)[0]).toBe(0);
    expect(samples[1].shift).toBeCloseTo(0, 6);
    expect(samples[2].shift).toBeGreaterThan(1);
    expect(samples[3].shift).toBeCloseTo(0, 6);
  });

  it('makes top-1 bands that tile the timeline', () => {
    expect(topBands(samples)).toEqual([
      { classIndex: 7, start: 0, end: 0.2 },
      { classIndex: 9, start: 0.2, end: 0.4 },
      { classIndex: 7, start: 0.4, end: expect.closeTo(0.5, 6) },
    ]);
    expect(topBands(samples, 0.45).at(-1)?.end).toBe(0.45);
    expect(topChanges(samples)).toEqual([0.2, 0.4]);
    expect(topBands([])).toEqual([]);
  });

  it('exports keyframes as JSON records and the timeline as CSV with quoted labels', () => {
    const labels = Array.from({ length: 10 }, (_, i) => (i === 9 ? 'tabby, "tabby cat"' : `class ${i}`));
    const records = keyframeRecords(samples, [2], labels);
    expect(records).toEqual([
      { time: 0.2, classIndex: 9, label: 'tabby, "tabby cat"', probability: 0.75, shift: expect.any(Number) },
    ]);
    expect(records[0].shift).toBeCloseTo(samples[2].shift, 5);
    const csv = timelineCsv(samples, labels);
    const lines = csv.trimEnd().split('\n');
    expect(lines[0]).toBe(CSV_HEADER.join(','));
    expect(lines).toHaveLength(6);
    expect(lines[3]).toMatch(/^0\.2,9,"tabby, ""tabby cat""",0\.75,[\d.]+,9,"tabby, ""tabby cat"""$/);
    expect(csv.endsWith('\n')).toBe(true);
  });
});

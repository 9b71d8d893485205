import { describe, expect, it } from 'vitest';
import { pearsonCorrelation as pearson } from '../gradcam/metrics/rank-correlation';
import { attentionShift, attentionShifts } from './shift';

describe('attention shift', () => {
  const blob = (cx: number, cy: number, n = 7) =>
    Float32Array.from({ length: n * n }, (_, i) =>
      Math.exp(-(((i % n) - cx) ** 2) - (Math.floor(i / n) - cy) ** 2),
    );

  it('is 0 for the same map, 0 for a rescaled map, 2 for the inverted map', () => {
    const a = blob(2, 3);
    expect(attentionShift(a, a)).toBeCloseTo(0, 6);
    expect(
      attentionShift(
        a,
        a.map((v) => 3 * v + 1),
      ),
    ).toBeCloseTo(0, 6);
    expect(
      attentionShift(
        a,
        a.map((v) => 1 - v),
      ),
    ).toBeCloseTo(2, 6);
  });

  it('grows as the attention moves away', () => {
    const a = blob(1, 1);
    const near = attentionShift(a, blob(2, 1));
    const far = attentionShift(a, blob(5, 5));
    expect(near).toBeGreaterThan(0.05);
    expect(far).toBeGreaterThan(near);
    expect(far).toBeLessThanOrEqual(2);
  });

  it('matches the textbook Pearson on a small example', () => {
    // x = 1..5, y = 2, 4, 5, 4, 5: r = 0.774596...
    expect(pearson([1, 2, 3, 4, 5], [2, 4, 5, 4, 5])).toBeCloseTo(0.7745967, 6);
  });

  it('treats constant maps without dividing by zero', () => {
    const zero = new Float32Array(49);
    expect(attentionShift(zero, zero)).toBe(0);
    expect(attentionShift(zero, blob(3, 3))).toBe(1);
    expect(() => pearson([1, 2], [1, 2, 3])).toThrow(/different sizes/);
  });

  it('gives the first map, and a map of another size, a shift of 0', () => {
    const shifts = attentionShifts([blob(1, 1), blob(1, 1), blob(5, 5), blob(2, 2, 14)]);
    expect(shifts[0]).toBe(0);
    expect(shifts[1]).toBeCloseTo(0, 6);
    expect(shifts[2]).toBeGreaterThan(0.5);
    expect(shifts[3]).toBe(0);
  });
});

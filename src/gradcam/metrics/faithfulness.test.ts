/** Faithfulness metrics on the real MobileNet (wasm): step counts, progress, cancel, bad inputs, no leaks. */
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setNodeBackend } from '../../node/backend';
import { expectNoLeak, goldenInput, loadTestModel } from '../../node/testing';
import type { LoadedModel } from '../model';
import { createSession } from '../session';
import { compareMethods, fastMethods, sortRows } from './compare';
import { deletionInsertion, pixelOrder, removalSchedule, trapezoidAuc } from './deletion-insertion';
import { faithfulnessMetrics } from './faithfulness';
import { finalMapFromLowRes } from './final-map';

describe('faithfulness metrics', () => {
  let model: LoadedModel;
  let x: tf.Tensor4D;
  let map: Float32Array;
  let lowRes: Float32Array;
  beforeAll(async () => {
    await setNodeBackend('wasm');
    model = await loadTestModel('mobilenet_v1_0.25_224');
    x = await goldenInput('mobilenet-chelsea-285-gradcam');
    const session = createSession(model);
    await session.analyze({ preprocessed: x });
    ({ heatmap: map, lowRes } = await session.heatmap(285, 'gradcam'));
    session.dispose();
  });
  afterAll(() => {
    x.dispose();
    model.dispose();
  });

  it('orders pixels (ties by index), schedules steps and integrates', () => {
    expect(Array.from(pixelOrder([0.5, 1, 0.5, 0, 1]))).toEqual([1, 4, 0, 2, 3]);
    expect(removalSchedule(50176, 50)).toEqual({
      perStep: 1004,
      removed: Array.from({ length: 51 }, (_, i) => Math.min(i * 1004, 50176)),
    });
    expect(trapezoidAuc([1, 1, 1])).toBe(1);
    expect(trapezoidAuc([0, 1])).toBe(0.5);
    expect(() => removalSchedule(100, 0)).toThrow(/steps/);
  });

  it('rebuilds the final map from the layer-resolution one (for the page)', () => {
    const rebuilt = finalMapFromLowRes(lowRes, 7, 7, [224, 224]);
    let worst = 0;
    for (let i = 0; i < map.length; i++) worst = Math.max(worst, Math.abs(rebuilt[i] - map[i]));
    expect(worst).toBeLessThan(1e-5);
  });

  it('gives steps + 1 points, progress to 1, and leaves no tensor behind', async () => {
    const progress: number[] = [];
    const r = await expectNoLeak(() =>
      deletionInsertion(model, x, map, 285, { steps: 10, batchSize: 4, onProgress: (f) => progress.push(f) }),
    );
    expect(r.deletion.probabilities).toHaveLength(11);
    expect(r.insertion.pixelsRemoved.at(-1)).toBe(224 * 224);
    expect(r.pixelsPerStep).toBe(5018);
    // Everything deleted is an all-zero image; everything inserted is the input itself.
    const [p0] = r.deletion.probabilities;
    expect(r.insertion.probabilities.at(-1)).toBeCloseTo(p0, 5);
    expect(progress.at(-1)).toBe(1);
    expect(progress.every((f, i) => i === 0 || f >= progress[i - 1])).toBe(true);
  }, 120_000);

  it('compares every fast method, sorted by the chosen metric', async () => {
    const session = createSession(model);
    await session.analyze({ preprocessed: x });
    const rows = await expectNoLeak(() =>
      compareMethods(session, x, 285, { steps: 10, road: false, sortBy: 'insertionAuc' }),
    );
    session.dispose();
    expect(rows.map((r) => r.method).sort()).toEqual([...fastMethods()].sort());
    expect(rows.every((r) => r.metrics.deletionCurve.length === 11 && r.metrics.road === null)).toBe(true);
    const ins = rows.map((r) => r.metrics.insertionAuc);
    expect(ins).toEqual([...ins].sort((a, b) => b - a));
    expect(rows[0].lowRes).toHaveLength(49);
    // The methods really differ (Eigen-CAM ignores the class).
    expect(new Set(ins).size).toBeGreaterThan(1);
    const byDrop = sortRows(rows, 'averageDrop').map((r) => r.metrics.averageDrop);
    expect(byDrop).toEqual([...byDrop].sort((a, b) => a - b));
  }, 300_000);

  it('can be cancelled and refuses bad input', async () => {
    const before = tf.memory().numTensors;
    const controller = new AbortController();
    const run = faithfulnessMetrics(model, x, map, 285, {
      signal: controller.signal,
      onProgress: (f) => {
        if (f > 0.1) controller.abort();
      },
    });
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
    expect(tf.memory().numTensors).toBe(before);
    await expect(faithfulnessMetrics(model, x, map.subarray(0, 100), 285)).rejects.toThrow(/224x224/);
    const small = tf.zeros([1, 100, 100, 3]) as tf.Tensor4D;
    await expect(faithfulnessMetrics(model, small, map, 285)).rejects.toThrow(/\[1, 224, 224, channels\]/);
    small.dispose();
    expect(tf.memory().numTensors).toBe(before);
  }, 120_000);
});

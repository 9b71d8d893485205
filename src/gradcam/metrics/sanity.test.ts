/** The cascading-randomisation sanity check on the real MobileNet (wasm): the loaded model is never changed. */
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setNodeBackend } from '../../node/backend';
import { expectNoLeak, goldenInput, loadTestModel } from '../../node/testing';
import type { LoadedModel } from '../model';
import { seededRandom, weightsChecksum } from './randomize';
import { averageRanks, spearman } from './rank-correlation';
import { cascadingRandomization } from './sanity';

describe('sanity check (cascading randomisation)', () => {
  let model: LoadedModel;
  beforeAll(async () => {
    await setNodeBackend('wasm');
    model = await loadTestModel('mobilenet_v1_0.25_224');
    model.split(model.defaultLayer);
  });
  afterAll(() => model.dispose());

  it('ranks with ties and correlates', () => {
    expect(Array.from(averageRanks([3, 1, 3, 2]))).toEqual([3.5, 1, 3.5, 2]);
    expect(spearman([1, 2, 3, 4], [10, 20, 30, 45])).toBeCloseTo(1, 12);
    expect(spearman([1, 2, 3, 4], [4, 3, 2, 1])).toBeCloseTo(-1, 12);
    expect(spearman([1, 2, 3], [5, 5, 5])).toBe(0);
  });

  it('Grad-CAM on MobileNet falls below 0.5 by the time the top half is random; weights untouched', async () => {
    const x = await goldenInput('mobilenet-chelsea-285-gradcam');
    const tfModel = model.tfModel as tf.LayersModel;
    const before = await weightsChecksum(tfModel);
    const progress: number[] = [];
    const result = await expectNoLeak(() =>
      cascadingRandomization(model, x, 285, { seed: 1, onProgress: (f) => progress.push(f) }),
    );
    expect(await weightsChecksum(tfModel)).toBe(before);
    x.dispose();

    // 28 blocks: conv1, 13 depthwise + 13 pointwise convs (each with its batch norm), conv_preds.
    expect(result.blocks).toBe(28);
    expect(result.steps).toHaveLength(29);
    expect(result.steps[0].correlation).toBe(1);
    expect(result.steps[1].layers).toEqual(['conv_preds']);
    expect(result.steps[2].layers).toEqual(['conv_pw_13', 'conv_pw_13_bn']);
    const half = result.steps[14];
    expect(half.correlation).toBeLessThan(0.5);
    expect(result.halfwayCorrelation).toBe(half.correlation);
    expect(result.passed).toBe(true);
    expect(result.verdict).toMatch(/^Passed/);
    expect(progress.at(-1)).toBe(1);
    // The original model still gives the original prediction.
    const probs = tf.tidy(() => tfModel.predict(tf.zeros([1, 224, 224, 3])) as tf.Tensor);
    expect(probs.shape).toEqual([1, 1000]);
    probs.dispose();
  }, 300_000);

  it('draws seeded weights', () => {
    const a = seededRandom(3);
    const b = seededRandom(3);
    const c = seededRandom(4);
    const draws = [a(), a(), a()];
    expect([b(), b(), b()]).toEqual(draws);
    expect(c()).not.toBe(draws[0]);
    expect(draws.every((v) => v >= 0 && v < 1)).toBe(true);
  });

  it('can be cancelled, leaving no tensor behind', async () => {
    const x = await goldenInput('mobilenet-chelsea-285-gradcam');
    const before = tf.memory().numTensors;
    const controller = new AbortController();
    const run = cascadingRandomization(model, x, 285, {
      signal: controller.signal,
      onProgress: (f) => {
        if (f > 0.2) controller.abort();
      },
    });
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
  }, 300_000);
});

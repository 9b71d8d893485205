/** Every golden case of ../shared/golden (pytorch-grad-cam) on cpu and wasm. */
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type NodeBackend, setNodeBackend } from '../node/backend';
import { isExtendedCase } from '../node/golden-split';
import { goldenCases, goldenInput, loadTestModel, maxAbsDiff, pearson } from '../node/testing';
import { createSession, findCatalogueEntry, isMethodName, type LoadedModel, type MethodName } from './index';

/**
 * The plain cases: one layer, the logit target, no smoothing, one of the first nine methods, a
 * catalogue model. The added methods and the options are golden-methods.test.ts's.
 */
const cases = goldenCases().filter(
  (g) =>
    isMethodName(g.method) &&
    findCatalogueEntry(g.model.split('/').pop()!) !== undefined &&
    !isExtendedCase(g),
);

describe.each<NodeBackend>(['cpu', 'wasm'])('golden cases on %s', (backend) => {
  const models = new Map<string, LoadedModel>();
  beforeAll(async () => {
    await setNodeBackend(backend);
  });
  afterAll(() => {
    for (const m of models.values()) m.dispose();
  });
  const model = async (id: string) => {
    let m = models.get(id);
    if (!m) {
      m = await loadTestModel(id);
      models.set(id, m);
    }
    return m;
  };

  it('has golden cases to check', () => {
    expect(cases.length).toBeGreaterThanOrEqual(7);
  });

  // Score-CAM on all 256 channels takes about a minute on cpu here, and ResNet50 (25 M parameters)
  // about half a minute per forward pass on the pure-JS cpu backend: those cases run on wasm only.
  const slowOnCpu = (g: (typeof cases)[number]) =>
    g.method === 'scorecam' || g.model.endsWith('resnet50_imagenet');
  const here = cases.filter((g) => backend === 'wasm' || !slowOnCpu(g));
  it.each(here.map((g) => [g.name, g] as const))('%s', async (_name, g) => {
    const m = await model(g.model.split('/').pop()!);
    m.split(g.target_layer); // build the split outside the leak check (it is cached on the model)
    const before = tf.memory().numTensors;
    const x = await goldenInput(g.name);
    const session = createSession(m);
    session.setLayer(g.target_layer);
    const analysis = await session.analyze({ preprocessed: x });
    const result = await session.heatmap(g.class_index, g.method as MethodName);
    session.dispose();
    x.dispose();
    expect(tf.memory().numTensors).toBe(before);

    expect(analysis.predictions.map((p) => p.index)).toEqual(g.top5.map((p) => p.index));
    analysis.predictions.forEach((p, i) => {
      expect(p.score).toBeCloseTo(g.top5[i].score, 3);
    });
    expect(result.layerShape).toEqual(g.layer_shape);
    expect(result.score).toBeCloseTo(g.target_score, 3);
    expect(pearson(result.raw, g.raw_cam.flat())).toBeGreaterThanOrEqual(0.999);
    expect(maxAbsDiff(result.heatmap, g.cam_224.flat())).toBeLessThanOrEqual(0.01);
    if (g.channel_weights && result.channelWeights) {
      expect(pearson(result.channelWeights, g.channel_weights)).toBeGreaterThanOrEqual(0.999);
    }
    expect(['cpu', backend]).toContain(result.backend);
  });
});

/**
 * The score targets and Guided Backpropagation on the heads users bring (heads.ts): the probability
 * target and FinerCAM follow the head (sigmoid for binary and multilabel heads, softmax otherwise),
 * and Guided Backprop works on a binary head and on a 1-channel model (its gradient is H x W x 1).
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { type NodeBackend, setNodeBackend } from '../node/backend';
import { modelArtifacts } from '../node/save-model';
import { expectNoLeak } from '../node/testing';
import { createSession, finerComparisons, type LoadedModel, loadModel, type ModelMeta } from './index';
import { presetValue } from './preprocessing/presets';
import { smallCnn } from './testing/own-models';

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

async function load(net: tf.LayersModel, meta: Partial<ModelMeta> = {}): Promise<LoadedModel> {
  const artifacts = await modelArtifacts(net);
  net.dispose();
  return loadModel(tf.io.fromMemory(artifacts), {
    id: 'heads',
    format: 'layers',
    inputSize: [16, 16],
    preprocess: presetValue('zero-one'),
    labels: [],
    ...meta,
  });
}

function photo(): tf.Tensor3D {
  return tf.tidy(() => tf.randomUniform([16, 16, 3], 0, 255, 'float32', 5).round() as tf.Tensor3D);
}

describe.each<NodeBackend>(['cpu', 'wasm'])('score targets by head on %s', (backend) => {
  beforeAll(async () => {
    await setNodeBackend(backend);
  });

  it('binary head: the probability target is sigmoid(score) (p1 = sigmoid(z), p0 = 1 - p1)', async () => {
    const model = await load(smallCnn({ shape: [16, 16, 3], units: 1, activation: 'sigmoid' }));
    expect(model.task).toBe('binary');
    const image = photo();
    model.prepareInputLogits(); // Guided's input model: the model's own tensors, until it is disposed
    await expectNoLeak(async () => {
      const session = createSession(model);
      const analysis = await session.analyze(image);
      const logit = await session.heatmaps([0, 1], 'gradcam');
      const prob = await session.heatmaps([0, 1], 'gradcam', { target: 'probability' });
      for (const c of [0, 1]) {
        const p = analysis.probabilities[c];
        expect(prob[c].targetValue).toBeCloseTo(sigmoid(analysis.logits[c]), 6);
        expect(prob[c].targetValue).toBeCloseTo(p, 6);
        // d sigmoid(s) / dA = p (1 - p) ds/dA: Grad-CAM's weights scale by p (1 - p).
        const w = logit[c].channelWeights!;
        const wp = prob[c].channelWeights!;
        for (let k = 0; k < w.length; k++) expect(wp[k]).toBeCloseTo(p * (1 - p) * w[k], 6);
      }
      const g = await session.guided(0);
      expect(g.channels).toBe(3);
      expect(g.gradient).toHaveLength(16 * 16 * 3);
      expect(g.gradient.some((v) => v !== 0)).toBe(true);
      session.dispose();
    });
    image.dispose();
    model.dispose();
  });

  it('multilabel head: probability = sigmoid per label; FinerCAM weighs comparisons by sigmoid', async () => {
    const model = await load(smallCnn({ shape: [16, 16, 3], units: 5, activation: 'sigmoid' }));
    expect(model.task).toBe('multilabel');
    const image = photo();
    await expectNoLeak(async () => {
      const session = createSession(model);
      const analysis = await session.analyze(image);
      const s = analysis.logits;
      const c = analysis.predictions[0].index;
      const logit = await session.heatmap(c, 'gradcam');
      const prob = await session.heatmap(c, 'gradcam', { target: 'probability' });
      const p = sigmoid(s[c]);
      expect(prob.targetValue).toBeCloseTo(p, 6);
      const w = logit.channelWeights!;
      for (let k = 0; k < w.length; k++) expect(prob.channelWeights![k]).toBeCloseTo(p * (1 - p) * w[k], 6);
      const finer = await session.heatmap(c, 'finercam');
      let num = 0;
      let den = 0;
      for (const i of finerComparisons(s, c)) {
        num += sigmoid(s[i]) * (s[c] - s[i]);
        den += sigmoid(s[i]);
      }
      expect(finer.targetValue).toBeCloseTo(num / (den + 1e-9), 5);
      session.dispose();
    });
    image.dispose();
    model.dispose();
  });

  it('1-channel model: the Guided Backprop gradient is H x W x 1', async () => {
    const model = await load(smallCnn({ shape: [16, 16, 1], units: 3, activation: 'softmax' }), {
      preprocess: presetValue('gray-zero-one'),
    });
    expect(model.channels).toBe(1);
    const image = photo();
    model.prepareInputLogits();
    await expectNoLeak(async () => {
      const session = createSession(model);
      await session.analyze(image);
      const g = await session.guided(1);
      expect(g.size).toEqual([16, 16]);
      expect(g.channels).toBe(1);
      expect(g.gradient).toHaveLength(16 * 16);
      session.dispose();
    });
    image.dispose();
    model.dispose();
  });
});

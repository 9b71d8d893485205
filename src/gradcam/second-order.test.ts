/**
 * ShapleyCAM's Hessian-vector product H.A (a double backward through the head) against central
 * finite differences of the engine's own gradient, (g(A + eps A) - g(A - eps A)) / (2 eps), on a
 * small smooth model built here (depthwise conv, tanh, a residual bypass, Dense softmax), for the
 * logit and the probability targets; and the methods that need no gradient or a seeded one.
 */
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setNodeBackend } from '../node/backend';
import { expectNoLeak, pearson } from '../node/testing';
import { type LoadedModel, loadModel, type ModelMeta } from './index';
import { femWeights } from './methods/fem';
import { randomWeights } from './methods/random';
import { hessianVectorProduct } from './methods/shapley';
import { type Target, targetGradients } from './targets';

const META: ModelMeta = {
  id: 'smooth-tiny',
  format: 'layers',
  inputSize: [6, 6],
  preprocess: { scale: 1, offset: 0 },
  labels: ['a', 'b', 'c', 'd'],
};

async function smoothModel(): Promise<LoadedModel> {
  const init = (seed: number) => tf.initializers.randomNormal({ mean: 0, stddev: 0.6, seed });
  const input = tf.input({ shape: [6, 6, 3] });
  const c1 = tf.layers
    .conv2d({
      filters: 4,
      kernelSize: 3,
      padding: 'same',
      activation: 'tanh',
      name: 'c1',
      kernelInitializer: init(1),
    })
    .apply(input) as tf.SymbolicTensor;
  const dw = tf.layers
    .depthwiseConv2d({ kernelSize: 3, padding: 'same', name: 'dw', depthwiseInitializer: init(2) })
    .apply(c1) as tf.SymbolicTensor;
  const c2 = tf.layers
    .conv2d({ filters: 5, kernelSize: 1, activation: 'tanh', name: 'c2', kernelInitializer: init(3) })
    .apply(dw) as tf.SymbolicTensor;
  const skip = tf.layers
    .conv2d({ filters: 5, kernelSize: 1, name: 'skip', kernelInitializer: init(4) })
    .apply(c1) as tf.SymbolicTensor;
  const sum = tf.layers.add({ name: 'sum' }).apply([c2, skip]) as tf.SymbolicTensor;
  const pooled = tf.layers.globalAveragePooling2d({ name: 'gap' }).apply(sum) as tf.SymbolicTensor;
  const out = tf.layers
    .dense({ units: 4, activation: 'softmax', name: 'probs', kernelInitializer: init(5) })
    .apply(pooled) as tf.SymbolicTensor;
  const model = tf.model({ inputs: input, outputs: out });
  let saved: tf.io.ModelArtifacts | undefined;
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      saved = artifacts;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  model.dispose();
  return loadModel(tf.io.fromMemory(saved!), META);
}

describe('ShapleyCAM Hessian-vector product (cpu)', () => {
  let model: LoadedModel;
  beforeAll(async () => {
    await setNodeBackend('cpu');
    model = await smoothModel();
  });
  afterAll(() => model.dispose());

  const cases: [string, Target][] = [
    ['c1', { kind: 'logit' }],
    ['c1', { kind: 'probability' }],
    ['sum', { kind: 'probability' }],
  ];
  it.each(cases)(
    'at %s with the %o target matches finite differences of the gradient',
    async (layer, target) => {
      const split = model.split(layer);
      await expectNoLeak(async () => {
        const x = tf.randomUniform([1, 6, 6, 3], -1, 1, 'float32', 7) as tf.Tensor4D;
        const out = split.forward(x);
        const logits = await out.logits.data();
        const classes = [2, 0];
        const hvp = hessianVectorProduct(split, out.activation, out.extras, classes, target, logits);
        const eps = 1e-2;
        const shifted = (s: number) =>
          tf.tidy(() => {
            const a = tf.mul(out.activation, 1 + s * eps) as tf.Tensor4D;
            return targetGradients(split, a, out.extras, classes, 4, target, logits);
          });
        const [gp, gm] = [shifted(1), shifted(-1)];
        const fd = tf.tidy(() => tf.div(tf.sub(gp, gm), 2 * eps));
        const [h, f] = [await hvp.data(), await fd.data()];
        expect(hvp.shape).toEqual([2, ...out.activation.shape.slice(1)]);
        let scale = 0;
        let worst = 0;
        for (let i = 0; i < f.length; i++) {
          scale = Math.max(scale, Math.abs(f[i]));
          worst = Math.max(worst, Math.abs(h[i] - f[i]));
        }
        expect(scale).toBeGreaterThan(1e-4); // a real second-order term, not a zero that trivially agrees
        expect(pearson(h, f)).toBeGreaterThan(0.9999);
        expect(worst).toBeLessThan(1e-3 * scale + 1e-6);
        tf.dispose([x, out.activation, out.logits, ...out.extras, hvp, gp, gm, fd]);
      });
    },
  );

  it('is zero through a piecewise-linear head with the logit target (ShapleyCAM = Grad-CAM there)', async () => {
    const split = model.split('sum'); // head: GAP + linear logits
    await expectNoLeak(async () => {
      const x = tf.randomUniform([1, 6, 6, 3], -1, 1, 'float32', 8) as tf.Tensor4D;
      const out = split.forward(x);
      const logits = await out.logits.data();
      const hvp = hessianVectorProduct(split, out.activation, out.extras, [1], { kind: 'logit' }, logits);
      const values = await hvp.data();
      expect(values.every((v) => Math.abs(v) < 1e-6)).toBe(true);
      tf.dispose([x, out.activation, out.logits, ...out.extras, hvp]);
    });
  });
});

describe('FEM and Random-CAM weights', () => {
  it('FEM: the fraction of positions strictly above mean + 2 std, per channel', () => {
    // 10 positions, 2 channels: channel 0 has one outlier; channel 1 is constant (nothing above).
    const z = 10;
    const a = new Float32Array(z * 2);
    for (let i = 0; i < z; i++) {
      a[i * 2] = i === 4 ? 10 : 1;
      a[i * 2 + 1] = 3;
    }
    const [w0, w1] = femWeights(a, z, 2);
    expect(w0).toBeCloseTo(0.1, 6);
    expect(w1).toBe(0);
  });

  it('Random-CAM: the same weights in [-1, 1] every time, not all of one sign', () => {
    const w = randomWeights(256);
    expect(Array.from(randomWeights(256))).toEqual(Array.from(w));
    expect(w.every((v) => v >= -1 && v <= 1)).toBe(true);
    expect(w.some((v) => v < -0.5) && w.some((v) => v > 0.5)).toBe(true);
  });
});

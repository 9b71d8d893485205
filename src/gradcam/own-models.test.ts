/**
 * Models users bring, saved to files and loaded as a user would: Sequential, Teachable Machine
 * export, binary sigmoid, multi-label, grayscale, non-square, dynamic size, userDefinedMetadata;
 * an Inception-style block (BatchNormalization(scale=false), AveragePooling2D('same')) against
 * finite differences; ResNet50 with its Caffe preprocessing on a real photo.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type NodeBackend, setNodeBackend } from '../node/backend';
import { fileHandler } from '../node/file-handler';
import { sidecarMetadata } from '../node/model-metadata';
import { saveModelToDir } from '../node/save-model';
import { expectNoLeak, loadImageTensor, loadTestModel, maxAbsDiff, pearson } from '../node/testing';
import {
  classGradients,
  createSession,
  type LoadedModel,
  loadModel,
  METHODS,
  type ModelMeta,
  modelDetails,
} from './index';
import { presetValue } from './preprocessing/presets';
import {
  inceptionBlock,
  sequentialCnn,
  smallCnn,
  teachableMachineLike,
  teachableMachineMetadata,
} from './testing/own-models';

const work = mkdtempSync(join(tmpdir(), 'gradcam-own-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const GENERIC: ModelMeta = {
  id: 'own',
  format: 'layers',
  inputSize: [224, 224],
  preprocess: presetValue('zero-one'),
  labels: [],
};

/** Saves `model` (then disposes it) and loads the files back through a file handler and the sidecars. */
async function saveAndLoad(
  name: string,
  model: tf.LayersModel,
  opts: Parameters<typeof saveModelToDir>[2] = {},
  meta: Partial<ModelMeta> = {},
): Promise<LoadedModel> {
  const path = await saveModelToDir(model, join(work, name), opts);
  model.dispose();
  return loadModel(
    fileHandler(path),
    { ...GENERIC, id: name, ...meta },
    { metadata: await sidecarMetadata(path) },
  );
}

/** A random photo (H x W x 3, 0..255). */
function photo(h: number, w: number, seed = 7): tf.Tensor3D {
  return tf.tidy(() => tf.randomUniform([h, w, 3], 0, 255, 'float32', seed).round() as tf.Tensor3D);
}

describe.each<NodeBackend>(['cpu', 'wasm'])('own models on %s', (backend) => {
  beforeAll(async () => {
    await setNodeBackend(backend);
  });

  it('loads a Sequential model from files and explains it like its functional twin, every method', async () => {
    const seq = sequentialCnn();
    const functional = tf.model({ inputs: seq.inputs, outputs: seq.outputs });
    const twinPath = await saveModelToDir(functional, join(work, `functional-${backend}`));
    const model = await saveAndLoad(`sequential-${backend}`, seq);
    const twin = await loadModel(fileHandler(twinPath), GENERIC);
    expect(model.layers.map((l) => l.name)).toEqual(['seq_c1', 'seq_pool', 'seq_c2']);
    expect(model.defaultLayer).toBe('seq_c2');
    expect(model.task).toBe('multiclass');
    const image = photo(20, 24);
    await expectNoLeak(async () => {
      const a = createSession(model);
      const b = createSession(twin);
      const ra = await a.analyze(image);
      const rb = await b.analyze(image);
      expect(Array.from(ra.probabilities)).toEqual(Array.from(rb.probabilities));
      for (const method of METHODS) {
        const ma = await a.heatmap(1, method);
        const mb = await b.heatmap(1, method);
        expect(ma.heatmap.every(Number.isFinite), method).toBe(true);
        expect(maxAbsDiff(ma.heatmap, mb.heatmap), method).toBeLessThan(1e-5);
      }
      a.dispose();
      b.dispose();
    });
    image.dispose();
    model.dispose();
    twin.dispose();
  });

  it('reads a Teachable Machine export (nested base + Dense head, metadata.json) with no further choice', async () => {
    const labels = ['cat', 'dog', 'nothing'];
    const model = await saveAndLoad(`tm-${backend}`, teachableMachineLike(32, 3), {
      files: { 'metadata.json': teachableMachineMetadata(labels, 32) },
    });
    expect(model.labels).toEqual(labels);
    expect(model.inputSize).toEqual([32, 32]);
    expect(model.meta.preprocess).toEqual(presetValue('teachable-machine'));
    expect(model.sources.labels).toBe('metadata.json (Teachable Machine)');
    expect(model.layers.map((l) => l.name)).toContain('out_relu');
    expect(model.defaultLayer).toBe('out_relu');
    const image = photo(40, 60);
    await expectNoLeak(async () => {
      const session = createSession(model);
      const analysis = await session.analyze(image);
      // Teachable Machine's centre square of a 60 x 40 photo.
      expect(analysis.region).toEqual({
        x: 10,
        y: 0,
        width: 40,
        height: 40,
        imageWidth: 60,
        imageHeight: 40,
      });
      const expected = tf.tidy(() =>
        tf.image
          .resizeBilinear(
            tf.slice(image, [0, 10, 0], [40, 40, 3]).expandDims(0) as tf.Tensor4D,
            [32, 32],
            false,
            true,
          )
          .div(127)
          .sub(1),
      );
      const probs = tf.tidy(() => model.tfModel.predict(expected) as tf.Tensor);
      expect(maxAbsDiff(analysis.probabilities, await probs.data())).toBeLessThan(1e-5);
      tf.dispose([expected, probs]);
      const cam = await session.heatmap(analysis.predictions[0].index, 'gradcam');
      expect(cam.heatmap).toHaveLength(32 * 32);
      session.dispose();
    });
    image.dispose();
    model.dispose();
  });

  it('explains a binary sigmoid head as two classes: score z for class 1, -z for class 0', async () => {
    const net = smallCnn({ shape: [12, 20, 3], units: 1, activation: 'sigmoid' });
    const model = await saveAndLoad(`binary-${backend}`, net, {
      userDefinedMetadata: { gradcam: { labels: ['dog'], preprocess: 'zero-one' } },
    });
    expect(model.task).toBe('binary');
    expect(model.numClasses).toBe(2);
    expect(model.labels).toEqual(['not dog', 'dog']);
    expect(model.inputSize).toEqual([12, 20]); // non-square
    expect(modelDetails(model)).toMatchObject({
      id: `binary-${backend}`,
      inputSize: [12, 20],
      channels: 3,
      preprocess: 'zero-one',
      task: 'binary',
      numClasses: 2,
      layers: [
        { name: 'c1', shape: [12, 20, 4] },
        { name: 'feat', shape: [12, 20, 6] },
      ],
      sources: { labels: 'model.json userDefinedMetadata', task: expect.stringMatching(/one sigmoid unit/) },
    });
    const image = photo(30, 50);
    await expectNoLeak(async () => {
      const session = createSession(model);
      const analysis = await session.analyze(image);
      const x = tf.tidy(() =>
        tf.image.resizeBilinear(image.expandDims(0) as tf.Tensor4D, [12, 20], false, true).div(255),
      );
      const p = tf.tidy(() => model.tfModel.predict(x) as tf.Tensor);
      const p1 = (await p.data())[0];
      tf.dispose([x, p]);
      expect(analysis.probabilities[1]).toBeCloseTo(p1, 5);
      expect(analysis.probabilities[0]).toBeCloseTo(1 - p1, 5);
      expect(analysis.logits[1]).toBeCloseTo(Math.log(p1 / (1 - p1)), 3);
      expect(analysis.logits[0]).toBeCloseTo(-analysis.logits[1], 6);
      const [neg, pos] = await session.heatmaps([0, 1], 'gradcam');
      expect(pos.heatmap).toHaveLength(12 * 20);
      for (let k = 0; k < pos.channelWeights!.length; k++)
        expect(neg.channelWeights![k]).toBeCloseTo(-pos.channelWeights![k], 6);
      session.dispose();
    });
    image.dispose();
    model.dispose();
  });

  it('gives a multi-label head independent sigmoid probabilities', async () => {
    const model = await saveAndLoad(
      `multilabel-${backend}`,
      smallCnn({ shape: [16, 16, 3], units: 4, activation: 'sigmoid' }),
    );
    expect(model.task).toBe('multilabel');
    expect(model.numClasses).toBe(4);
    expect(model.sources.task).toMatch(/4 sigmoid units/);
    const image = photo(16, 16);
    await expectNoLeak(async () => {
      const session = createSession(model);
      const analysis = await session.analyze(image);
      const x = tf.tidy(() => image.expandDims(0).div(255));
      const p = tf.tidy(() => model.tfModel.predict(x) as tf.Tensor);
      expect(maxAbsDiff(analysis.probabilities, await p.data())).toBeLessThan(1e-5);
      tf.dispose([x, p]);
      expect(analysis.probabilities.reduce((a, b) => a + b, 0)).not.toBeCloseTo(1, 2);
      const cam = await session.heatmap(2, 'gradcam++');
      expect(cam.score).toBeCloseTo(analysis.logits[2], 5);
      session.dispose();
    });
    image.dispose();
    model.dispose();
  });

  it('feeds a 1-channel model the gray photo (0.299 R + 0.587 G + 0.114 B)', async () => {
    const model = await saveAndLoad(
      `gray-${backend}`,
      smallCnn({ shape: [16, 16, 1], units: 3, activation: 'softmax' }),
      {},
      { preprocess: presetValue('gray-minus-one-one') },
    );
    expect(model.channels).toBe(1);
    const image = photo(16, 16);
    await expectNoLeak(async () => {
      const session = createSession(model);
      const analysis = await session.analyze(image);
      const x = tf.tidy(() =>
        tf
          .sum(tf.mul(image, [0.299, 0.587, 0.114]), -1, true)
          .expandDims(0)
          .div(127.5)
          .sub(1),
      );
      const p = tf.tidy(() => model.tfModel.predict(x) as tf.Tensor);
      expect(maxAbsDiff(analysis.probabilities, await p.data())).toBeLessThan(1e-5);
      tf.dispose([x, p]);
      const cam = await session.heatmap(0, 'layercam');
      expect(cam.heatmap).toHaveLength(16 * 16);
      session.dispose();
    });
    image.dispose();
    model.dispose();
  });

  it('gives a dynamic-size model a size (default, then metadata or the user) and lists its layers', async () => {
    const dir = `dynamic-${backend}`;
    const model = await saveAndLoad(
      dir,
      smallCnn({ shape: [null, null, 3], units: 3, activation: 'linear' }),
    );
    expect(model.dynamicSize).toBe(true);
    expect(model.inputSize).toEqual([224, 224]);
    expect(model.layers).toEqual([
      { name: 'c1', shape: [224, 224, 4] },
      { name: 'feat', shape: [224, 224, 6] },
    ]);
    expect(model.headNote).toMatch(/logits without a softmax/);
    model.setInputSize([24, 40]);
    expect(model.headNote).toMatch(/logits without a softmax/); // still detected, not 'set'
    expect(model.layers.map((l) => l.shape)).toEqual([
      [24, 40, 4],
      [24, 40, 6],
    ]);
    const image = photo(30, 50);
    await expectNoLeak(async () => {
      const session = createSession(model);
      await session.analyze(image);
      const cam = await session.heatmap(1, 'gradcam');
      expect(cam.layerShape).toEqual([24, 40, 6]);
      expect(cam.heatmap).toHaveLength(24 * 40);
      session.dispose();
    });
    image.dispose();
    model.dispose();
  });

  it('reads labels, preprocessing, input size and task from userDefinedMetadata', async () => {
    const custom = { color: 'bgr', scale: 1, offset: 0, mean: [100, 110, 120], std: [50, 60, 70] };
    const net = smallCnn({ shape: [null, null, 3], units: 2, activation: 'sigmoid' });
    const model = await saveAndLoad(`udm-${backend}`, net, {
      userDefinedMetadata: {
        gradcam: {
          labels: { 0: 'cat', 1: 'dog' },
          preprocess: custom,
          inputSize: [20, 28],
          task: 'multilabel',
        },
      },
    });
    expect(model.labels).toEqual(['cat', 'dog']);
    expect(model.meta.preprocess).toEqual(custom);
    expect(model.inputSize).toEqual([20, 28]);
    expect(model.task).toBe('multilabel');
    for (const field of ['labels', 'preprocess', 'inputSize', 'task'] as const)
      expect(model.sources[field]).toBe('model.json userDefinedMetadata');
    const image = photo(20, 28);
    await expectNoLeak(async () => {
      const session = createSession(model);
      const analysis = await session.analyze(image);
      const x = tf.tidy(() => tf.reverse(image, -1).sub([100, 110, 120]).div([50, 60, 70]).expandDims(0));
      const p = tf.tidy(() => model.tfModel.predict(x) as tf.Tensor);
      expect(maxAbsDiff(analysis.probabilities, await p.data())).toBeLessThan(1e-5);
      tf.dispose([x, p]);
      session.dispose();
    });
    image.dispose();
    model.dispose();
  });

  it('explains an Inception-style block below BN(scale=false) and AvgPool(same) with exact gradients', async () => {
    const { full, below, above } = inceptionBlock(6);
    const path = await saveModelToDir(full, join(work, `inception-${backend}`));
    const model = await loadModel(fileHandler(path), { ...GENERIC, inputSize: [6, 6] });
    const image = photo(6, 6, 3);
    const x = tf.tidy(() => image.expandDims(0).div(255) as tf.Tensor4D);
    const a = tf.tidy(() => below.predict(x) as tf.Tensor4D);
    const aData = await a.data();
    const [, h, w, c] = a.shape;
    // Central differences of the original layers' forward pass, all perturbations in one batch.
    const eps = 3e-3; // small enough to cross no ReLU kink here, large enough for float32
    const n = aData.length;
    const batch = new Float32Array(2 * n * n);
    for (let i = 0; i < n; i++) {
      batch.set(aData, 2 * i * n);
      batch.set(aData, (2 * i + 1) * n);
      batch[2 * i * n + i] += eps;
      batch[(2 * i + 1) * n + i] -= eps;
    }
    const perturbed = tf.tensor4d(batch, [2 * n, h, w, c]);
    const outs = tf.tidy(() => above.predict(perturbed) as tf.Tensor2D);
    const o = await outs.data();
    tf.dispose([perturbed, outs]);
    const classIndex = 2;
    const fd = new Float32Array(n);
    for (let i = 0; i < n; i++)
      fd[i] = (o[2 * i * 4 + classIndex] - o[(2 * i + 1) * 4 + classIndex]) / (2 * eps);

    await expectNoLeak(async () => {
      const split = model.split('below');
      const g = tf.tidy(() => classGradients(split, a, [], [classIndex], 4));
      const exact = await g.data();
      g.dispose();
      const scale = Math.max(...Array.from(fd, Math.abs));
      expect(maxAbsDiff(exact, fd) / scale).toBeLessThan(3e-3);
      const session = createSession(model, { layer: 'below' });
      await session.analyze({ preprocessed: x });
      const cam = await session.heatmap(classIndex, 'gradcam');
      // The reference map from the finite-difference weights: relu(sum_k mean_hw(g_k) A_k).
      const weights = new Float32Array(c);
      for (let i = 0; i < n; i++) weights[i % c] += fd[i] / (h * w);
      const ref = new Float32Array(h * w).map((_, p) => {
        let s = 0;
        for (let k = 0; k < c; k++) s += weights[k] * aData[p * c + k];
        return Math.max(0, s);
      });
      expect(pearson(cam.raw, ref)).toBeGreaterThan(0.99999);
      expect(maxAbsDiff(cam.raw, ref)).toBeLessThan(1e-3 * Math.max(...ref));
      session.dispose();
    });
    tf.dispose([image, x, a]);
    model.dispose();
    below.dispose();
    above.dispose();
  });
});

describe('ResNet50 (catalogue) with its Caffe preprocessing', () => {
  let model: LoadedModel;
  beforeAll(async () => {
    await setNodeBackend('wasm'); // the cpu backend takes minutes for ResNet50 here
    model = await loadTestModel('resnet50_imagenet');
  }, 120_000);
  afterAll(() => model?.dispose());

  it('calls chelsea.png an Egyptian cat and explains it on the photo', async () => {
    expect(model.meta.preprocess).toEqual(presetValue('caffe'));
    const image = await loadImageTensor('chelsea.png');
    await expectNoLeak(async () => {
      const session = createSession(model);
      const analysis = await session.analyze(image);
      expect(analysis.predictions[0].index).toBe(285);
      expect(analysis.predictions[0].label).toBe('Egyptian cat');
      expect(analysis.predictions[0].probability).toBeGreaterThan(0.9);
      const cam = await session.heatmap(285, 'gradcam');
      expect(cam.layer).toBe('activation_48');
      expect(cam.layerShape).toEqual([7, 7, 2048]);
      session.dispose();
    });
    image.dispose();
  }, 60_000);
});

/**
 * Models users bring, saved to files and loaded as a user would: Sequential, Teachable Machine
 * export, binary sigmoid, multi-label, grayscale, non-square, dynamic size, userDefinedMetadata
 * (the Inception-style block's exact gradients: finite-differences.test.ts; ResNet50's Caffe
 * preprocessing: real-models.test.ts).
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
import { expectNoLeak, maxAbsDiff } from '../node/testing';
import { createSession, type LoadedModel, loadModel, METHODS, type ModelMeta, modelDetails } from './index';
import { presetValue } from './preprocessing/presets';
import {
  OWN_MODEL_META,
  randomPhoto,
  sequentialCnn,
  smallCnn,
  teachableMachineLike,
  teachableMachineMetadata,
} from './testing/own-models';

const work = mkdtempSync(join(tmpdir(), 'gradcam-own-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

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
    { ...OWN_MODEL_META, id: name, ...meta },
    { metadata: await sidecarMetadata(path) },
  );
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
    const twin = await loadModel(fileHandler(twinPath), OWN_MODEL_META);
    expect(model.layers.map((l) => l.name)).toEqual(['seq_c1', 'seq_pool', 'seq_c2']);
    expect(model.defaultLayer).toBe('seq_c2');
    expect(model.task).toBe('multiclass');
    const image = randomPhoto(20, 24);
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
    const image = randomPhoto(40, 60);
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
    const image = randomPhoto(30, 50);
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
    const image = randomPhoto(16, 16);
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
    const image = randomPhoto(16, 16);
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
    const image = randomPhoto(30, 50);
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
    const image = randomPhoto(20, 28);
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
});

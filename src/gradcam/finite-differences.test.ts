/**
 * Exact gradients below layers whose gradients tfjs gets subtly wrong or that fold into others
 * (BatchNormalization(scale=false), AveragePooling2D('same')), in an Inception-style block loaded
 * from files as a user's model: the class gradients against central finite differences of the
 * original layers, and the Grad-CAM map against the map from the finite-difference weights.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type NodeBackend, setNodeBackend } from '../node/backend';
import { fileHandler } from '../node/file-handler';
import { saveModelToDir } from '../node/save-model';
import { expectNoLeak, maxAbsDiff, pearson } from '../node/testing';
import { classGradients, createSession, loadModel } from './index';
import { inceptionBlock, OWN_MODEL_META, randomPhoto } from './testing/own-models';

const work = mkdtempSync(join(tmpdir(), 'gradcam-fd-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe.each<NodeBackend>(['cpu', 'wasm'])('finite differences on %s', (backend) => {
  beforeAll(async () => {
    await setNodeBackend(backend);
  });

  it('explains an Inception-style block below BN(scale=false) and AvgPool(same) with exact gradients', async () => {
    const { full, below, above } = inceptionBlock(6);
    const path = await saveModelToDir(full, join(work, `inception-${backend}`));
    const model = await loadModel(fileHandler(path), { ...OWN_MODEL_META, inputSize: [6, 6] });
    const image = randomPhoto(6, 6, 3);
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

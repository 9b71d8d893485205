/**
 * A tiny model (src/node/tiny-models.ts): nested model, depthwise conv, a residual branch that bypasses the target
 * layer and a Dense softmax output. Checks the split (pre-softmax logits, extras, nesting), a
 * finite-difference gradient, every method on cpu and wasm, and that nothing leaks.
 */
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type NodeBackend, setNodeBackend } from '../node/backend';
import { expectNoLeak, pearson } from '../node/testing';
import { tinyInput as seededInput, tinyDagArtifacts, tinyMeta } from '../node/tiny-models';
import { classGradients, createSession, type LoadedModel, loadModel, METHODS, type ModelMeta } from './index';

// format deliberately wrong: the model.json decides.
const META: ModelMeta = { ...tinyMeta('tiny', 5), format: 'graph' };
const tinyInput = () => seededInput(11);

describe.each<NodeBackend>(['cpu', 'wasm'])('tiny DAG model on %s', (backend) => {
  let model: LoadedModel;
  let baseline = 0;
  beforeAll(async () => {
    await setNodeBackend(backend);
    baseline = tf.memory().numTensors;
    model = await loadModel(tf.io.fromMemory(await tinyDagArtifacts()), META);
  });
  afterAll(() => {
    model.dispose();
    // The model, its splits and the Dense softmax's linear twin are all freed.
    expect(tf.memory().numTensors).toBe(baseline);
  });

  it('finds the layers (nested ones too), the format and the pre-softmax logits', () => {
    expect(model.format).toBe('layers');
    expect(model.numClasses).toBe(5);
    expect(model.layers.map((l) => l.name)).toEqual(['c1', 'dw', 'inner', 'target', 'skip', 'sum']);
    expect(model.defaultLayer).toBe('sum');
    expect(model.logitsNote).toContain('probs');
  });

  it.each(['target', 'c1', 'dw'])(
    'head(A) reproduces the model at %s (softmax of the logits)',
    async (layer) => {
      const split = model.split(layer); // cached on the model: built outside the leak check
      await expectNoLeak(async () => {
        const x = tinyInput();
        const out = split.forward(x);
        const head = split.head(out.activation, out.extras);
        const probs = (model.tfModel as tf.LayersModel).predict(x) as tf.Tensor;
        const fromLogits = tf.softmax(out.logits);
        const h = await head.data();
        const l = await out.logits.data();
        for (let i = 0; i < l.length; i++) expect(h[i]).toBeCloseTo(l[i], 5);
        const p = await probs.data();
        const q = await fromLogits.data();
        for (let i = 0; i < p.length; i++) expect(q[i]).toBeCloseTo(p[i], 5);
        tf.dispose([x, out.activation, out.logits, ...out.extras, head, probs, fromLogits]);
      });
    },
  );

  it.each(['target', 'c1'])('gradient at %s matches central finite differences', async (layer) => {
    const split = model.split(layer);
    await expectNoLeak(async () => {
      const x = tinyInput();
      const out = split.forward(x);
      const a = out.activation;
      const cls = 3;
      // The engine's gradient (on cpu when this backend lacks a kernel, as the session would).
      const grads = await runAnyBackend(() => classGradients(split, a, out.extras, [cls], 5));
      const g = await grads.data();
      const av = await a.data();
      const eps = 1e-2;
      const positions = [0, 7, 50, a.size - 1, Math.floor(a.size / 3)];
      for (const p of positions) {
        const plus = av.slice();
        const minus = av.slice();
        plus[p] += eps;
        minus[p] -= eps;
        const lp = tf.tidy(() => split.head(tf.tensor4d(plus, a.shape), out.extras));
        const lm = tf.tidy(() => split.head(tf.tensor4d(minus, a.shape), out.extras));
        const fd = ((await lp.data())[cls] - (await lm.data())[cls]) / (2 * eps);
        tf.dispose([lp, lm]);
        expect(Math.abs(fd - g[p])).toBeLessThan(2e-3 + 0.02 * Math.abs(g[p]));
      }
      tf.dispose([x, a, out.logits, ...out.extras, grads]);
    });
  });

  it('runs every method at every layer with finite maps in [0, 1] and leaks nothing', async () => {
    model.split('target');
    model.split('c1');
    await expectNoLeak(async () => {
      const x = tinyInput();
      const session = createSession(model);
      for (const layer of ['target', 'c1']) {
        session.setLayer(layer);
        await session.analyze({ preprocessed: x }, { topK: 3 });
        for (const method of METHODS) {
          const [r0, r1] = await session.heatmaps([0, 4], method, { maxChannels: 3 });
          for (const r of [r0, r1]) {
            expect(r.heatmap.length).toBe(64);
            expect(r.raw.length).toBe(64);
            expect(r.heatmap.every((v) => Number.isFinite(v) && v >= 0 && v <= 1 + 1e-6)).toBe(true);
            expect(r.raw.every((v) => Number.isFinite(v) && v >= 0)).toBe(true);
            expect(['cpu', backend]).toContain(r.backend);
          }
        }
      }
      expect(session.forwardPasses).toBeGreaterThan(1); // Score-CAM runs the model
      session.dispose();
      x.dispose();
    });
  });

  it('runs a depthwise conv head on the backend itself (fast-gradients.ts) and says which backend', async () => {
    await expectNoLeak(async () => {
      const x = tinyInput();
      const session = createSession(model);
      session.setLayer('c1'); // the head contains a depthwise conv
      await session.analyze({ preprocessed: x });
      const r = await session.heatmap(1, 'gradcam');
      // wasm has no DepthwiseConv2dNativeBackpropInput kernel: fast-gradients.ts writes that
      // gradient as a forward depthwise conv, so no cpu fallback is needed any more.
      expect(r.backend).toBe(backend);
      session.setLayer('target'); // head: 1x1 conv, add, pooling, dense: all available
      const t = await session.heatmap(1, 'gradcam');
      expect(t.backend).toBe(backend);
      expect(tf.getBackend()).toBe(backend);
      session.dispose();
      x.dispose();
    });
  });
});

async function runAnyBackend(fn: () => tf.Tensor): Promise<tf.Tensor> {
  const current = tf.getBackend();
  try {
    return fn();
  } catch {
    // tfjs leaves the failed tape's saved tensors: the session releases them; here we just retry on cpu.
    const state = (tf.engine() as unknown as { state: { activeTape: { saved?: tf.Tensor[] }[] | null } })
      .state;
    for (const node of state.activeTape ?? []) for (const t of node.saved ?? []) t.dispose();
    state.activeTape = null;
    await tf.setBackend('cpu');
    try {
      return fn();
    } finally {
      await tf.setBackend(current);
    }
  }
}

describe('eigencam', () => {
  it('projects on the first principal direction with a positive sign', async () => {
    const { eigenCam } = await import('./methods');
    // Z = 6 positions, C = 3 channels: rank one (u v^T) plus a constant.
    const u = [1, 2, 3, 4, 5, 6];
    const v = [0.5, 1, 2];
    const a = new Float32Array(18);
    for (let i = 0; i < 6; i++) for (let k = 0; k < 3; k++) a[i * 3 + k] = u[i] * v[k] + 1;
    const p = eigenCam(a, 6, 3);
    expect(pearson(p, u)).toBeGreaterThan(0.9999);
    // And with positions > channels (the other Gram matrix).
    const big = new Float32Array(40 * 2);
    const uu = Array.from({ length: 40 }, (_, i) => Math.sin(i));
    for (let i = 0; i < 40; i++) {
      big[i * 2] = 3 * uu[i] + 5;
      big[i * 2 + 1] = -uu[i] + 5;
    }
    expect(pearson(eigenCam(big, 40, 2), uu)).toBeGreaterThan(0.9999);
  });

  it('keeps an all-zero map zero (no NaN)', async () => {
    const { finishCams } = await import('./normalize');
    await setNodeBackend('cpu');
    await expectNoLeak(async () => {
      const zeros = tf.zeros([1, 7, 7]) as tf.Tensor3D;
      const maps = finishCams(zeros, [224, 224]);
      const values = await maps.heatmap.data();
      expect(values.every((x) => x === 0)).toBe(true);
      expect((await maps.lowRes.data()).every((x) => x === 0)).toBe(true);
      tf.dispose([zeros, maps.raw, maps.lowRes, maps.heatmap]);
    });
  });
});

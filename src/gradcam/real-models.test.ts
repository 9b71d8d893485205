/** Real photos and real models from ../shared: predictions, method identities, class switches, graph models, ResNet50's Caffe preprocessing. */
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type NodeBackend, setNodeBackend } from '../node/backend';
import { argmax, expectNoLeak, loadImageTensor, loadTestModel, maxAbsDiff, pearson } from '../node/testing';
import { createSession, type LoadedModel, METHODS, preprocessImage } from './index';
import { presetValue } from './preprocessing/presets';

async function analyseFile(model: LoadedModel, file: string, topK = 5) {
  const pixels = await loadImageTensor(file);
  const session = createSession(model);
  try {
    return await session.analyze(pixels, { topK });
  } finally {
    session.dispose();
    pixels.dispose();
  }
}

describe.each<NodeBackend>(['cpu', 'wasm'])('MobileNet v1 0.25 (LayersModel) on %s', (backend) => {
  let model: LoadedModel;
  beforeAll(async () => {
    await setNodeBackend(backend);
    model = await loadTestModel('mobilenet_v1_0.25_224');
  });
  afterAll(() => model.dispose());

  it('knows its layers, default layer and logits', () => {
    expect(model.defaultLayer).toBe('conv_pw_13_relu');
    expect(model.layers.find((l) => l.name === 'conv_pw_13_relu')?.shape).toEqual([7, 7, 256]);
    expect(model.layers.at(-1)?.name).toBe('conv_pw_13_relu');
    expect(model.numClasses).toBe(1000);
    expect(model.labels[285]).toBe('Egyptian cat');
  });

  it('classifies the photos', async () => {
    await expectNoLeak(async () => {
      expect((await analyseFile(model, 'chelsea.png')).predictions[0].index).toBe(285);
      expect((await analyseFile(model, 'coffee.png')).predictions[0].index).toBe(967);
      const hopper = (await analyseFile(model, 'grace_hopper.jpg', 3)).predictions.map((p) => p.index);
      expect(hopper).toContain(652);
      expect(hopper).toContain(457);
    });
  });

  it('Grad-CAM weights at conv_pw_13_relu equal the conv_preds kernel row / 49', async () => {
    const kernel = (model.tfModel as tf.LayersModel).getLayer('conv_preds').getWeights()[0]; // [1,1,256,1000]
    const k = (await kernel.data()) as Float32Array;
    await expectNoLeak(async () => {
      const pixels = await loadImageTensor('chelsea.png');
      const session = createSession(model);
      await session.analyze(pixels);
      for (const cls of [285, 9]) {
        const r = await session.heatmap(cls, 'gradcam');
        const row = Float32Array.from({ length: 256 }, (_, c) => k[c * 1000 + cls] / 49);
        expect(maxAbsDiff(r.channelWeights!, row)).toBeLessThan(1e-6);
      }
      session.dispose();
      pixels.dispose();
    });
  });

  it('every method gives a map; the GAP + linear head makes several of them provably equal', async () => {
    await expectNoLeak(async () => {
      const pixels = await loadImageTensor('chelsea.png');
      const session = createSession(model);
      const analysis = await session.analyze(pixels);
      const results = new Map<string, Awaited<ReturnType<typeof session.heatmap>>>();
      let progress = 0;
      for (const method of METHODS) {
        const opts =
          method === 'scorecam' ? { maxChannels: 16, onProgress: (f: number) => (progress = f) } : {};
        const r = await session.heatmap(285, method, opts);
        expect(r.heatmap.length).toBe(224 * 224);
        expect(r.lowRes.length).toBe(49);
        expect(Math.max(...r.heatmap)).toBeCloseTo(1, 5);
        expect(r.heatmap.every((v) => v >= 0 && v <= 1 + 1e-6)).toBe(true);
        results.set(method, r);
      }
      expect(progress).toBe(1);
      // Only analyze() and Score-CAM's batches ran the full model.
      expect(session.forwardPasses).toBe(1 + 1);
      const gradcam = results.get('gradcam')!;
      // dScore/dA is spatially constant (= w/49), so HiResCAM and XGrad-CAM equal Grad-CAM, and with
      // A >= 0 (ReLU6) Layer-CAM equals the element-wise Grad-CAM.
      expect(maxAbsDiff(results.get('hirescam')!.raw, gradcam.raw)).toBeLessThan(1e-5);
      expect(maxAbsDiff(results.get('xgradcam')!.raw, gradcam.raw)).toBeLessThan(1e-4);
      expect(maxAbsDiff(results.get('layercam')!.raw, results.get('gradcam-elementwise')!.raw)).toBeLessThan(
        1e-5,
      );
      // Ablation-CAM through a linear head: y - y_k = W[k, c] * mean(A_k).
      const split = model.split('conv_pw_13_relu');
      const x = preprocessImage(pixels, model.meta);
      const out = split.forward(x);
      const meanA = tf.mean(out.activation, [0, 1, 2]);
      const m = await meanA.data();
      const y = analysis.logits[285];
      const w = results.get('ablationcam')!.channelWeights!;
      const k = (await (model.tfModel as tf.LayersModel)
        .getLayer('conv_preds')
        .getWeights()[0]
        .data()) as Float32Array;
      const expected = Float32Array.from({ length: 256 }, (_, c) => (k[c * 1000 + 285] * m[c]) / y);
      expect(maxAbsDiff(w, expected)).toBeLessThan(1e-4);
      // Score-CAM with a channel cap: 16 non-zero softmax weights summing to 1.
      const sw = results.get('scorecam')!.channelWeights!;
      expect(sw.filter((v) => v > 0).length).toBe(16);
      expect(sw.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
      // The class-discriminative maps agree with Grad-CAM on where the cat is.
      for (const method of ['gradcam++', 'scorecam', 'ablationcam'] as const) {
        expect(pearson(results.get(method)!.heatmap, gradcam.heatmap)).toBeGreaterThan(0.5);
      }
      tf.dispose([x, out.activation, out.logits, ...out.extras, meanA]);
      session.dispose();
      pixels.dispose();
    });
  });

  it('switching class or batching adds no forward pass; changing layer adds one', async () => {
    await expectNoLeak(async () => {
      const pixels = await loadImageTensor('grace_hopper.jpg');
      const session = createSession(model);
      await session.analyze(pixels);
      expect(session.forwardPasses).toBe(1);
      const uniform = await session.heatmap(652, 'gradcam');
      const bowtie = await session.heatmap(457, 'gradcam');
      const batch = await session.heatmaps([652, 457], 'gradcam');
      expect(session.forwardPasses).toBe(1);
      expect(maxAbsDiff(batch[0].heatmap, uniform.heatmap)).toBeLessThan(1e-4);
      expect(maxAbsDiff(batch[1].heatmap, bowtie.heatmap)).toBeLessThan(1e-4);
      expect(maxAbsDiff(uniform.heatmap, bowtie.heatmap)).toBeGreaterThan(0.2);
      session.setLayer('conv_pw_11_relu');
      expect(session.layer).toBe('conv_pw_11_relu');
      const mid = await session.heatmap(457, 'gradcam');
      expect(mid.layerShape).toEqual([14, 14, 128]);
      expect(session.forwardPasses).toBe(2);
      await session.heatmap(652, 'layercam');
      expect(session.forwardPasses).toBe(2);
      session.dispose();
      pixels.dispose();
    });
  });

  it('aborts Score-CAM and analyze cleanly', async () => {
    await expectNoLeak(async () => {
      const pixels = await loadImageTensor('coffee.png');
      const session = createSession(model);
      const stopped = new AbortController();
      stopped.abort();
      await expect(session.analyze(pixels, { signal: stopped.signal })).rejects.toMatchObject({
        name: 'AbortError',
      });
      await session.analyze(pixels);
      const controller = new AbortController();
      const run = session.heatmap(967, 'scorecam', {
        signal: controller.signal,
        onProgress: () => controller.abort(),
      });
      await expect(run).rejects.toMatchObject({ name: 'AbortError' });
      await expect(session.heatmap(1000, 'gradcam')).rejects.toThrow(/outside/);
      session.dispose();
      pixels.dispose();
    });
  });
});

describe('Tiny Darknet on wasm', () => {
  let model: LoadedModel;
  beforeAll(async () => {
    await setNodeBackend('wasm');
    model = await loadTestModel('darknet_tiny');
  });
  afterAll(() => model.dispose());

  it('uses Darknet label order', () => {
    expect(model.labels[14]).toMatch(/malamute/);
    expect(model.labels[254]).toMatch(/mountain bike/);
  });

  it('moves the map when the class changes: the dog peaks left of the bicycle', async () => {
    await expectNoLeak(async () => {
      const pixels = await loadImageTensor('darknet_dog.jpg');
      const session = createSession(model);
      await session.analyze(pixels);
      const [dog, bike] = await session.heatmaps([14, 254], 'gradcam');
      expect(session.forwardPasses).toBe(1);
      const W = 224;
      const dogX = argmax(dog.heatmap) % W;
      const bikeX = argmax(bike.heatmap) % W;
      expect(bikeX - dogX).toBeGreaterThan(0.1 * W);
      expect(dog.backend).toBe('wasm');
      session.dispose();
      pixels.dispose();
    });
  });
});

describe.each<NodeBackend>(['cpu', 'wasm'])('MobileNet v1 0.25 GraphModel on %s', (backend) => {
  let model: LoadedModel;
  beforeAll(async () => {
    await setNodeBackend(backend);
    model = await loadTestModel('mobilenet_v1_0.25_224_graph');
  });
  afterAll(() => model.dispose());

  it('loads as a graph with 1001 outputs and a pointwise-conv default layer', () => {
    expect(model.format).toBe('graph');
    expect(model.numClasses).toBe(1001);
    expect(model.labels[0]).toBe('background');
    expect(model.labels[286]).toBe('Egyptian cat');
    expect(model.layers.find((l) => l.name === model.defaultLayer)?.shape).toEqual([7, 7, 256]);
    expect(model.layers.length).toBeGreaterThan(20);
  });

  it('classifies chelsea (index = standard + 1) and its Grad-CAM weights equal the logits kernel / 49', async () => {
    const weights = (model.tfModel as tf.GraphModel).weights[
      'module/MobilenetV1/Logits/Conv2d_1c_1x1/weights'
    ][0];
    const k = (await weights.data()) as Float32Array; // [1, 1, 256, 1001]
    await expectNoLeak(async () => {
      const pixels = await loadImageTensor('chelsea.png');
      const session = createSession(model);
      const analysis = await session.analyze(pixels);
      expect(analysis.predictions[0].index).toBe(286);
      const [cat, tabby] = await session.heatmaps([286, 282], 'gradcam');
      for (const [r, cls] of [
        [cat, 286],
        [tabby, 282],
      ] as const) {
        const row = Float32Array.from({ length: 256 }, (_, c) => k[c * 1001 + cls] / 49);
        expect(maxAbsDiff(r.channelWeights!, row)).toBeLessThan(1e-6);
      }
      expect(session.forwardPasses).toBe(1);
      // Every method works through execute() (gradients fall back to cpu where wasm lacks a kernel).
      for (const method of METHODS) {
        const r = await session.heatmap(286, method, { maxChannels: 16 });
        expect(Math.max(...r.heatmap)).toBeCloseTo(1, 5);
      }
      session.dispose();
      pixels.dispose();
    });
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

/** explainBatch on real photos and a real model: the batched path gives what one photo at a time gives. */
import type * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setNodeBackend } from '../node/backend';
import { expectNoLeak, loadImageTensor, loadTestModel, maxAbsDiff } from '../node/testing';
import { explainBatch } from './batch-explain';
import { createSession, type LoadedModel, preprocessPhoto } from './index';

const PHOTOS = ['chelsea.png', 'coffee.png', 'darknet_dog.jpg'];

describe('explainBatch (MobileNet v1 0.25, wasm)', () => {
  let model: LoadedModel;
  let inputs: tf.Tensor4D[];
  beforeAll(async () => {
    await setNodeBackend('wasm');
    model = await loadTestModel('mobilenet_v1_0.25_224');
    inputs = [];
    for (const file of PHOTOS) {
      const pixels = await loadImageTensor(file);
      inputs.push(preprocessPhoto(pixels, model.meta).input);
      pixels.dispose();
    }
  });
  afterAll(() => {
    for (const x of inputs) x.dispose();
    model.dispose();
  });

  it.each([
    ['own top-1', null],
    ['a fixed class', 285],
  ])('one batch equals one photo at a time (%s): predictions and maps', async (_, classIndex) => {
    await expectNoLeak(async () => {
      const session = createSession(model);
      try {
        const batch = await explainBatch(session, inputs, { method: 'gradcam', classIndex, topK: 3 });
        expect(batch.items).toHaveLength(3);
        for (const [i, x] of inputs.entries()) {
          const analysis = await session.analyze({ preprocessed: x }, { topK: 3 });
          const item = batch.items[i];
          expect(item.predictions.map((p) => p.index)).toEqual(analysis.predictions.map((p) => p.index));
          for (const [j, p] of item.predictions.entries())
            expect(p.probability).toBeCloseTo(analysis.predictions[j].probability, 5);
          const wanted = classIndex ?? analysis.predictions[0].index;
          expect(item.classIndex).toBe(wanted);
          const cam = await session.heatmap(wanted, 'gradcam', { inputSizeMap: false });
          expect([item.height, item.width]).toEqual([7, 7]);
          expect(maxAbsDiff(item.lowRes, cam.lowRes)).toBeLessThan(1e-4);
        }
        expect(batch.items.map((it) => it.predictions[0].index)).toEqual([285, 967, 249]);
        // Forward only: the same predictions, no map.
        const bare = await explainBatch(session, inputs, { method: 'gradcam', forwardOnly: true, topK: 3 });
        expect(bare.items.map((it) => it.predictions)).toEqual(batch.items.map((it) => it.predictions));
        expect(bare.items.every((it) => it.lowRes.length === 0)).toBe(true);
      } finally {
        session.dispose();
      }
    });
  });

  it('gradient-free methods go one photo at a time with the same results', async () => {
    const session = createSession(model);
    try {
      const batch = await explainBatch(session, inputs.slice(0, 2), { method: 'eigencam' });
      await session.analyze({ preprocessed: inputs[1] });
      const cam = await session.heatmap(batch.items[1].classIndex, 'eigencam', { inputSizeMap: false });
      expect(maxAbsDiff(batch.items[1].lowRes, cam.lowRes)).toBeLessThan(1e-6);
    } finally {
      session.dispose();
    }
  });
});

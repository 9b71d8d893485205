/** Multiply-adds a forward pass, from the layers: by hand on a small model, and the published figures of real ones. */
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setNodeBackend } from '../node/backend';
import { expectNoLeak, loadTestModel } from '../node/testing';
import { multiplyAdds } from './model-cost';

describe('multiplyAdds', () => {
  beforeAll(() => setNodeBackend('cpu'));

  it('counts convolutions, depthwise and separable convolutions and dense layers; the rest are free', async () => {
    await expectNoLeak(async () => {
      const inner = tf.sequential({
        layers: [tf.layers.dense({ inputShape: [16], units: 10 })], // 16 * 10
      });
      const model = tf.sequential({
        layers: [
          tf.layers.conv2d({
            inputShape: [32, 32, 3],
            filters: 8,
            kernelSize: 3,
            strides: 2,
            padding: 'same',
          }), // 16*16 * 9*3*8
          tf.layers.batchNormalization(),
          tf.layers.depthwiseConv2d({ kernelSize: 3, padding: 'same' }), // 16*16 * 9*8
          tf.layers.separableConv2d({ filters: 4, kernelSize: 3, depthMultiplier: 2, padding: 'valid' }), // 14*14 * (9*8*2 + 16*4)
          tf.layers.globalAveragePooling2d({}),
          tf.layers.dense({ units: 16 }), // 4 * 16
          inner,
        ],
      });
      const expected = 256 * 216 + 256 * 72 + 196 * (144 + 64) + 64 + 160;
      expect(multiplyAdds(model)).toBe(expected);
      model.dispose();
      inner.dispose(); // a nested model's weights are its own
    });
  });

  it('is unknown for a dynamic input size', () => {
    const input = tf.input({ shape: [null, null, 3] });
    const output = tf.layers.conv2d({ filters: 2, kernelSize: 3 }).apply(input) as tf.SymbolicTensor;
    const model = tf.model({ inputs: input, outputs: output });
    expect(multiplyAdds(model)).toBeNull();
    model.dispose();
  });

  describe('real models', () => {
    const loaded: { dispose(): void }[] = [];
    afterAll(() => {
      for (const model of loaded) model.dispose();
    });
    const cost = async (id: string) => {
      const model = await loadTestModel(id);
      loaded.push(model);
      return multiplyAdds(model.tfModel);
    };

    it("MobileNet v1 0.25: the paper's 41 M; Tiny Darknet: about half of its 980 M operations; ResNet50: the paper's 3.8 G", async () => {
      expect((await cost('mobilenet_v1_0.25_224')) ?? 0).toBeCloseTo(41e6, -6);
      expect(Math.abs(((await cost('darknet_tiny')) ?? 0) / 490e6 - 1)).toBeLessThan(0.02);
      expect(Math.abs(((await cost('resnet50_imagenet')) ?? 0) / 3.86e9 - 1)).toBeLessThan(0.02);
    });

    it('is unknown for a GraphModel (no layers to read)', async () => {
      expect(await cost('mobilenet_v1_0.25_224_graph')).toBeNull();
    });
  });
});

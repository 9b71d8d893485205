/** The per-channel affine map gives preprocessPhoto's input where it applies, and is null elsewhere. */
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { preprocessPhoto } from '../preprocess';
import { applyAffine, inputAffine } from './affine';
import { PRESET_VALUES } from './presets';

const inputSize: [number, number] = [6, 5];
const rgb = Uint8Array.from({ length: 6 * 5 * 3 }, (_, i) => (i * 37 + 11) % 256);

describe('inputAffine', () => {
  for (const id of ['minus-one-one', 'zero-one', 'raw', 'caffe'] as const) {
    it(`matches preprocessPhoto for ${id}`, async () => {
      const preprocess = PRESET_VALUES[id];
      const affine = inputAffine({ inputSize, preprocess });
      expect(affine).not.toBeNull();
      const pixels = tf.tensor3d(rgb, [...inputSize, 3], 'int32');
      const { input } = preprocessPhoto(pixels, { inputSize, preprocess });
      const expected = await input.data();
      tf.dispose([pixels, input]);
      const got = applyAffine(rgb, affine!);
      for (let i = 0; i < got.length; i++) expect(got[i]).toBeCloseTo(expected[i], 4);
    });
  }

  it('is null for gray, a one-channel model and a centre crop', () => {
    expect(inputAffine({ inputSize, preprocess: PRESET_VALUES['gray-zero-one'] })).toBeNull();
    expect(inputAffine({ inputSize, preprocess: PRESET_VALUES['zero-one'], channels: 1 })).toBeNull();
    expect(inputAffine({ inputSize, preprocess: PRESET_VALUES.torch })).toBeNull();
  });
});

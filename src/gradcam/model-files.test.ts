/** Picking a model as files or a folder: model.json, its weight files, metadata beside it. */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { modelArtifacts, modelJsonOf } from '../node/save-model';
import { sortModelFiles } from './model-files';
import { teachableMachineLike, teachableMachineMetadata } from './testing/own-models';

let modelJsonText = '';
let weights: ArrayBuffer;

beforeAll(async () => {
  await tf.setBackend('cpu');
  const model = teachableMachineLike(32, 2);
  const artifacts = await modelArtifacts(model);
  model.dispose();
  weights = artifacts.weightData as ArrayBuffer;
  modelJsonText = JSON.stringify(modelJsonOf(artifacts, 'weights.bin'));
});

describe('sortModelFiles', () => {
  it('takes the three files Teachable Machine gives (any order, a folder path) with no further choice', async () => {
    const files = [
      new File([teachableMachineMetadata(['cat', 'dog'], 32)], 'metadata.json'),
      new File([weights], 'weights.bin'),
      Object.assign(new File([modelJsonText], 'model.json'), { webkitRelativePath: 'my_model/model.json' }),
      new File(['notes'], 'README.md'),
    ];
    const sorted = await sortModelFiles(files);
    expect(sorted.modelJson.name).toBe('model.json');
    expect(sorted.weights.map((f) => f.name)).toEqual(['weights.bin']);
    expect(sorted.metadata).toHaveLength(1);
    expect(sorted.metadata[0].source).toBe('metadata.json (Teachable Machine)');
    expect(sorted.metadata[0].meta.labels).toEqual(['cat', 'dog']);
    expect(sorted.ignored).toEqual(['README.md']);
  });

  it('reads a labels file of any of the three forms, and names what is missing', async () => {
    const sorted = await sortModelFiles([
      new File([modelJsonText], 'model.json'),
      new File([weights], 'weights.bin'),
      new File(['tabby\nsiamese\n'], 'labels.txt'),
    ]);
    expect(sorted.metadata.map((m) => [m.source, m.meta.labels])).toEqual([
      ['labels.txt', ['tabby', 'siamese']],
    ]);
    await expect(sortModelFiles([new File([modelJsonText], 'model.json')])).rejects.toThrow(
      /Weight file missing: weights\.bin \(named in model\.json\)/,
    );
    await expect(sortModelFiles([new File([weights], 'weights.bin')])).rejects.toThrow(
      /No model\.json among the files \(weights\.bin\)/,
    );
  });
});

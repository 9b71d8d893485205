/** The share link's own-model parameters, written from the store and read back. */
import { describe, expect, it } from 'vitest';
import { presetValue } from '../gradcam/preprocessing/presets';
import type { ModelSource } from '../worker/protocol';
import { ownModelParams, parseOwnModelParams } from './own-model-url';
import { createAppStore } from './store';

const MODEL_URL = 'https://models.example/dyn/model.json';
const meta = {
  preprocess: presetValue('zero-one'),
  preprocessChosen: true,
  labelsUrl: 'https://models.example/labels.txt',
};
const urlModel = { kind: 'url', key: `url:${MODEL_URL}`, title: 'dyn', url: MODEL_URL, meta } as ModelSource;

describe('own-model link parameters', () => {
  it('carry a URL model, its labels URL, preprocessing and chosen input size, and read back', () => {
    const store = createAppStore();
    const custom = { color: 'bgr' as const, scale: 1 / 255, offset: 0, mean: [0.5], std: [0.25] };
    store.setState({ modelSource: urlModel, preprocessWanted: custom, inputSizeWanted: [64, 96] });
    const params = ownModelParams(store.getState());
    expect(Object.fromEntries(params)).toEqual({
      'model-url': MODEL_URL,
      'labels-url': 'https://models.example/labels.txt',
      preprocess: JSON.stringify({ ...custom, color: 'bgr' }),
      'input-size': '64x96',
    });
    const ignored: string[] = [];
    const link = parseOwnModelParams(new URLSearchParams(params), ignored);
    expect(ignored).toEqual([]);
    expect(link).toEqual({
      modelUrl: MODEL_URL,
      labelsUrl: 'https://models.example/labels.txt',
      preprocess: { color: 'bgr', scale: 1 / 255, offset: 0, mean: [0.5], std: [0.25] },
      inputSize: [64, 96],
    });
    // A preset travels as its id.
    store.setState({ preprocessWanted: presetValue('caffe'), inputSizeWanted: null });
    expect(ownModelParams(store.getState())).toContainEqual(['preprocess', 'caffe']);
  });

  it('a model from files does not travel; bad values are named and dropped', () => {
    const store = createAppStore();
    store.setState({
      modelSource: { kind: 'files', key: 'files:model.json', title: 'mine', files: [], meta },
    } as never);
    expect(ownModelParams(store.getState())).toEqual([]);
    const ignored: string[] = [];
    const link = parseOwnModelParams(
      new URLSearchParams(
        'model-url=javascript:alert(1)&preprocess=imagenet&input-size=4x4&labels-url=x.txt',
      ),
      ignored,
    );
    expect(link).toEqual({ modelUrl: null, labelsUrl: null, preprocess: null, inputSize: null });
    expect(ignored).toEqual([
      'model-url=javascript:alert(1)',
      'labels-url=x.txt',
      'preprocess=imagenet',
      'input-size=4x4',
    ]);
  });
});

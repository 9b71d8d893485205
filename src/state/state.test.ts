/** The store's selectors and the share link's parse/serialise (no browser, no engine). */
import { describe, expect, it } from 'vitest';
import type { ModelInfo, ModelSource } from '../worker/protocol';
import { DEFAULT_SETTINGS } from './slices/settings';
import {
  analysisKey,
  createAppStore,
  effectiveClass,
  effectiveLayer,
  isMapReady,
  wantedMapKey,
  wantedThumbsKey,
} from './store';
import { parseUrl, serializeUrl } from './url';

const source: ModelSource = {
  kind: 'catalogue',
  key: 'catalogue:mobilenet_v1_0.25_224',
  title: 'MobileNet',
  id: 'mobilenet_v1_0.25_224',
  url: 'models/mobilenet_v1_0.25_224/model.json',
};
const info = {
  key: source.key,
  title: 'MobileNet',
  labels: [],
  numClasses: 1000,
  layers: [{ name: 'conv_pw_13_relu' }, { name: 'conv_pw_12_relu' }],
  defaultLayer: 'conv_pw_13_relu',
  inputSize: [224, 224],
  from: 'network',
  loadMs: 1,
} as unknown as ModelInfo;
const image = { bitmap: {} as ImageBitmap, width: 4, height: 3, name: 'a.png', sampleId: null, token: 7 };

function readyStore() {
  const store = createAppStore();
  store.setState({ modelSource: source, model: { status: 'ready', info, progress: 1, source }, image });
  return store;
}

describe('store selectors', () => {
  it('key the wanted work by image, model, class, layer and method', () => {
    const store = readyStore();
    const s = store.getState();
    expect(analysisKey(s)).toBe('7|catalogue:mobilenet_v1_0.25_224|own');
    expect(wantedMapKey(s)).toBeNull(); // not analysed yet
    store.setState({
      analysis: {
        key: '7|catalogue:mobilenet_v1_0.25_224|own',
        predictions: [{ index: 285, label: 'Egyptian cat', probability: 0.5, score: 3 }],
        probabilities: new Float32Array(1000),
        forwardMs: 1,
        forwardPasses: 1,
      },
    });
    const t = store.getState();
    expect(effectiveClass(t)).toBe(285);
    expect(effectiveLayer(t)).toBe('conv_pw_13_relu');
    expect(wantedMapKey(t)).toBe('7|catalogue:mobilenet_v1_0.25_224|own|285|conv_pw_13_relu|gradcam');
    expect(wantedThumbsKey({ ...t, method: 'scorecam' })).toBe(
      '7|catalogue:mobilenet_v1_0.25_224|own|conv_pw_13_relu|gradcam',
    );
    expect(wantedMapKey({ ...t, classIndex: 3, layer: 'conv_pw_12_relu', method: 'eigencam' })).toBe(
      '7|catalogue:mobilenet_v1_0.25_224|own|3|conv_pw_12_relu|eigencam',
    );
    expect(isMapReady(t)).toBe(false);
  });

  it('want nothing from a model that is not the wanted one', () => {
    const store = readyStore();
    store.setState({ modelSource: { ...source, key: 'catalogue:darknet_tiny', id: 'darknet_tiny' } });
    expect(analysisKey(store.getState())).toBeNull();
  });
});

describe('share link', () => {
  it('round-trips every setting', () => {
    const store = readyStore();
    store.setState({
      classIndex: 3,
      layer: 'conv_pw_12_relu',
      method: 'gradcam++',
      opacity: 0.7,
      colormap: 'inferno',
      viewMode: 'side-by-side',
      backendRequest: 'wasm',
    });
    const query = serializeUrl(store.getState(), false);
    const parsed = parseUrl(query);
    expect(parsed.ignored).toEqual([]);
    expect(parsed.settings).toEqual({
      modelId: DEFAULT_SETTINGS.modelId,
      classIndex: 3,
      layer: 'conv_pw_12_relu',
      method: 'gradcam++',
      opacity: 0.7,
      colormap: 'inferno',
      viewMode: 'side-by-side',
      backendRequest: 'wasm',
    });
    expect(serializeUrl(store.getState(), true)).not.toContain('model=');
  });

  it('ignores invalid values and names them', () => {
    const parsed = parseUrl('?model=nope&class=-1&method=magic&opacity=2&colormap=x&view=y&backend=z');
    expect(parsed.settings).toEqual({});
    expect(parsed.ignored).toEqual([
      'model=nope',
      'class=-1',
      'method=magic',
      'opacity=2',
      'colormap=x',
      'view=y',
      'backend=z',
    ]);
  });
});

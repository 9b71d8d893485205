/**
 * The method options and the Guided view through the page's pipeline and the real engine (wasm,
 * MobileNet, chelsea): which engine calls each change makes, the options in force on the map, and
 * class switches that run no forward pass with every option on.
 */
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setNodeBackend } from '../node/backend';
import { readImage } from '../node/decode-image';
import { type NodeHost, nodeBitmap, nodeHost } from '../node/engine-host';
import { IMAGES_DIR } from '../node/testing';
import { type AppStore, createAppStore, isMapReady } from '../state/store';
import { type Actions, createActions } from './actions';
import { isGuidedReady } from './guided-stage';
import { catalogueSource } from './model-source';
import { Pipeline } from './pipeline';
import { callsFor as callsOf, settled } from './settled';

const BASE = 'file:///app/';

describe('pipeline: method options and the Guided view', () => {
  let store: AppStore;
  let host: NodeHost;
  let pipeline: Pipeline;
  let actions: Actions;
  let tensorsBefore: number;

  const callsFor = (change: () => void) => callsOf(store, host, change);

  beforeAll(async () => {
    await setNodeBackend('wasm');
    tensorsBefore = tf.memory().numTensors;
    const chelsea = await readImage(join(IMAGES_DIR, 'chelsea.png'));
    store = createAppStore();
    host = nodeHost('wasm');
    pipeline = new Pipeline({ store, host });
    actions = createActions(store, pipeline, { base: BASE, origin: 'null' });
    store.setState({ modelSource: catalogueSource('mobilenet_v1_0.25_224', BASE) });
    actions.showImage(nodeBitmap(chelsea), 'chelsea.png', 'chelsea');
    await callsFor(() => pipeline.start());
  });

  afterAll(() => {
    pipeline?.stop();
    expect(tf.memory().numTensors).toBe(tensorsBefore);
  });

  it('plain maps report the default options', () => {
    const s = store.getState();
    expect(s.map?.options).toEqual({
      layers: ['conv_pw_13_relu'],
      augSmooth: false,
      eigenSmooth: false,
      target: 'logit',
      versus: null,
    });
  });

  it('aug_smooth: the map and thumbnails again (five augmented forward passes), at the input size', async () => {
    expect(await callsFor(() => store.setState({ augSmooth: true }))).toEqual(['heatmap', 'heatmaps']);
    const s = store.getState();
    expect(s.map?.options.augSmooth).toBe(true);
    expect([s.map?.height, s.map?.width]).toEqual([224, 224]);
    expect(s.map?.forwardPasses).toBe(1 + 5);
    expect(isMapReady(s)).toBe(true);
  });

  it('several layers, probability and a versus class; class switches stay forward-free', async () => {
    const calls = await callsFor(() =>
      store.setState({ extraLayers: ['conv_pw_11_relu'], scoreTarget: 'probability', versusClass: 281 }),
    );
    expect(calls).toEqual(['heatmap', 'heatmaps']);
    let s = store.getState();
    expect(s.map?.options).toEqual({
      layers: ['conv_pw_11_relu', 'conv_pw_13_relu'],
      augSmooth: true,
      eigenSmooth: false,
      target: 'versus',
      versus: 281,
    });
    const passes = s.map?.forwardPasses ?? 0;
    const other = s.analysis?.predictions[2].index ?? -1;
    expect(await callsFor(() => actions.selectClass(other))).toEqual(['heatmap']);
    s = store.getState();
    expect(s.map?.classIndex).toBe(other);
    expect(s.map?.forwardPasses).toBe(passes);
  });

  it('the Guided view: one guided call, computed only while shown', async () => {
    store.setState({ augSmooth: false, extraLayers: [], scoreTarget: 'logit', versusClass: null });
    await settled(store);
    expect(await callsFor(() => store.setState({ viewMode: 'guided' }))).toEqual(['guided']);
    let s = store.getState();
    expect(isGuidedReady(s)).toBe(true);
    expect([s.guided?.width, s.guided?.height]).toEqual([224, 224]);
    expect(s.guided?.backprop).toHaveLength(224 * 224 * 4);
    expect(s.guided?.guidedCam).toHaveLength(224 * 224 * 4);
    // Guided Grad-CAM is darker where the map is low: it differs from the plain guided picture.
    expect(s.guided?.guidedCam.some((v, i) => v !== s.guided?.backprop[i])).toBe(true);
    const top = s.analysis?.predictions[1].index ?? -1;
    expect(await callsFor(() => actions.selectClass(top))).toEqual(['heatmap', 'guided']);
    s = store.getState();
    expect(s.guided?.classIndex).toBe(top);
    expect(await callsFor(() => store.setState({ viewMode: 'overlay' }))).toEqual([]);
    expect(await callsFor(() => actions.selectClass(s.analysis?.predictions[0].index ?? -1))).toEqual([
      'heatmap',
    ]);
  });
});

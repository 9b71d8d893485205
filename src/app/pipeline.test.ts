/**
 * The pipeline against the real engine (src/worker/engine-api.ts on tfjs's wasm backend, bundled
 * models, a real photo): for each change, which engine calls (stages) run, and what the store ends with.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { presetValue } from '../gradcam/preprocessing/presets';
import { setNodeBackend } from '../node/backend';
import { readImage } from '../node/decode-image';
import { type NodeHost, nodeBitmap, nodeHost } from '../node/engine-host';
import { IMAGES_DIR } from '../node/testing';
import { type AppStore, createAppStore, effectiveClass, isMapReady } from '../state/store';
import { threadsFor } from '../worker/wasm-threads';
import { type Actions, createActions } from './actions';
import { catalogueSource } from './model-source';
import { createOwnModelActions } from './own-model';
import { Pipeline } from './pipeline';
import { callsFor as callsOf, settled } from './settled';

const MOBILENET = 'mobilenet_v1_0.25_224';
const BASE = 'file:///app/';

describe('pipeline: which stages run for each change', () => {
  let store: AppStore;
  let host: NodeHost;
  /** The wasm thread count each engine was started with (the host's threads(): 2, 1 for video). */
  const threadsAsked: (number | undefined)[] = [];
  let pipeline: Pipeline;
  let actions: Actions;
  let ownModel: ReturnType<typeof createOwnModelActions>;
  let tensorsBefore: number;
  let chelsea: Awaited<ReturnType<typeof readImage>>;
  let coffee: Awaited<ReturnType<typeof readImage>>;

  const callsFor = (change: () => void) => callsOf(store, host, change);

  beforeAll(async () => {
    await setNodeBackend('wasm');
    tensorsBefore = tf.memory().numTensors;
    [chelsea, coffee] = await Promise.all([
      readImage(join(IMAGES_DIR, 'chelsea.png')),
      readImage(join(IMAGES_DIR, 'coffee.png')),
    ]);
    store = createAppStore();
    const base = nodeHost('wasm');
    host = {
      ...base,
      start: (request, onLost, threads) => {
        threadsAsked.push(threads);
        return base.start(request, onLost, threads);
      },
      // A 2-core machine's counts: the photo view 2, video 1 for a light model, 2 for a heavy one.
      threads: (use, multiplyAdds) => threadsFor(use, { cores: 2, isolated: true }, multiplyAdds),
    };
    pipeline = new Pipeline({ store, host });
    actions = createActions(store, pipeline, { base: BASE, origin: 'null' });
    ownModel = createOwnModelActions(store, actions.loadCustomModel);
    store.setState({ modelSource: catalogueSource(MOBILENET, BASE) });
  });

  afterAll(() => {
    pipeline?.stop();
    // The engine freed its model, session and image: tfjs holds what it held before.
    expect(tf.memory().numTensors).toBe(tensorsBefore);
  });

  it('start with a photo: engine, model, analysis, map and thumbnails, once each', async () => {
    actions.showImage(nodeBitmap(chelsea), 'chelsea.png', 'chelsea');
    const calls = await callsFor(() => pipeline.start());
    expect(calls).toEqual(['loadModel', 'setImage', 'heatmap', 'heatmaps']);
    const s = store.getState();
    expect(host.started).toHaveLength(1);
    expect(s.backend?.name).toBe('wasm');
    expect(isMapReady(s)).toBe(true);
    // Chelsea is a cat: the top class is one of ImageNet's cats (281-285), and the map is for it.
    const top = s.analysis?.predictions[0].index ?? -1;
    expect(top).toBeGreaterThanOrEqual(281);
    expect(top).toBeLessThanOrEqual(285);
    expect(s.map?.classIndex).toBe(top);
    expect([s.map?.height, s.map?.width]).toEqual([7, 7]);
    // Five thumbnails, the selected class's reused from the map rather than computed again.
    expect(s.thumbs?.maps.map((m) => m.classIndex).sort()).toEqual(
      s.analysis?.predictions.map((p) => p.index).sort(),
    );
    expect(s.thumbs?.maps.find((m) => m.classIndex === top)).toBe(s.map);
  });

  it('a new class: the map only', async () => {
    const second = store.getState().analysis?.predictions[1].index ?? -1;
    expect(await callsFor(() => actions.selectClass(second))).toEqual(['heatmap']);
    expect(store.getState().map?.classIndex).toBe(second);
    expect(isMapReady(store.getState())).toBe(true);
  });

  it('opacity, colour map and view: nothing', async () => {
    expect(
      await callsFor(() => {
        store.setState({ opacity: 0.8 });
        store.setState({ colormap: 'viridis' });
        store.setState({ viewMode: 'side-by-side' });
      }),
    ).toEqual([]);
  });

  it('a new layer: the map (and the thumbnails, which are per layer)', async () => {
    const map = store.getState().map;
    const calls = await callsFor(() => actions.selectLayer('conv_pw_12_relu'));
    expect(calls).toEqual(['heatmap', 'heatmaps']);
    const s = store.getState();
    expect(s.map?.layer).toBe('conv_pw_12_relu');
    expect(s.map?.classIndex).toBe(map?.classIndex);
    expect([s.map?.height, s.map?.width]).toEqual([7, 7]);
  });

  it('a new method: the map (and the thumbnails, drawn with it)', async () => {
    expect(await callsFor(() => actions.selectMethod('gradcam++'))).toEqual(['heatmap', 'heatmaps']);
    expect(store.getState().map?.method).toBe('gradcam++');
    expect(await callsFor(() => actions.selectMethod('gradcam'))).toEqual(['heatmap', 'heatmaps']);
    expect(await callsFor(() => actions.selectMethod('eigencam'))).toEqual(['heatmap', 'heatmaps']);
    expect(store.getState().thumbs?.maps.every((m) => m.method === 'eigencam')).toBe(true);
    await callsFor(() => actions.selectMethod('gradcam'));
  });

  it('a new image: analysis and map (and thumbnails), not the model', async () => {
    const calls = await callsFor(() => actions.showImage(nodeBitmap(coffee), 'coffee.png'));
    expect(calls).toEqual(['setImage', 'heatmap', 'heatmaps']);
    const s = store.getState();
    expect(s.classIndex).toBeNull();
    expect(s.map?.classIndex).toBe(s.analysis?.predictions[0].index);
    expect(s.map?.layer).toBe('conv_pw_12_relu');
  });

  it('a class chosen while its map is computing supersedes it: only the last map lands', async () => {
    await settled(store);
    const [, a, b] = store.getState().analysis?.predictions.map((p) => p.index) ?? [];
    actions.selectClass(a);
    await new Promise((resolve) => setTimeout(resolve, 0));
    actions.selectClass(b);
    await settled(store);
    expect(store.getState().map?.classIndex).toBe(b);
    expect(isMapReady(store.getState())).toBe(true);
  });

  it('the worker is lost: a fresh engine, and the same view is recomputed', async () => {
    await settled(store);
    const before = store.getState();
    const view = { classIndex: before.map?.classIndex, layer: before.map?.layer, method: before.map?.method };
    const calls = await callsFor(() => host.started[host.started.length - 1].crash());
    expect(calls).toEqual(['loadModel', 'setImage', 'heatmap', 'heatmaps']);
    expect(host.started).toHaveLength(2);
    const s = store.getState();
    expect(s.notice).toBe('The model engine stopped; restarted it on WebAssembly and recomputed the view.');
    expect({ classIndex: s.map?.classIndex, layer: s.map?.layer, method: s.map?.method }).toEqual(view);
    expect(Array.from(s.map?.lowRes ?? [])).toEqual(Array.from(before.map?.lowRes ?? []));
  });

  it('a video mode on wasm: a restart on a thread fewer, only the model while the photo view is hidden; and back: the same view, tensors at their level', async () => {
    await settled(store);
    const before = store.getState();
    const tensors = tf.memory().numTensors;
    const engines = host.started.length;
    for (const [use, threads, work] of [
      ['video', 1, ['loadModel']],
      ['photo', 2, ['loadModel', 'setImage', 'heatmap', 'heatmaps']],
    ] as const) {
      const calls = await callsFor(() => store.setState({ engineUse: use }));
      expect(calls).toEqual(work);
      expect(threadsAsked.at(-1)).toBe(threads);
      const s = store.getState();
      expect(s.notice).toBe(before.notice);
      expect(s.model.info?.key).toBe(before.model.info?.key);
      // The same use again: nothing to do.
      expect(await callsFor(() => store.setState({ engineUse: use }))).toEqual([]);
    }
    const s = store.getState();
    expect(s.map?.classIndex).toBe(before.map?.classIndex);
    expect(Array.from(s.map?.lowRes ?? [])).toEqual(Array.from(before.map?.lowRes ?? []));
    expect(tf.memory().numTensors).toBe(tensors);
    expect(host.started).toHaveLength(engines + 2);
  });

  it('a video mode that needs no restart keeps the photo view; a class picked meanwhile is mapped on return', async () => {
    await settled(store);
    const threads = host.threads;
    host.threads = () => 2; // a machine where both uses run the same count (9 cores or more)
    try {
      const mapBefore = store.getState().map;
      expect(await callsFor(() => store.setState({ engineUse: 'video' }))).toEqual([]);
      // A new class while the camera runs: the photo view waits for its return.
      expect(await callsFor(() => store.setState({ classIndex: 281 }))).toEqual([]);
      expect(store.getState().map).toBe(mapBefore);
      expect(await callsFor(() => store.setState({ engineUse: 'photo' }))).toEqual(['heatmap']);
      expect(store.getState().map?.classIndex).toBe(281);
    } finally {
      host.threads = threads;
      await callsFor(() => store.setState({ classIndex: null }));
    }
  });

  it('a new model: load, analysis, map; the selection resets to its defaults', async () => {
    const calls = await callsFor(() => actions.selectModel('darknet_tiny'));
    expect(calls).toEqual(['loadModel', 'setImage', 'heatmap', 'heatmaps']);
    const s = store.getState();
    expect(s.model.info?.key).toBe('catalogue:darknet_tiny');
    expect(s.layer).toBeNull();
    expect(s.map?.layer).toBe(s.model.info?.defaultLayer);
    expect(s.map?.classIndex).toBe(effectiveClass(s));
  });

  it('a video file with a heavy model (Tiny Darknet) keeps every wasm thread, the camera a thread fewer; a light model picked there loads on a thread fewer', async () => {
    await settled(store);
    expect(store.getState().modelCost?.key).toBe('catalogue:darknet_tiny');
    expect(store.getState().modelCost?.multiplyAdds).toBeGreaterThan(400e6);
    let engines = host.started.length;
    expect(await callsFor(() => store.setState({ engineUse: 'video' }))).toEqual([]);
    expect(host.started).toHaveLength(engines);
    // Not heavy enough for the camera (src/worker/wasm-threads.ts): a restart each way, the model only.
    expect(await callsFor(() => store.setState({ engineUse: 'camera' }))).toEqual(['loadModel']);
    expect(threadsAsked.at(-1)).toBe(1);
    expect(await callsFor(() => store.setState({ engineUse: 'video' }))).toEqual(['loadModel']);
    expect(threadsAsked.at(-1)).toBe(2);
    expect(host.started).toHaveLength(engines + 2);
    engines = host.started.length;
    // MobileNet's cost is unknown until it loads, and unknown leaves the page a core: one restart, one load.
    expect(await callsFor(() => actions.selectModel(MOBILENET))).toEqual(['loadModel']);
    expect(threadsAsked.at(-1)).toBe(1);
    expect(host.started).toHaveLength(engines + 1);
    expect(store.getState().modelCost?.key).toBe(`catalogue:${MOBILENET}`);
    // Known to be light now: nothing more (no restart loop), and back in the photo view every thread.
    expect(await callsFor(() => store.setState({ engineUse: 'photo' }))).toEqual([
      'loadModel',
      'setImage',
      'heatmap',
      'heatmaps',
    ]);
    expect(threadsAsked.at(-1)).toBe(2);
    expect(await callsFor(() => actions.selectModel('darknet_tiny'))).toEqual([
      'loadModel',
      'setImage',
      'heatmap',
      'heatmaps',
    ]);
  });

  it('a new preprocessing: analysis, map and thumbnails, not the model; a centre crop says its region', async () => {
    await settled(store);
    const own = store.getState().analysis;
    expect(own?.details?.preprocess).toBe('zero-one'); // Tiny Darknet's own (catalogue)
    const calls = await callsFor(() => ownModel.choosePreprocess(presetValue('minus-one-one')));
    expect(calls).toEqual(['setImage', 'heatmap', 'heatmaps']);
    let s = store.getState();
    expect(s.model.info?.key).toBe('catalogue:darknet_tiny');
    expect(s.analysis?.details?.preprocess).toBe('minus-one-one');
    // Another input, so other scores (the weights are the same).
    expect(Array.from(s.analysis?.probabilities ?? [])).not.toEqual(Array.from(own?.probabilities ?? []));
    expect(s.analysis?.region).toMatchObject({ x: 0, y: 0, width: coffee.width, height: coffee.height });

    // PyTorch's convention crops the centre (0.875 of the largest centred square of the photo).
    expect(await callsFor(() => ownModel.choosePreprocess(presetValue('torch')))).toEqual([
      'setImage',
      'heatmap',
      'heatmaps',
    ]);
    s = store.getState();
    const side = Math.round(Math.min(coffee.width, coffee.height) * 0.875);
    expect(s.analysis?.region).toEqual({
      x: Math.floor((coffee.width - side) / 2),
      y: Math.floor((coffee.height - side) / 2),
      width: side,
      height: side,
      imageWidth: coffee.width,
      imageHeight: coffee.height,
    });

    // Back to the model's own: the first analysis again, still without a reload.
    expect(await callsFor(() => ownModel.choosePreprocess(null))).toEqual([
      'setImage',
      'heatmap',
      'heatmaps',
    ]);
    s = store.getState();
    expect(s.analysis?.details?.preprocess).toBe('zero-one');
    expect(Array.from(s.analysis?.probabilities ?? [])).toEqual(Array.from(own?.probabilities ?? []));
  });

  it('a model that fails to load: the previous one stays, with its selection, and Retry tries again', async () => {
    await settled(store);
    const dir = mkdtempSync(join(tmpdir(), 'pipeline-'));
    writeFileSync(join(dir, 'model.json'), 'this is { not json');
    const url = pathToFileURL(join(dir, 'model.json')).href;
    store.setState({
      modelSource: {
        kind: 'url',
        key: `url:${url}`,
        title: 'broken',
        url,
        meta: { preprocess: { scale: 1, offset: 0 } },
      },
    });
    await settled(store);
    let s = store.getState();
    expect(s.error).toMatch(/not valid JSON.*Still using Tiny Darknet/i);
    expect(s.retryModel).toBe(s.error);
    expect(s.modelSource?.key).toBe('catalogue:darknet_tiny');
    expect(s.modelId).toBe('darknet_tiny');
    expect(isMapReady(s)).toBe(true);
    host.calls.length = 0;
    actions.retryModelLoad();
    await settled(store);
    s = store.getState();
    // The engine kept the previous model and its analysis: nothing else is recomputed.
    expect(host.calls).toEqual(['loadModel']);
    expect(s.error).toMatch(/Still using/);
    expect(s.modelSource?.key).toBe('catalogue:darknet_tiny');
    expect(isMapReady(s)).toBe(true);
    actions.dismissError();
  });

  it('cancelling a slow map keeps the previous map and does not restart it', async () => {
    await settled(store);
    const shown = store.getState().map;
    actions.selectMethod('scorecam');
    await new Promise((resolve) => setTimeout(resolve, 0));
    actions.cancelMap();
    await settled(store);
    const s = store.getState();
    expect(s.notice).toMatch(/Cancelled/);
    expect(s.map).toBe(shown);
    expect(isMapReady(s)).toBe(false);
    host.calls.length = 0;
    await callsFor(() => store.setState({ opacity: 0.3 }));
    expect(host.calls).toEqual([]);
  });
});

/**
 * The trust stage on the real engine (wasm, MobileNet, a real photo): metrics run as one "trust"
 * call on request and land keyed to the map; they are not recomputed for an unchanged view, a new
 * class makes them stale; a cancelled sanity check stops and is not restarted; tfjs memory returns.
 */
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setNodeBackend } from '../../node/backend';
import { readImage } from '../../node/decode-image';
import { type NodeHost, nodeBitmap, nodeHost } from '../../node/engine-host';
import { IMAGES_DIR } from '../../node/testing';
import { type AppStore, createAppStore, isMapReady } from '../../state/store';
import { currentTrust, trustKey, trustPending } from '../../state/trust';
import { createActions } from '../actions';
import { catalogueSource } from '../model-source';
import { Pipeline } from '../pipeline';
import { settled } from '../settled';
import { createTrustActions, type TrustActions } from './actions';
import { currentBoxes } from './boxes';
import { measuredRows, shownMetrics } from './rows';

const BASE = 'file:///app/';

describe('trust stage', () => {
  let store: AppStore;
  let host: NodeHost;
  let pipeline: Pipeline;
  let trust: TrustActions;
  let tensorsBefore: number;

  beforeAll(async () => {
    await setNodeBackend('wasm');
    tensorsBefore = tf.memory().numTensors;
    const chelsea = await readImage(join(IMAGES_DIR, 'chelsea.png'));
    store = createAppStore();
    host = nodeHost('wasm');
    pipeline = new Pipeline({ store, host });
    const actions = createActions(store, pipeline, { base: BASE, origin: 'null' });
    trust = createTrustActions(store, pipeline);
    store.setState({ modelSource: catalogueSource('mobilenet_v1_0.25_224', BASE) });
    actions.showImage(nodeBitmap(chelsea), 'chelsea.png', 'chelsea');
    pipeline.start();
    await settled(store, 60_000);
    expect(isMapReady(store.getState())).toBe(true);
  }, 120_000);

  afterAll(() => {
    pipeline?.stop();
    expect(tf.memory().numTensors).toBe(tensorsBefore);
  });

  it('metrics: one trust call, keyed to the map, not recomputed for the same view', async () => {
    host.calls.length = 0;
    let sawProgress = false;
    const unsubscribe = store.subscribe(
      (s) => s.trustProgress,
      (p) => {
        if (p && p.fraction > 0) sawProgress = true;
      },
    );
    trust.runTrust('metrics');
    expect(trustPending(store.getState(), 'metrics')).toBe(true);
    await settled(store, 60_000);
    unsubscribe();
    expect(host.calls).toEqual(['trust']);
    expect(sawProgress).toBe(true);
    const s = store.getState();
    expect(s.error).toBeNull();
    const m = currentTrust(s, 'metrics');
    expect(m?.method).toBe('gradcam');
    expect(m?.classIndex).toBe(s.map?.classIndex);
    expect(m?.deletionCurve).toHaveLength(51);
    // A faithful map: deleting its pixels first hurts the class more than inserting them helps it late.
    expect(m?.deletionAuc).toBeLessThan(m?.insertionAuc ?? 0);
    expect(m?.averageDrop).toBeGreaterThanOrEqual(0);
    expect(m?.averageDrop).toBeLessThanOrEqual(1);
    expect(trustPending(s, 'metrics')).toBe(false);

    host.calls.length = 0;
    trust.runTrust('metrics');
    store.setState({ opacity: 0.7 });
    await settled(store, 60_000);
    expect(host.calls).toEqual([]);
  }, 120_000);

  it('boxes follow the threshold and lie inside the photo', () => {
    const s = store.getState();
    const [box] = currentBoxes(s);
    const image = s.image as NonNullable<typeof s.image>;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.w).toBeLessThanOrEqual(image.width + 1e-6);
    expect(box.y + box.h).toBeLessThanOrEqual(image.height + 1e-6);
    expect(currentBoxes(s)).toBe(currentBoxes(s));
    trust.setBoxThreshold(60);
    const [tight] = currentBoxes(store.getState());
    expect(tight.w * tight.h).toBeLessThan(box.w * box.h);
    trust.setBoxThreshold(15);
  });

  it('compare rows (the engine on two methods) sort by the chosen metric and show the shown method', async () => {
    const s = store.getState();
    const engine = host.started[0];
    const result = await engine.trust({
      kind: 'compare',
      classIndex: s.map?.classIndex as number,
      layer: s.map?.layer as string,
      methods: ['gradcam', 'eigencam'],
    });
    expect(result.kind).toBe('compare');
    if (result.kind !== 'compare') return;
    store.setState({ compare: { key: trustKey(s, 'compare') as string, rows: result.rows } });
    const rows = measuredRows(store.getState());
    expect(rows.map((r) => r.method).sort()).toEqual(['eigencam', 'gradcam']);
    expect(rows[0].metrics.deletionAuc).toBeLessThanOrEqual(rows[1].metrics.deletionAuc);
    expect(rows.every((r) => r.map.values.length === 49)).toBe(true);
    trust.setCompareSort('insertionAuc');
    const byInsertion = measuredRows(store.getState());
    expect(byInsertion[0].metrics.insertionAuc).toBeGreaterThanOrEqual(byInsertion[1].metrics.insertionAuc);
    // The shown map (Grad-CAM) gets its own row's metrics, equal to its own metrics run.
    const own = currentTrust(store.getState(), 'metrics');
    const shown = shownMetrics(store.getState());
    expect(shown?.method).toBe('gradcam');
    expect(shown?.deletionAuc).toBeCloseTo(own?.deletionAuc ?? -1, 6);
    expect(shown?.road ?? 0).toBeCloseTo(own?.road ?? -1, 6);
    trust.setCompareSort('deletionAuc');
  }, 120_000);

  it('a new class makes the metrics stale; a cancelled sanity check is not restarted', async () => {
    const second = store.getState().analysis?.predictions[1].index ?? -1;
    store.setState({ classIndex: second });
    await settled(store, 60_000);
    expect(currentTrust(store.getState(), 'metrics')).toBeNull();

    host.calls.length = 0;
    trust.runTrust('sanity');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(store.getState().running).toMatch(/Sanity/);
    trust.cancelTrust();
    await settled(store, 60_000);
    expect(host.calls).toEqual(['trust']);
    expect(currentTrust(store.getState(), 'sanity')).toBeNull();
    expect(trustPending(store.getState(), 'sanity')).toBe(false);
    host.calls.length = 0;
    store.setState({ opacity: 0.4 });
    await settled(store, 60_000);
    expect(host.calls).toEqual([]);
  }, 120_000);
});

/**
 * The engine's benchmark without an image (the video modes set none: bench/video.bench.ts times the
 * video engine's forward and forward + map that way): it runs on a stand-in of the model's input
 * size, leaves no image analysed, and gives every tensor back.
 */
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../app/engine';
import { catalogueSource } from '../app/model-source';
import { setNodeBackend } from '../node/backend';
import { nodeHost } from '../node/engine-host';

describe('engine.benchmark without an image', () => {
  let engine: Engine;

  beforeAll(async () => {
    await setNodeBackend('wasm');
    ({ engine } = await nodeHost('wasm').start('wasm', () => undefined));
    await engine.loadModel(catalogueSource('mobilenet_v1_0.25_224', 'file:///app/'));
  }, 120_000);
  afterAll(() => engine?.terminate());

  it('times forward, a batch of 8 and forward + map on a stand-in, and leaks nothing', async () => {
    const before = tf.memory().numTensors;
    const { cases } = await engine.benchmark({
      runs: 2,
      warmup: 1,
      cases: ['forward', 'forward-batch8', 'new-image'],
      soakRuns: 0,
    });
    expect(cases.map((c) => c.case)).toEqual(['forward', 'forward-batch8', 'new-image']);
    for (const c of cases) expect(c.medianMs).toBeGreaterThan(0);
    expect((await engine.memory()).image).toBeNull();
    expect(tf.memory().numTensors).toBe(before);
  }, 120_000);
});

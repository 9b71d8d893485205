/**
 * The engine's frame call (camera/video) through the Node engine (the worker's own engine-api on
 * wasm): a frame's map is the single-image view's map of the same picture, the locked class is
 * honoured, the photo view's session is left alone, and releaseFrames() gives every tensor back.
 */
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../app/engine';
import { catalogueSource } from '../app/model-source';
import { setNodeBackend } from '../node/backend';
import { readImage } from '../node/decode-image';
import { nodeBitmap, nodeHost } from '../node/engine-host';
import { IMAGES_DIR, maxAbsDiff } from '../node/testing';

const MOBILENET = 'mobilenet_v1_0.25_224';

describe('engine.frame', () => {
  let engine: Engine;
  let layer: string;
  let before: number;
  let chelsea: Awaited<ReturnType<typeof readImage>>;
  let coffee: Awaited<ReturnType<typeof readImage>>;

  beforeAll(async () => {
    await setNodeBackend('wasm');
    [chelsea, coffee] = await Promise.all([
      readImage(join(IMAGES_DIR, 'chelsea.png')),
      readImage(join(IMAGES_DIR, 'coffee.png')),
    ]);
    ({ engine } = await nodeHost('wasm').start('wasm', () => undefined));
    const info = await engine.loadModel(catalogueSource(MOBILENET, 'file:///app/'));
    layer = info.defaultLayer;
  }, 120_000);
  afterAll(() => engine?.terminate());

  it('gives the photo view’s map and top-1, honours a locked class, and leaks nothing', async () => {
    const analysis = await engine.setImage(nodeBitmap(chelsea));
    const top1 = analysis.predictions[0].index;
    const photoMap = await engine.heatmap({ classIndex: top1, layer, method: 'gradcam' });
    before = tf.memory().numTensors;

    const own = await engine.frame(nodeBitmap(chelsea), { layer, method: 'gradcam' });
    expect(own.classIndex).toBe(top1);
    expect(own.probability).toBeCloseTo(analysis.probabilities[top1], 5);
    expect([own.height, own.width]).toEqual([photoMap.height, photoMap.width]);
    expect(maxAbsDiff(own.lowRes, photoMap.lowRes)).toBeLessThan(1e-4);

    // Locked to the cat's class while the frame shows coffee: the map is that class's, not coffee's top-1.
    const locked = await engine.frame(nodeBitmap(coffee), { layer, method: 'gradcam', classIndex: top1 });
    const coffeeTop1 = (await engine.frame(nodeBitmap(coffee), { layer, method: 'gradcam' })).classIndex;
    expect(coffeeTop1).not.toBe(top1);
    expect(locked.classIndex).toBe(top1);
    expect(locked.predictions[0].index).toBe(coffeeTop1);

    // The photo view's session still holds the cat: its map is unchanged.
    const again = await engine.heatmap({ classIndex: top1, layer, method: 'gradcam' });
    expect(maxAbsDiff(again.lowRes, photoMap.lowRes)).toBe(0);

    await engine.releaseFrames();
    expect(tf.memory().numTensors).toBe(before);
  }, 120_000);
});

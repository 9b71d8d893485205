/** The page's photo frame: the analysis's crop region (worker-copy pixels) in the shown photo's pixels. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { GOLDEN_DIR } from '../../node/testing';
import { createAppStore } from '../../state/store';
import { currentBoxes, photoFrame } from './boxes';
import { photoBoxes } from './boxes-view';

const read = (f: string) => JSON.parse(readFileSync(join(GOLDEN_DIR, f), 'utf8'));

describe('photo frame and boxes through a centre crop', () => {
  const cam = read('mobilenet-chelsea-285-gradcam.json');
  const [pw, ph] = read('mobilenet-chelsea-285-gradcam.metrics.json').boxes.photo_size;

  function state(region?: { x: number; y: number; width: number; height: number }, copyScale = 1) {
    const store = createAppStore();
    const lowRes = Float32Array.from(cam.raw_cam_norm.flat());
    store.setState({
      image: { bitmap: {} as ImageBitmap, width: pw, height: ph, name: 'x', sampleId: null, token: 1 },
      model: {
        status: 'ready',
        progress: 1,
        source: null,
        info: { labels: { [cam.class_index]: 'Egyptian cat' }, inputSize: [224, 224] },
      } as never,
      analysis: {
        key: 'k',
        probabilities: Object.assign(new Float32Array(1000), { [cam.class_index]: 0.5 }),
        predictions: [],
        forwardMs: 0,
        forwardPasses: 1,
        ...(region
          ? {
              region: {
                ...region,
                imageWidth: Math.round(pw * copyScale),
                imageHeight: Math.round(ph * copyScale),
              },
            }
          : {}),
      },
      map: { classIndex: cam.class_index, lowRes, width: 7, height: 7 } as never,
    });
    return store.getState();
  }

  it('no region: the whole photo', () => {
    expect(photoFrame(state())).toEqual({ width: pw, height: ph });
  });

  it('a region in a half-size worker copy is scaled to the photo, and the boxes map through it', () => {
    // The worker's copy is (about) half the photo's size: whole pixels there.
    const [cw, ch] = [Math.round(pw * 0.5), Math.round(ph * 0.5)];
    const side = Math.min(cw, ch);
    const region = { x: Math.floor((cw - side) / 2), y: 0, width: side, height: side };
    const s = state(region, 0.5);
    const frame = photoFrame(s);
    const [sx, sy] = [pw / cw, ph / ch];
    expect(frame?.crop).toEqual({ x: region.x * sx, y: 0, w: side * sx, h: side * sy });
    const [box] = currentBoxes(s);
    const [expected] = photoBoxes(
      { classIndex: cam.class_index, lowRes: s.map!.lowRes, width: 7, height: 7 },
      [224, 224],
      frame!,
      15,
      'Egyptian cat',
      0.5,
    );
    expect(box).toEqual(expected);
    // Inside the crop, not the whole photo.
    expect(box.x).toBeGreaterThanOrEqual(region.x * sx - 0.01);
    expect(box.x + box.w).toBeLessThanOrEqual((region.x + side) * sx + 0.01);
    expect(box.score).toBe(0.5);
  });
});

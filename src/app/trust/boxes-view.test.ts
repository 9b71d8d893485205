/** The page's boxes from the layer-resolution map equal the golden boxes (photo pixels, stretch and crop). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { GOLDEN_DIR } from '../../node/testing';
import { photoBoxes, scoreUserBox } from './boxes-view';

const read = (f: string) => JSON.parse(readFileSync(join(GOLDEN_DIR, f), 'utf8'));

describe.each(['darknet-dog-14-gradcam', 'mobilenet-chelsea-285-gradcam', 'darknet-dog-254-gradcam'])(
  'page boxes on %s',
  (name) => {
    const cam = read(`${name}.json`);
    const g = read(`${name}.metrics.json`).boxes;
    const map = {
      classIndex: cam.class_index,
      lowRes: Float32Array.from(cam.raw_cam_norm.flat()),
      height: cam.layer_shape[0],
      width: cam.layer_shape[1],
    };
    const [pw, ph] = g.photo_size;
    const near = (got: { x: number; y: number; w: number; h: number }, want: typeof got) => {
      for (const [a, b] of [
        [got.x, want.x],
        [got.y, want.y],
        [got.x + got.w, want.x + want.w],
        [got.y + got.h, want.y + want.h],
      ])
        expect(Math.abs(a - b)).toBeLessThanOrEqual(1);
    };

    it('maps the largest component to the stretched photo and through a centre crop', () => {
      const [box] = photoBoxes(map, [224, 224], { width: pw, height: ph }, 15, 'x', 0.5);
      expect(box).toMatchObject({ classIndex: cam.class_index, label: 'x', score: 0.5 });
      near(box, g.box.photo);
      const [cx, cy, cw, ch] = g['mapping_example_center_crop_1.0'].crop;
      const [cropped] = photoBoxes(
        map,
        [224, 224],
        { width: pw, height: ph, crop: { x: cx, y: cy, w: cw, h: ch } },
        15,
        'x',
        0.5,
      );
      near(cropped, g['mapping_example_center_crop_1.0'].photo);
    });

    it('scores a user box: IoU 1 on the map box itself, the pointing game', () => {
      const photo = { width: pw, height: ph };
      const boxes = photoBoxes(map, [224, 224], photo, 15, 'x', 0.5);
      const self = scoreUserBox(boxes[0], map, [224, 224], photo, boxes);
      expect(self.iou).toBeCloseTo(1, 10);
      const corner = scoreUserBox({ x: 0, y: 0, w: 1, h: 1 }, map, [224, 224], photo, boxes);
      expect(corner.iou).toBeLessThan(0.01);
      expect(corner.hit).toBe(false);
      expect(scoreUserBox({ x: 0, y: 0, w: pw, h: ph }, map, [224, 224], photo, boxes).hit).toBe(true);
    });
  },
);

/** planesToRgb against ffmpeg's own YUV encoding of a real photo, and against tf's resizeBilinear. */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { setNodeBackend } from '../node/backend';
import { IMAGES_DIR } from '../node/testing';
import { planesToRgb } from './yuv';

const W = 320;
const H = 240;
const photo = join(IMAGES_DIR, 'chelsea.png');
/** The photo scaled to W x H by ffmpeg, in a raw pixel format. */
const raw = (pixFmt: string, extra: string[] = []) =>
  new Uint8Array(
    execFileSync('ffmpeg', [
      '-v',
      'error',
      '-i',
      photo,
      '-vf',
      `scale=${W}:${H}`,
      ...extra,
      '-f',
      'rawvideo',
      '-pix_fmt',
      pixFmt,
      '-',
    ]),
  );
const meanAbs = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += Math.abs(a[i] - b[i]);
  return s / a.length;
};

describe('planesToRgb', () => {
  let rgb: Uint8Array;
  beforeAll(async () => {
    await setNodeBackend('cpu');
    rgb = raw('rgb24');
  });

  it('decodes NV12 and I420 (BT.601, limited range, as ffmpeg encodes them) back to the photo', () => {
    const nv12 = raw('nv12');
    const i420 = raw('yuv420p');
    const ySize = W * H;
    const fromNv12 = planesToRgb(
      {
        format: 'NV12',
        width: W,
        height: H,
        data: nv12,
        layout: [
          { offset: 0, stride: W },
          { offset: ySize, stride: W },
        ],
      },
      W,
      H,
    );
    const fromI420 = planesToRgb(
      {
        format: 'I420',
        width: W,
        height: H,
        data: i420,
        layout: [
          { offset: 0, stride: W },
          { offset: ySize, stride: W / 2 },
          { offset: ySize + ySize / 4, stride: W / 2 },
        ],
      },
      W,
      H,
    );
    // Chroma is stored at half resolution: a small error, nothing like a wrong matrix or range.
    expect(meanAbs(fromNv12, rgb)).toBeLessThan(4);
    expect(meanAbs(fromI420, fromNv12)).toBeLessThan(0.5);
    // The wrong range (full instead of limited) is clearly worse: the test can tell.
    const wrong = planesToRgb(
      {
        format: 'NV12',
        width: W,
        height: H,
        data: nv12,
        layout: [
          { offset: 0, stride: W },
          { offset: ySize, stride: W },
        ],
        fullRange: true,
      },
      W,
      H,
    );
    expect(meanAbs(wrong, rgb)).toBeGreaterThan(2 * meanAbs(fromNv12, rgb));
  });

  it('resizes as tf.image.resizeBilinear with half-pixel centres does (RGBA and BGRA, padded rows)', () => {
    const stride = W * 4 + 16; // padded rows, as some decoders give
    const rgba = new Uint8Array(stride * H);
    const bgra = new Uint8Array(stride * H);
    for (let y = 0; y < H; y++)
      for (let x = 0; x < W; x++) {
        const i = (y * W + x) * 3;
        const o = y * stride + x * 4;
        rgba.set([rgb[i], rgb[i + 1], rgb[i + 2], 255], o);
        bgra.set([rgb[i + 2], rgb[i + 1], rgb[i], 255], o);
      }
    const layout = [{ offset: 0, stride }];
    const mine = planesToRgb({ format: 'RGBA', width: W, height: H, data: rgba, layout }, 224, 224);
    expect(planesToRgb({ format: 'BGRA', width: W, height: H, data: bgra, layout }, 224, 224)).toEqual(mine);
    const reference = tf.tidy(() =>
      tf.image
        .resizeBilinear(tf.tensor3d(rgb, [H, W, 3], 'float32'), [224, 224], false, true)
        .round()
        .dataSync(),
    );
    expect(meanAbs(mine, reference)).toBeLessThan(0.6);
    let worst = 0;
    for (let i = 0; i < mine.length; i++) worst = Math.max(worst, Math.abs(mine[i] - reference[i]));
    expect(worst).toBeLessThanOrEqual(1);
  });
});

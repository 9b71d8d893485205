/** The explain command line, spawned as `npm run explain` would run it. */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { parseNpy } from '../node/npy';
import { GOLDEN_DIR, IMAGES_DIR, testModelsDir } from '../node/testing';
import { spawnExplain } from './spawn-explain';

function explain(...args: string[]) {
  return spawnExplain(args);
}

describe('npm run explain', () => {
  it('explains chelsea.png with MobileNet: JSON, overlay PNG and dumped input', () => {
    const dir = mkdtempSync(join(tmpdir(), 'explain-'));
    const out = join(dir, 'r.json');
    const png = join(dir, 'o.png');
    const dump = join(dir, 'in.npy');
    const run = explain(
      '--model',
      'mobilenet_v1_0.25_224',
      '--image',
      join(IMAGES_DIR, 'chelsea.png'),
      '--out',
      out,
      '--png',
      png,
      '--dump-input',
      dump,
      '--top-k',
      '3',
    );
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const r = JSON.parse(readFileSync(out, 'utf8'));
    expect(Object.keys(r)).toEqual([
      'model',
      'backend',
      'layer',
      'layerShape',
      'method',
      'classIndex',
      'classLabel',
      'score',
      'topK',
      'cam',
      'heatmap',
      'timingsMs',
      'task',
      'preprocess',
      'labelsFrom',
      'region',
    ]);
    expect(r).toMatchObject({
      model: 'mobilenet_v1_0.25_224',
      backend: 'wasm',
      layer: 'conv_pw_13_relu',
      layerShape: [7, 7, 256],
      method: 'gradcam',
      classIndex: 285,
      classLabel: 'Egyptian cat',
    });
    expect(r.topK).toHaveLength(3);
    expect(r.topK[0]).toMatchObject({ index: 285, label: 'Egyptian cat' });
    expect(r.score).toBeCloseTo(r.topK[0].score, 6);
    expect(r.cam).toHaveLength(7);
    expect(r.cam[0]).toHaveLength(7);
    expect(r.heatmap).toHaveLength(224);
    expect(r.heatmap[0]).toHaveLength(224);
    expect(Math.max(...r.heatmap.flat())).toBeCloseTo(1, 5);
    expect(Object.keys(r.timingsMs)).toEqual(['load', 'forward', 'cam']);
    const image = PNG.sync.read(readFileSync(png));
    expect([image.width, image.height]).toEqual([451, 300]);
    expect(parseNpy(readFileSync(dump)).shape).toEqual([1, 224, 224, 3]);
  });

  it('takes a preprocessed .npy, a class, a layer, a method and the cpu backend (Darknet order)', () => {
    const run = explain(
      '--model',
      join(testModelsDir(), 'darknet_tiny'),
      '--input-npy',
      join(GOLDEN_DIR, 'darknet-dog-254-gradcam.input.npy'),
      '--class',
      '254',
      '--layer',
      'leaky_re_lu_15',
      '--method',
      'layercam',
      '--backend',
      'cpu',
    );
    expect(run.status).toBe(0);
    const r = JSON.parse(run.stdout);
    expect(r).toMatchObject({
      backend: 'cpu',
      classIndex: 254,
      method: 'layercam',
      layerShape: [14, 14, 128],
    });
    expect(r.classLabel).toMatch(/mountain bike/);
  });

  it.each([
    [
      ['--model', 'mobilenet_v1_0.25_224', '--image', join(IMAGES_DIR, 'chelsea.png'), '--method', 'nope'],
      /method/,
    ],
    [
      ['--model', 'mobilenet_v1_0.25_224', '--image', join(IMAGES_DIR, 'chelsea.png'), '--class', 'x'],
      /--class/,
    ],
    [['--model', 'mobilenet_v1_0.25_224', '--bogus'], /bogus/],
    [['--model', 'mobilenet_v1_0.25_224', '--image', '/no/such.png'], /cannot read image/],
    [['--model', '/no/such/model', '--image', join(IMAGES_DIR, 'chelsea.png')], /model not found/],
    [
      ['--model', 'mobilenet_v1_0.25_224', '--image', join(IMAGES_DIR, 'chelsea.png'), '--layer', 'nope'],
      /Unknown layer/,
    ],
    [
      ['--model', join(IMAGES_DIR, 'chelsea.png'), '--image', join(IMAGES_DIR, 'chelsea.png')],
      /not valid JSON/,
    ],
  ])('fails with one line and exit code 2: %s', (args, message) => {
    const run = explain(...(args as string[]));
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(message as RegExp);
  });
});

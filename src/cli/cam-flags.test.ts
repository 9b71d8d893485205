/** The explain command's method-option flags, spawned as `npm run explain` runs them, on golden inputs. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { smallCnn } from '../gradcam/testing/own-models';
import { parseNpy } from '../node/npy';
import { saveModelToDir } from '../node/save-model';
import { GOLDEN_DIR, maxAbsDiff, pearson, testModelsDir } from '../node/testing';

const ROOT = resolve(import.meta.dirname, '..', '..');
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');

function explain(...args: string[]) {
  return spawnSync(TSX, [join(ROOT, 'src', 'cli', 'explain.ts'), ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, GRADCAM_MODELS_DIR: testModelsDir() },
    timeout: 120_000,
  });
}

const golden = (name: string) => JSON.parse(readFileSync(join(GOLDEN_DIR, `${name}.json`), 'utf8'));
const input = (name: string) => join(GOLDEN_DIR, `${name}.input.npy`);

describe('npm run explain: method options', () => {
  it('--versus and --guided: the versus golden map and the guided gradient golden', () => {
    const dir = mkdtempSync(join(tmpdir(), 'explain-cam-'));
    const guided = join(dir, 'g.npy');
    const name = 'mobilenet-chelsea-285-vs-281-gradcam';
    const run = explain(
      '--model',
      'mobilenet_v1_0.25_224',
      '--input-npy',
      input(name),
      '--class',
      '285',
      '--versus',
      '281',
      '--guided',
      guided,
    );
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const r = JSON.parse(run.stdout);
    const g = golden(name);
    expect(r.options).toEqual({
      layers: ['conv_pw_13_relu'],
      augSmooth: false,
      eigenSmooth: false,
      target: 'versus',
      versus: 281,
    });
    expect(r.targetValue).toBeCloseTo(g.target_value, 4);
    expect(maxAbsDiff(r.heatmap.flat(), g.cam_224.flat())).toBeLessThan(0.01);
    const npy = parseNpy(readFileSync(guided));
    expect(npy.shape).toEqual([224, 224, 3]);
    const ref = parseNpy(readFileSync(join(GOLDEN_DIR, 'mobilenet-chelsea-285-guided.guided.npy')));
    expect(pearson(npy.data, ref.data)).toBeGreaterThanOrEqual(0.999);
    expect(r.guided).toMatchObject({ file: guided, shape: [224, 224, 3] });
  });

  it('--guided on a 1-channel model writes H x W x 1 (the model input), on a non-square input', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'explain-gray-'));
    await tf.setBackend('cpu');
    const net = smallCnn({ shape: [12, 20, 1], units: 3, activation: 'softmax' });
    const model = await saveModelToDir(net, join(dir, 'gray'), {
      userDefinedMetadata: { gradcam: { preprocess: 'gray-zero-one' } },
    });
    net.dispose();
    const guided = join(dir, 'g.npy');
    const run = explain(
      '--model',
      model,
      '--image',
      join(ROOT, 'public', 'samples', 'chelsea.png'),
      '--guided',
      guided,
    );
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout).guided).toMatchObject({ shape: [12, 20, 1] });
    const npy = parseNpy(readFileSync(guided));
    expect(npy.shape).toEqual([12, 20, 1]);
    expect(npy.data.some((v) => v !== 0)).toBe(true);
  });

  it('--layers, --target probability, --method shapleycam', () => {
    const name = 'mobilenet-hopper-457-mid-shapleycam-prob';
    const run = explain(
      '--model',
      'mobilenet_v1_0.25_224',
      '--input-npy',
      input(name),
      '--class',
      '457',
      '--layers',
      'conv_pw_11_relu',
      '--target',
      'probability',
      '--method',
      'shapleycam',
    );
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const r = JSON.parse(run.stdout);
    const g = golden(name);
    expect(r.method).toBe('shapleycam');
    expect(r.options).toMatchObject({ layers: ['conv_pw_11_relu'], target: 'probability' });
    expect(r.targetValue).toBeCloseTo(g.target_value, 4);
    expect(pearson(r.cam.flat(), g.raw_cam.flat())).toBeGreaterThanOrEqual(0.999);
    expect(maxAbsDiff(r.heatmap.flat(), g.cam_224.flat())).toBeLessThan(0.01);
  });

  it.each([
    [['--target', 'softmax'], /--target must be logit or probability/],
    [['--versus', 'cat'], /--versus must be a class index/],
    [['--layers', ','], /--layers needs layer names/],
    [['--layers', 'conv_pw_13_relu,nope'], /Unknown layer 'nope'/],
    [['--versus', '5000'], /Versus class 5000 is outside 0..999/],
  ])('fails with one line and exit code 2: %s', (flags, message) => {
    const run = explain(
      '--model',
      'mobilenet_v1_0.25_224',
      '--input-npy',
      input('mobilenet-chelsea-285-gradcam'),
      ...(flags as string[]),
    );
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(message as RegExp);
  });
});

/** --preprocess, --labels, --resize and metadata detection on the explain command line, spawned. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { smallCnn, teachableMachineLike, teachableMachineMetadata } from '../gradcam/testing/own-models';
import { saveModelToDir } from '../node/save-model';
import { IMAGES_DIR } from '../node/testing';
import { parseExplainArgs } from './explain';
import { spawnExplain } from './spawn-explain';

const work = mkdtempSync(join(tmpdir(), 'explain-models-'));
const CHELSEA = join(IMAGES_DIR, 'chelsea.png'); // 451 x 300

function explain(...args: string[]) {
  const run = spawnExplain(args);
  return { ...run, json: run.status === 0 ? JSON.parse(run.stdout) : undefined };
}

beforeAll(async () => {
  await tf.setBackend('cpu');
  await saveModelToDir(teachableMachineLike(32, 3), join(work, 'tm'), {
    files: { 'metadata.json': teachableMachineMetadata(['cat', 'dog', 'nothing'], 32) },
  });
  await saveModelToDir(
    smallCnn({ shape: [24, 40, 3], units: 1, activation: 'sigmoid' }),
    join(work, 'binary'),
  );
  writeFileSync(join(work, 'binary-labels.txt'), 'no cat\ncat\n');
  await saveModelToDir(
    smallCnn({ shape: [32, 32, 3], units: 3, activation: 'sigmoid' }),
    join(work, 'multilabel'),
    { files: { 'labels.txt': 'indoor\nanimal\nfurry\n' } },
  );
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('explain: model options', () => {
  it('ResNet50 from the catalogue: Caffe preprocessing, chelsea.png is an Egyptian cat', () => {
    const run = explain('--model', 'resnet50_imagenet', '--image', CHELSEA, '--top-k', '3');
    expect(run.status, run.stderr).toBe(0);
    expect(run.json.preprocess).toBe('caffe');
    expect(run.json.task).toBe('multiclass');
    expect(run.json.topK[0]).toMatchObject({ index: 285, label: 'Egyptian cat' });
    expect(run.json.layer).toBe('activation_48');
  });

  it('--preprocess takes a preset id or JSON, and the result says which was used', () => {
    const preset = explain('--model', 'mobilenet_v1_0.25_224', '--image', CHELSEA, '--preprocess', 'caffe');
    expect(preset.status, preset.stderr).toBe(0);
    expect(preset.json.preprocess).toBe('caffe');
    const json = '{"color":"rgb","scale":0.00784313725490196,"offset":-1}'; // = minus-one-one
    const same = explain('--model', 'mobilenet_v1_0.25_224', '--image', CHELSEA, '--preprocess', json);
    const plain = explain('--model', 'mobilenet_v1_0.25_224', '--image', CHELSEA);
    expect(same.json.preprocess).toBe('minus-one-one');
    expect(same.json.topK).toEqual(plain.json.topK);
    // The wrong convention changes the answer: the flag is really applied.
    expect(preset.json.topK[0].index).not.toBe(plain.json.topK[0].index);
  });

  it('reads a Teachable Machine folder with no flags; --resize and the crop region', () => {
    const dir = join(work, 'tm');
    const png = join(work, 'tm.png');
    const run = explain('--model', dir, '--image', CHELSEA, '--png', png);
    expect(run.status, run.stderr).toBe(0);
    expect(run.json.preprocess).toBe('teachable-machine');
    expect(run.json.labelsFrom).toBe('metadata.json (Teachable Machine)');
    expect(['cat', 'dog', 'nothing']).toContain(run.json.classLabel);
    expect(run.json.region).toEqual({
      x: 75,
      y: 0,
      width: 300,
      height: 300,
      imageWidth: 451,
      imageHeight: 300,
    });
    const image = PNG.sync.read(readFileSync(png));
    expect([image.width, image.height]).toEqual([300, 300]); // the overlay covers what the model saw
    const stretched = explain('--model', dir, '--image', CHELSEA, '--resize', 'stretch');
    expect(stretched.status, stretched.stderr).toBe(0);
    expect(stretched.json.region).toMatchObject({ x: 0, width: 451 });
    expect(stretched.json.preprocess).toMatch(/^\{/); // teachable-machine, stretched: a custom JSON
  });

  it("--labels names a binary model's two classes; the score of class 0 is minus the logit", () => {
    const dir = join(work, 'binary');
    const labels = join(work, 'binary-labels.txt');
    const pos = explain('--model', dir, '--image', CHELSEA, '--labels', labels, '--class', '1');
    const neg = explain('--model', dir, '--image', CHELSEA, '--labels', labels, '--class', '0');
    expect(pos.status, pos.stderr).toBe(0);
    expect(pos.json.task).toBe('binary');
    expect(pos.json.classLabel).toBe('cat');
    expect(neg.json.classLabel).toBe('no cat');
    expect(neg.json.score).toBeCloseTo(-pos.json.score, 5);
    expect(pos.json.heatmap).toHaveLength(24);
    expect(pos.json.heatmap[0]).toHaveLength(40);
    const p = pos.json.topK.find((t: { index: number }) => t.index === 1).probability;
    expect(p).toBeCloseTo(1 / (1 + Math.exp(-pos.json.score)), 5);
  });

  it('a multi-label folder: its labels.txt read by itself, independent sigmoid probabilities', () => {
    const run = explain('--model', join(work, 'multilabel'), '--image', CHELSEA, '--top-k', '3');
    expect(run.status, run.stderr).toBe(0);
    expect(run.json.task).toBe('multilabel');
    expect(run.json.labelsFrom).toBe('labels.txt');
    const top = run.json.topK as { index: number; label: string; probability: number; score: number }[];
    expect(top.map((t) => t.label).sort()).toEqual(['animal', 'furry', 'indoor']);
    for (const t of top) expect(t.probability).toBeCloseTo(1 / (1 + Math.exp(-t.score)), 5);
  });

  it('explains bad values in one line, exit code 2', () => {
    const preset = explain(
      '--model',
      'mobilenet_v1_0.25_224',
      '--image',
      CHELSEA,
      '--preprocess',
      'imagenet',
    );
    expect(preset.status).toBe(2);
    expect(preset.stderr).toMatch(
      /Unknown --preprocess 'imagenet'.*presets: minus-one-one, zero-one, raw, caffe, torch/,
    );
    // The same parser, in-process (spawning costs 3 s each here).
    const args = ['--model', 'm', '--image', CHELSEA];
    expect(() => parseExplainArgs([...args, '--preprocess', '{"scale":0,"offset":0}'])).toThrow(
      /scale must be a non-zero number/,
    );
    expect(() => parseExplainArgs([...args, '--resize', 'fit'])).toThrow(
      /--resize must be stretch or center-crop/,
    );
    expect(
      parseExplainArgs([...args, '--preprocess', 'torch', '--resize', 'stretch']).modelOptions,
    ).toMatchObject({
      preprocess: { std: [0.229, 0.224, 0.225] },
      resize: 'stretch',
    });
    const labels = explain(
      '--model',
      'mobilenet_v1_0.25_224',
      '--image',
      CHELSEA,
      '--labels',
      join(work, 'none.txt'),
    );
    expect(labels.status).toBe(2);
    expect(labels.stderr).toMatch(/cannot read .*none\.txt/);
  });
});

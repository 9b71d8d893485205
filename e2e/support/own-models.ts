/**
 * The models users bring, built here with tfjs (Node side of the tests) and written as files:
 * what the own-model e2e tests pick, drop or serve from a second origin.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import {
  smallCnn,
  teachableMachineLike,
  teachableMachineMetadata,
} from '../../src/gradcam/testing/own-models';
import { saveModelToDir } from '../../src/node/save-model';

export interface OwnModel {
  dir: string;
  /** Every file of the model (model.json, weights, sidecars), for setInputFiles. */
  files: string[];
}

export interface OwnModels {
  root: string;
  tm: OwnModel;
  gray: OwnModel;
  binary: OwnModel;
  multilabel: OwnModel;
  nonSquare: OwnModel;
  dynamic: OwnModel;
  udm: OwnModel;
}

export const TM_LABELS = ['cat', 'dog', 'neither'];

async function save(
  root: string,
  name: string,
  model: tf.LayersModel,
  opts: Parameters<typeof saveModelToDir>[2] = {},
): Promise<OwnModel> {
  const dir = join(root, name);
  await saveModelToDir(model, dir, opts);
  model.dispose();
  return {
    dir,
    files: ['model.json', 'weights.bin', ...Object.keys(opts.files ?? {})].map((f) => join(dir, f)),
  };
}

export async function buildOwnModels(): Promise<OwnModels> {
  await tf.setBackend('cpu');
  const root = mkdtempSync(join(tmpdir(), 'gradcam-e2e-models-'));
  return {
    root,
    tm: await save(root, 'tm', teachableMachineLike(64, 3), {
      files: { 'metadata.json': teachableMachineMetadata(TM_LABELS, 64) },
    }),
    gray: await save(root, 'gray', smallCnn({ shape: [32, 32, 1], units: 3, activation: 'softmax' }), {
      files: { 'labels.txt': 'zero\none\ntwo\n' },
    }),
    binary: await save(root, 'binary', smallCnn({ shape: [32, 32, 3], units: 1, activation: 'sigmoid' }), {
      files: { 'labels.txt': 'no cat\ncat\n' },
    }),
    multilabel: await save(
      root,
      'multilabel',
      smallCnn({ shape: [32, 32, 3], units: 4, activation: 'sigmoid' }),
      {
        files: { 'labels.json': '["indoor", "animal", "furry", "blue"]' },
      },
    ),
    nonSquare: await save(
      root,
      'non-square',
      smallCnn({ shape: [24, 48, 3], units: 3, activation: 'softmax' }),
    ),
    dynamic: await save(
      root,
      'dynamic',
      smallCnn({ shape: [null, null, 3], units: 3, activation: 'softmax' }),
    ),
    udm: await save(root, 'udm', smallCnn({ shape: [40, 40, 3], units: 2, activation: 'softmax' }), {
      userDefinedMetadata: {
        gradcam: { labels: ['left', 'right'], preprocess: 'gray-zero-one', task: 'multiclass' },
      },
    }),
  };
}

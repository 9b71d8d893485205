/** Helpers for the Node test suites: shared models, golden cases, images (Node only). */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { findCatalogueEntry } from '../gradcam/catalogue';
import { loadModel } from '../gradcam/load-model';
import type { LoadedModel } from '../gradcam/model';
import { imageToTensor, readImage } from './decode-image';
import { fileHandler } from './file-handler';
import { readNpy } from './npy';
import { REPO_ROOT } from './resolve-model';

/** $GRADCAM_MODELS_DIR, else ../shared/models, else public/models. */
export function testModelsDir(): string {
  const candidates = [
    process.env.GRADCAM_MODELS_DIR,
    resolve(REPO_ROOT, '..', 'shared', 'models'),
    join(REPO_ROOT, 'public', 'models'),
  ];
  for (const dir of candidates)
    if (dir && existsSync(join(resolve(dir), 'mobilenet_v1_0.25_224', 'model.json'))) return resolve(dir);
  throw new Error('No models folder: set GRADCAM_MODELS_DIR or provide ../shared/models');
}

export const SHARED_DIR = resolve(REPO_ROOT, '..', 'shared');
export const GOLDEN_DIR = process.env.GRADCAM_GOLDEN_DIR ?? join(SHARED_DIR, 'golden');
export const IMAGES_DIR = process.env.GRADCAM_IMAGES_DIR ?? join(SHARED_DIR, 'images');

export async function loadTestModel(id: string): Promise<LoadedModel> {
  const entry = findCatalogueEntry(id);
  if (!entry) throw new Error(`unknown catalogue id ${id}`);
  return loadModel(fileHandler(join(testModelsDir(), id, 'model.json')), entry);
}

export interface GoldenCase {
  name: string;
  model: string;
  target_layer: string;
  layer_shape: [number, number, number];
  class_index: number;
  method: string;
  top5: { index: number; score: number }[];
  raw_cam: number[][];
  raw_cam_norm: number[][];
  cam_224: number[][];
  channel_weights: number[] | null;
  target_score: number;
  score_target?: string;
  aug_smooth?: boolean;
  eigen_smooth?: boolean;
  target_layers?: string[];
  guided?: unknown;
}

export function goldenCases(): GoldenCase[] {
  return readdirSync(GOLDEN_DIR)
    .filter((f) => f.endsWith('.json') && !f.endsWith('.metrics.json'))
    .sort()
    .map((f) => ({
      ...(JSON.parse(readFileSync(join(GOLDEN_DIR, f), 'utf8')) as GoldenCase),
      name: f.slice(0, -5),
    }));
}

export async function goldenInput(name: string): Promise<tf.Tensor4D> {
  const npy = await readNpy(join(GOLDEN_DIR, `${name}.input.npy`));
  return tf.tensor4d(npy.data, npy.shape as [number, number, number, number]);
}

export async function loadImageTensor(file: string): Promise<tf.Tensor3D> {
  return imageToTensor(await readImage(join(IMAGES_DIR, file)));
}

/** Pearson correlation for the tests: the metrics' own (0 on a constant side, which fails every r threshold). */
export { pearsonCorrelation as pearson } from '../gradcam/metrics/rank-correlation';

export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

/**
 * max |reference - actual| relative to the reference's largest magnitude (to at least `floor`, so
 * that values near zero compare absolutely).
 */
export function maxRelDiff(reference: ArrayLike<number>, actual: ArrayLike<number>, floor = 0): number {
  if (reference.length !== actual.length)
    throw new Error(`different sizes: ${reference.length} and ${actual.length}`);
  let scale = floor;
  for (let i = 0; i < reference.length; i++) scale = Math.max(scale, Math.abs(reference[i]));
  return maxAbsDiff(reference, actual) / scale;
}

/** Asserts that `fn` leaves tf.memory().numTensors unchanged. */
export async function expectNoLeak<T>(fn: () => Promise<T>): Promise<T> {
  const before = tf.memory().numTensors;
  const result = await fn();
  const after = tf.memory().numTensors;
  if (after !== before) throw new Error(`tensor leak: ${before} tensors before, ${after} after`);
  return result;
}

/** Index of the maximum value. */
export function argmax(values: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i] > values[best]) best = i;
  return best;
}

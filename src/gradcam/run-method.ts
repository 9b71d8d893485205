/**
 * One method on one activation (one layer of one input): the un-rectified cam [B, h, w] for a
 * batch of classes, and the channel weights where the method has them. The session and the
 * multi-layer / aug-smooth orchestration (cam-runs.ts) call this once per layer and augmentation.
 */
import * as tf from '@tensorflow/tfjs';
import type { BackwardRunner } from './backward';
import { tileBatch } from './head-gradients';
import {
  ablationWeights,
  eigenCams,
  eigenProjections,
  type GradientTerms,
  gradientTerms,
  isGradientMethod,
  METHOD_INFO,
  type MethodName,
  scoreCamWeights,
  weightedSum,
  weightedTerms,
} from './methods';
import { femWeights } from './methods/fem';
import { kpcaCams } from './methods/kpca';
import { randomWeights } from './methods/random';
import { hessianVectorProduct } from './methods/shapley';
import type { Split } from './model';
import { type Target, targetGradients } from './targets';
import type { CamOptions } from './types';

/** One activation and what produced it. Tensors are owned by the caller. */
export interface LayerRun {
  layer: string;
  split: Split;
  /** [1, h, w, C] */
  activation: tf.Tensor4D;
  extras: tf.Tensor[];
  /** The (augmented) model input this activation came from: [1, H, W, 3]. */
  input: tf.Tensor4D;
  /** This input's pre-softmax logits. */
  logits: Float32Array;
}

export interface RunEnv {
  numClasses: number;
  backward: BackwardRunner;
  /** Called after every full-model forward pass (Score-CAM). */
  countForward(): void;
}

export interface RunOutput {
  /** [B, h, w], before ReLU. */
  cam: tf.Tensor3D;
  /** [B, C] where the method has channel weights. */
  weights?: tf.Tensor2D;
  backend: string;
}

/** Whether the eigen_smooth option changes this method (EigenGrad-CAM projects in any case). */
export function eigenSmoothApplies(method: MethodName): boolean {
  return METHOD_INFO[method].eigenSmooth;
}

export async function runMethod(
  run: LayerRun,
  method: MethodName,
  classes: readonly number[],
  target: Target,
  opts: CamOptions,
  env: RunEnv,
): Promise<RunOutput> {
  const n = classes.length;
  const a = run.activation;
  const project = method === 'eigengradcam' || (opts.eigenSmooth === true && eigenSmoothApplies(method));
  let backend = tf.getBackend();
  let terms: GradientTerms;
  if (isGradientMethod(method)) {
    const own: Target = method === 'finercam' ? { kind: 'finer', task: target.task } : target;
    const grads = await env.backward.run(run.layer, () =>
      targetGradients(run.split, a, run.extras, classes, env.numClasses, own, run.logits),
    );
    backend = grads.backend;
    let hvp: tf.Tensor4D | undefined;
    try {
      if (method === 'shapleycam') {
        const second = await env.backward.run(`${run.layer} (second order)`, () =>
          hessianVectorProduct(run.split, a, run.extras, classes, own, run.logits),
        );
        hvp = second.value;
        if (second.backend !== backend) backend = second.backend;
      }
      const t = tf.tidy(() => {
        const r = gradientTerms(method, tileBatch(a, n), grads.value, hvp);
        return r.weights ? [r.weights] : [r.terms];
      });
      terms = t[0].rank === 2 ? { weights: t[0] as tf.Tensor2D } : { terms: t[0] as tf.Tensor4D };
    } finally {
      grads.value.dispose();
      hvp?.dispose();
    }
  } else if (method === 'eigencam') {
    return { cam: await eigenCams(a, n), backend };
  } else if (method === 'kpcacam') {
    return { cam: await kpcaCams(a, n), backend };
  } else if (method === 'fem' || method === 'randomcam') {
    const [, h, w, c] = a.shape;
    const wk = method === 'fem' ? femWeights((await a.data()) as Float32Array, h * w, c) : randomWeights(c);
    const tiled = new Float32Array(n * c);
    for (let i = 0; i < n; i++) tiled.set(wk, i * c);
    terms = { weights: tf.tensor2d(tiled, [n, c]) };
  } else if (method === 'ablationcam') {
    terms = { weights: await ablationWeights(run.split, a, run.extras, classes, run.logits, opts, target) };
  } else {
    const weights = await scoreCamWeights(
      run.split,
      a,
      run.input,
      classes,
      env.numClasses,
      opts,
      env.countForward,
      target,
      run.logits,
    );
    terms = { weights };
  }
  return { ...(await reduceTerms(terms, a, n, project)), backend };
}

/** cam = the channel sum of the terms, or their first principal component (project). */
async function reduceTerms(
  t: GradientTerms,
  a: tf.Tensor4D,
  n: number,
  project: boolean,
): Promise<{ cam: tf.Tensor3D; weights?: tf.Tensor2D }> {
  try {
    if (!project) {
      const cam = tf.tidy(() =>
        t.weights ? weightedSum(tileBatch(a, n), t.weights) : (tf.sum(t.terms!, 3) as tf.Tensor3D),
      );
      return { cam, weights: t.weights };
    }
    const all = t.weights ? tf.tidy(() => weightedTerms(tileBatch(a, n), t.weights!)) : t.terms!;
    try {
      return { cam: await eigenProjections(all), weights: t.weights };
    } finally {
      if (all !== t.terms) all.dispose();
    }
  } catch (error) {
    t.weights?.dispose();
    throw error;
  } finally {
    t.terms?.dispose();
  }
}

/**
 * Many photos -> predictions + low-resolution maps, B at a time: one forward pass of the whole batch,
 * one batched head backward (image i's own class, or one fixed class, row by row), one read-back.
 * Gradient methods on LayersModels are batched; every other case (GraphModels, gradient-free methods,
 * one image) runs the photos one by one through the session: the same results either way.
 * Framework-free (worker and Node). Runs on the session's layer, leaves the session's image alone
 * only in the batched path (the one-by-one path analyses each photo on it).
 */
import * as tf from '@tensorflow/tfjs';
import { throwIfAborted } from './abort';
import { BackwardRunner } from './backward';
import { classGradients } from './head-gradients';
import { headProbabilities } from './heads';
import { gradientCam } from './methods/gradient';
import { isGradientMethod, type MethodName } from './methods/registry';
import { minMaxMaps } from './normalize';
import { type GradCamSession, topKPredictions } from './session';
import type { Prediction } from './types';

export interface BatchOptions {
  /** Explain this class in every photo; absent or null = each photo's own top-1. */
  classIndex?: number | null;
  method: MethodName;
  /** Predictions returned per photo (default 5). */
  topK?: number;
  /** Predictions only: no map (the forward-only baseline of the dataset benchmark). */
  forwardOnly?: boolean;
  signal?: AbortSignal;
}

export interface BatchItem {
  predictions: Prediction[];
  classIndex: number;
  /** The explained class's probability. */
  probability: number;
  /** The layer's h and w; lowRes is height*width, min-max normalised (empty when forwardOnly). */
  width: number;
  height: number;
  lowRes: Float32Array;
}

export interface BatchResult {
  items: BatchItem[];
  layer: string;
  method: MethodName;
  backend: string;
  /** Forward pass + read-back of the scores, and the maps, for the whole batch. */
  timingsMs: { forward: number; cam: number };
}

const runners = new WeakMap<GradCamSession, BackwardRunner>();

function runnerOf(session: GradCamSession): BackwardRunner {
  const runner = runners.get(session) ?? new BackwardRunner();
  runners.set(session, runner);
  return runner;
}

/** `inputs`: preprocessed photos, each [1, H, W, C] (caller-owned, as session.analyze takes them). */
export async function explainBatch(
  session: GradCamSession,
  inputs: readonly tf.Tensor4D[],
  opts: BatchOptions,
): Promise<BatchResult> {
  const { model } = session;
  const topK = opts.topK ?? 5;
  const batched = inputs.length > 1 && model.format === 'layers' && isGradientMethod(opts.method);
  if (!batched) return oneByOne(session, inputs, opts, topK);
  throwIfAborted(opts.signal);
  const split = model.split(session.layer);
  const k = model.numClasses;
  const t0 = performance.now();
  const x = tf.concat(inputs as tf.Tensor4D[], 0);
  const out = split.forward(x);
  x.dispose();
  try {
    const scores = (await out.logits.data()) as Float32Array;
    const items: BatchItem[] = inputs.map((_, i) => {
      const logits = scores.slice(i * k, (i + 1) * k);
      const probabilities = headProbabilities(logits, model.task);
      const predictions = topKPredictions(logits, probabilities, model.labels, topK);
      const classIndex = opts.classIndex ?? predictions[0].index;
      return {
        predictions,
        classIndex,
        probability: probabilities[classIndex],
        width: 0,
        height: 0,
        lowRes: new Float32Array(0),
      };
    });
    const t1 = performance.now();
    const [, h, w] = out.activation.shape;
    let backend = tf.getBackend();
    if (!opts.forwardOnly) {
      throwIfAborted(opts.signal);
      const method = opts.method as Parameters<typeof gradientCam>[0];
      const classes = items.map((item) => item.classIndex);
      const r = await runnerOf(session).run(session.layer, () =>
        tf.tidy(() => {
          const grads = classGradients(split, out.activation, out.extras, classes, k);
          const { cam } = gradientCam(method, out.activation, grads);
          return tf.squeeze(minMaxMaps(tf.expandDims(tf.relu(cam), 3) as tf.Tensor4D), [3]);
        }),
      );
      backend = r.backend;
      const maps = (await r.value.data()) as Float32Array;
      r.value.dispose();
      items.forEach((item, i) => {
        item.width = w;
        item.height = h;
        item.lowRes = maps.slice(i * h * w, (i + 1) * h * w);
      });
    }
    return {
      items,
      layer: session.layer,
      method: opts.method,
      backend,
      timingsMs: { forward: t1 - t0, cam: performance.now() - t1 },
    };
  } finally {
    tf.dispose([out.activation, out.logits, ...out.extras]);
  }
}

async function oneByOne(
  session: GradCamSession,
  inputs: readonly tf.Tensor4D[],
  opts: BatchOptions,
  topK: number,
): Promise<BatchResult> {
  const items: BatchItem[] = [];
  const timingsMs = { forward: 0, cam: 0 };
  let backend = tf.getBackend();
  for (const input of inputs) {
    const t0 = performance.now();
    const analysis = await session.analyze({ preprocessed: input }, { topK, signal: opts.signal });
    const t1 = performance.now();
    const classIndex = opts.classIndex ?? analysis.predictions[0].index;
    const item: BatchItem = {
      predictions: analysis.predictions,
      classIndex,
      probability: analysis.probabilities[classIndex],
      width: 0,
      height: 0,
      lowRes: new Float32Array(0),
    };
    if (!opts.forwardOnly) {
      const cam = await session.heatmap(classIndex, opts.method, {
        signal: opts.signal,
        inputSizeMap: false,
      });
      backend = cam.backend;
      item.width = cam.layerShape[1];
      item.height = cam.layerShape[0];
      item.lowRes = cam.lowRes;
    }
    items.push(item);
    timingsMs.forward += t1 - t0;
    timingsMs.cam += performance.now() - t1;
  }
  return { items, layer: session.layer, method: opts.method, backend, timingsMs };
}

/**
 * A request for maps, with its options: which layers and augmentations to run the method on, and
 * how the runs combine, as pytorch-grad-cam does. One layer: mm(resize(mm(relu(cam)))). Several
 * layers: mm(mean_l resize(mm(relu(cam_l)))) (aggregate_multi_layers). aug_smooth: the mean of the
 * six augmented runs' final maps, each flipped back, with no further normalisation.
 */
import * as tf from '@tensorflow/tfjs';
import { throwIfAborted } from './abort';
import {
  type ActivationStore,
  AUGMENTATIONS,
  type Augmentation,
  disposeRun,
  IDENTITY,
  isIdentity,
} from './activation-store';
import { type MethodName, usesScoreTarget } from './methods';
import type { LoadedModel } from './model';
import { finishCams, minMaxMaps } from './normalize';
import { eigenSmoothApplies, type RunEnv, runMethod } from './run-method';
import { SCORE_TARGETS, type Target, targetValues } from './targets';
import type { AppliedCamOptions, CamOptions, CamResult } from './types';

/** Validates the options and says which apply to `method` (what CamResult.options reports). */
export function applyCamOptions(
  model: LoadedModel,
  sessionLayer: string,
  method: MethodName,
  opts: CamOptions,
): AppliedCamOptions {
  const wanted = opts.layers && opts.layers.length > 0 ? opts.layers : [sessionLayer];
  const order = new Map(model.layers.map((l, i) => [l.name, i]));
  for (const name of wanted) {
    if (!order.has(name)) {
      throw new Error(`Unknown layer '${name}'; candidates: ${model.layers.map((l) => l.name).join(', ')}`);
    }
  }
  const layers = [...new Set(wanted)].sort((p, q) => order.get(p)! - order.get(q)!);
  if (opts.target != null && !(SCORE_TARGETS as readonly string[]).includes(opts.target)) {
    throw new Error(`Unknown score target '${opts.target}'; one of ${SCORE_TARGETS.join(', ')}`);
  }
  const versus = opts.versus ?? null;
  if (versus !== null && (!Number.isInteger(versus) || versus < 0 || versus >= model.numClasses)) {
    throw new Error(`Versus class ${versus} is outside 0..${model.numClasses - 1}`);
  }
  let target: AppliedCamOptions['target'] = null;
  if (usesScoreTarget(method)) {
    if (method === 'finercam') target = 'finer';
    else if (versus !== null) target = 'versus';
    else target = opts.target ?? 'logit';
  }
  return {
    layers,
    augSmooth: opts.augSmooth === true,
    eigenSmooth: opts.eigenSmooth === true && eigenSmoothApplies(method),
    target,
    versus: target === 'versus' ? versus : null,
  };
}

export interface CamRunsEnv extends RunEnv {
  model: LoadedModel;
  store: ActivationStore;
}

/** Every map of the request: runs the method per layer and augmentation, combines, reads back. */
export async function computeCams(
  env: CamRunsEnv,
  classes: readonly number[],
  method: MethodName,
  applied: AppliedCamOptions,
  opts: CamOptions,
): Promise<CamResult[]> {
  const { model, store } = env;
  const [H, W] = model.inputSize;
  const target: Target = {
    kind: applied.target ?? 'logit',
    versus: applied.versus ?? undefined,
    task: model.task,
  };
  const augs = applied.augSmooth ? AUGMENTATIONS : [IDENTITY];
  const runOpts: CamOptions = { ...opts, eigenSmooth: applied.eigenSmooth };
  const start = performance.now();
  const backends = new Set<string>();
  const finals: tf.Tensor3D[] = [];
  let first:
    | { raw: Float32Array; lowRes: Float32Array; weights?: Float32Array; logits: Float32Array }
    | undefined;
  let shape: [number, number, number] = [0, 0, 0];
  try {
    for (const aug of augs) {
      const perLayer: tf.Tensor3D[] = [];
      try {
        for (const layer of applied.layers) {
          const run = await store.acquire(layer, aug);
          try {
            const out = await runMethod(run, method, classes, target, runOpts, env);
            backends.add(out.backend);
            const maps = finishCams(out.cam, model.inputSize);
            out.cam.dispose();
            try {
              throwIfAborted(opts.signal);
              if (!first && isIdentity(aug)) {
                const [, h, w, c] = run.activation.shape;
                shape = [h, w, c];
                const [raw, lowRes, weights] = await Promise.all([
                  maps.raw.data(),
                  maps.lowRes.data(),
                  out.weights?.data(),
                ]);
                first = {
                  raw: raw as Float32Array,
                  lowRes: lowRes as Float32Array,
                  weights: weights as Float32Array | undefined,
                  logits: run.logits,
                };
              }
              perLayer.push(
                applied.layers.length === 1 ? tf.clone(maps.heatmap) : resized(maps.lowRes, H, W),
              );
            } finally {
              tf.dispose([maps.raw, maps.lowRes, maps.heatmap]);
              out.weights?.dispose();
            }
          } finally {
            disposeRun(run);
          }
        }
        finals.push(combineLayers(perLayer, aug));
      } finally {
        tf.dispose(perLayer);
      }
    }
    const heat = tf.tidy(() => (finals.length === 1 ? tf.clone(finals[0]) : tf.mean(tf.stack(finals), 0)));
    let heatmap: Float32Array;
    try {
      heatmap = (await heat.data()) as Float32Array;
    } finally {
      heat.dispose();
    }
    store.retain(applied.layers.flatMap((layer) => augs.map((aug) => ({ layer, aug }))));
    const f = first!;
    const values = applied.target ? targetValues(f.logits, classes, target) : null;
    const [h, w, c] = shape;
    const active = tf.getBackend();
    const backend = [...backends].find((b) => b !== active) ?? active;
    const elapsed = performance.now() - start;
    return classes.map((classIndex, i) => ({
      classIndex,
      method,
      layer: applied.layers[0],
      layerShape: shape,
      score: f.logits[classIndex],
      raw: f.raw.slice(i * h * w, (i + 1) * h * w),
      lowRes: f.lowRes.slice(i * h * w, (i + 1) * h * w),
      heatmap: heatmap.slice(i * H * W, (i + 1) * H * W),
      channelWeights: f.weights ? f.weights.slice(i * c, (i + 1) * c) : undefined,
      backend,
      options: { ...applied, layers: [...applied.layers] },
      targetValue: values ? values[i] : null,
      timingsMs: { cam: elapsed },
    }));
  } finally {
    tf.dispose(finals);
  }
}

/** A layer's min-maxed low-resolution maps [B, h, w] resized to the input (bilinear, half-pixel centres). */
function resized(lowRes: tf.Tensor3D, H: number, W: number): tf.Tensor3D {
  return tf.tidy(
    () =>
      tf.squeeze(
        tf.image.resizeBilinear(tf.expandDims(lowRes, 3) as tf.Tensor4D, [H, W], false, true),
        [3],
      ) as tf.Tensor3D,
  );
}

/** One augmentation's final maps [B, H, W]: the layers' mean min-maxed (one layer: as is), un-flipped. */
function combineLayers(perLayer: tf.Tensor3D[], aug: Augmentation): tf.Tensor3D {
  return tf.tidy(() => {
    let heat: tf.Tensor3D =
      perLayer.length === 1
        ? tf.clone(perLayer[0])
        : (tf.squeeze(
            minMaxMaps(tf.expandDims(tf.mean(tf.stack(perLayer), 0), 3) as tf.Tensor4D),
            [3],
          ) as tf.Tensor3D);
    if (aug.hflip) heat = tf.reverse(heat, 2) as tf.Tensor3D;
    return heat;
  });
}

/**
 * Small real models of the shapes users bring (built with tf.layers, seeded weights), for the
 * unit tests and the e2e tests' model files: Sequential, Teachable-Machine-shaped, binary sigmoid,
 * multi-label, grayscale, non-square, dynamic size, and an Inception-style block with
 * BatchNormalization(scale=false) and AveragePooling2D('same').
 */
import * as tf from '@tensorflow/tfjs';
import { presetValue } from '../preprocessing/presets';
import type { ModelMeta } from '../types';

/** What a user's model file says nothing about: a 224 x 224 input in [0, 1], no labels. */
export const OWN_MODEL_META: ModelMeta = {
  id: 'own',
  format: 'layers',
  inputSize: [224, 224],
  preprocess: presetValue('zero-one'),
  labels: [],
};

/** A random photo (H x W x 3, 0..255). */
export function randomPhoto(h: number, w: number, seed = 7): tf.Tensor3D {
  return tf.tidy(() => tf.randomUniform([h, w, 3], 0, 255, 'float32', seed).round() as tf.Tensor3D);
}

const init = (seed: number, stddev = 0.4) => tf.initializers.randomNormal({ mean: 0, stddev, seed });

function conv(
  name: string,
  filters: number,
  seed: number,
  opts: Partial<Parameters<typeof tf.layers.conv2d>[0]> = {},
) {
  return tf.layers.conv2d({
    name,
    filters,
    kernelSize: 3,
    padding: 'same',
    activation: 'relu',
    kernelInitializer: init(seed),
    biasInitializer: init(seed + 100, 0.1),
    ...opts,
  });
}

/** A Sequential CNN as Keras tutorials write it: conv, pool, conv, GAP, Dense softmax. */
export function sequentialCnn(size = 16, classes = 3): tf.Sequential {
  return tf.sequential({
    layers: [
      conv('seq_c1', 4, 1, { inputShape: [size, size, 3] }),
      tf.layers.maxPooling2d({ poolSize: 2, name: 'seq_pool' }),
      conv('seq_c2', 6, 2),
      tf.layers.globalAveragePooling2d({ name: 'seq_gap' }),
      tf.layers.dense({ units: classes, activation: 'softmax', name: 'seq_out', kernelInitializer: init(3) }),
    ],
  });
}

/**
 * Teachable Machine's export shape: a Sequential of [a functional MobileNet-like base ending in a
 * GAP, a Sequential Dense head]. Its metadata.json comes from teachableMachineMetadata().
 */
export function teachableMachineLike(size = 32, classes = 3): tf.Sequential {
  const input = tf.input({ shape: [size, size, 3] });
  let x = conv('Conv1', 8, 11, { strides: 2 }).apply(input) as tf.SymbolicTensor;
  x = tf.layers
    .depthwiseConv2d({
      name: 'block_1_depthwise',
      kernelSize: 3,
      padding: 'same',
      depthwiseInitializer: init(12),
    })
    .apply(x) as tf.SymbolicTensor;
  x = tf.layers.reLU({ name: 'block_1_relu', maxValue: 6 }).apply(x) as tf.SymbolicTensor;
  x = conv('out_relu', 12, 13, { kernelSize: 1 }).apply(x) as tf.SymbolicTensor;
  const pooled = tf.layers.globalAveragePooling2d({ name: 'global_average_pooling2d_1' }).apply(x);
  const base = tf.model({ inputs: input, outputs: pooled as tf.SymbolicTensor, name: 'model1' });
  const head = tf.sequential({
    name: 'sequential_3',
    layers: [
      tf.layers.dense({
        name: 'dense_Dense1',
        units: 10,
        activation: 'relu',
        inputShape: [12],
        kernelInitializer: init(14),
      }),
      tf.layers.dense({
        name: 'dense_Dense2',
        units: classes,
        activation: 'softmax',
        kernelInitializer: init(15),
      }),
    ],
  });
  return tf.sequential({ name: 'sequential_4', layers: [base, head] });
}

export function teachableMachineMetadata(labels: string[], imageSize = 32, grayscale?: boolean): string {
  return JSON.stringify({
    tfjsVersion: '1.3.1',
    tmVersion: '2.4.7',
    packageVersion: '0.8.4',
    packageName: '@teachablemachine/image',
    timeStamp: '2026-01-01T00:00:00.000Z',
    userMetadata: {},
    modelName: 'tm-my-image-model',
    labels,
    imageSize,
    ...(grayscale == null ? {} : { grayscale }),
  });
}

/** A functional CNN with any input [h, w, channels] (null = dynamic) and a chosen output head. */
export function smallCnn(opts: {
  shape: [number | null, number | null, 1 | 3];
  units: number;
  activation: 'softmax' | 'sigmoid' | 'linear';
  seed?: number;
}): tf.LayersModel {
  const seed = opts.seed ?? 21;
  const input = tf.input({ shape: opts.shape });
  const c1 = conv('c1', 4, seed).apply(input) as tf.SymbolicTensor;
  const feat = conv('feat', 6, seed + 1).apply(c1) as tf.SymbolicTensor;
  const gap = tf.layers.globalAveragePooling2d({ name: 'gap' }).apply(feat) as tf.SymbolicTensor;
  const out = tf.layers
    .dense({
      name: 'out',
      units: opts.units,
      activation: opts.activation,
      kernelInitializer: init(seed + 2, 1),
    })
    .apply(gap) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: out });
}

/**
 * Inception-style: below = conv 'below' (the target); then a 1x1 branch with BN(scale=false) and an
 * AveragePooling2D(3, 'same') branch with BN(center=false), concatenated, GAP, Dense(4).
 * `below` and `above` are the two halves (for references); `full` is them composed.
 */
export function inceptionBlock(size = 6): {
  full: tf.LayersModel;
  below: tf.LayersModel;
  above: tf.LayersModel;
} {
  const bn = (
    name: string,
    seed: number,
    extra: Partial<NonNullable<Parameters<typeof tf.layers.batchNormalization>[0]>>,
  ) =>
    tf.layers.batchNormalization({
      name,
      movingMeanInitializer: init(seed, 0.3),
      movingVarianceInitializer: tf.initializers.randomUniform({ minval: 0.5, maxval: 2, seed: seed + 1 }),
      gammaInitializer: tf.initializers.randomUniform({ minval: 0.5, maxval: 1.5, seed: seed + 2 }),
      betaInitializer: init(seed + 3, 0.2),
      ...extra,
    });
  const input = tf.input({ shape: [size, size, 3] });
  const target = conv('below', 4, 31).apply(input) as tf.SymbolicTensor;
  const below = tf.model({ inputs: input, outputs: target, name: 'below_part' });

  const a = tf.input({ shape: [size, size, 4] });
  let b1 = conv('b1_conv', 5, 32, { kernelSize: 1, activation: 'linear', useBias: false }).apply(
    a,
  ) as tf.SymbolicTensor;
  b1 = bn('b1_bn', 40, { scale: false }).apply(b1) as tf.SymbolicTensor;
  b1 = tf.layers.activation({ activation: 'relu', name: 'b1_relu' }).apply(b1) as tf.SymbolicTensor;
  let b2 = tf.layers
    .averagePooling2d({ poolSize: 3, strides: 1, padding: 'same', name: 'b2_pool' })
    .apply(a) as tf.SymbolicTensor;
  b2 = conv('b2_conv', 3, 33, { kernelSize: 1, activation: 'linear', useBias: false }).apply(
    b2,
  ) as tf.SymbolicTensor;
  b2 = bn('b2_bn', 50, { center: false }).apply(b2) as tf.SymbolicTensor;
  b2 = tf.layers.activation({ activation: 'tanh', name: 'b2_act' }).apply(b2) as tf.SymbolicTensor;
  const mixed = tf.layers.concatenate({ name: 'mixed' }).apply([b1, b2]) as tf.SymbolicTensor;
  const gap = tf.layers.globalAveragePooling2d({ name: 'gap' }).apply(mixed) as tf.SymbolicTensor;
  const logits = tf.layers.dense({ name: 'logits', units: 4, kernelInitializer: init(34, 1) }).apply(gap);
  const above = tf.model({ inputs: a, outputs: logits as tf.SymbolicTensor, name: 'above_part' });

  const x = tf.input({ shape: [size, size, 3] });
  const full = tf.model({
    inputs: x,
    outputs: above.apply(below.apply(x)) as tf.SymbolicTensor,
    name: 'inception',
  });
  return { full, below, above };
}

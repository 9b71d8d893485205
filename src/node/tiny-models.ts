/**
 * Tiny hand-made models for the engine's unit tests (8 x 8 x 3 input, seeded weights, Node only):
 * the DAG of tiny-model.test.ts (nested model, depthwise conv, a residual branch that bypasses the
 * target layer, Dense softmax), the Dense heads of head-slicing.test.ts, and the input and metadata
 * both use. Each returns serialised artifacts, so loadModel's own path is exercised.
 */
import * as tf from '@tensorflow/tfjs';
import type { ModelMeta } from '../gradcam/types';
import { modelArtifacts } from './save-model';

export const TINY_SIZE: [number, number] = [8, 8];

/** Seeded normal weights (stddev 0.5): the same model on every run and backend. */
export function seeded(seed: number) {
  return tf.initializers.randomNormal({ mean: 0, stddev: 0.5, seed });
}

/** Metadata for a tiny model: 8 x 8, pixels / 255, labels 'class i'. */
export function tinyMeta(id: string, classes: number): ModelMeta {
  return {
    id,
    format: 'layers',
    inputSize: TINY_SIZE,
    preprocess: { scale: 1 / 255, offset: 0 },
    labels: Array.from({ length: classes }, (_, i) => `class ${i}`),
  };
}

/** A preprocessed 1 x 8 x 8 x 3 input, uniform in [0, 1), seeded. */
export function tinyInput(seed: number): tf.Tensor4D {
  return tf.randomUniform([1, ...TINY_SIZE, 3], 0, 1, 'float32', seed) as tf.Tensor4D;
}

/** The model's artifacts; the model itself is disposed. */
async function artifactsOf(model: tf.LayersModel): Promise<tf.io.ModelArtifacts> {
  try {
    return await modelArtifacts(model);
  } finally {
    model.dispose();
  }
}

/**
 * c1 (3x3 conv) -> nested block (depthwise, 3x3 conv tanh) -> target (1x1 conv tanh) + skip (1x1
 * conv of c1) -> sum -> GAP -> Dense(5) softmax. Layers: c1, dw, inner, target, skip, sum.
 */
export async function tinyDagArtifacts(): Promise<tf.io.ModelArtifacts> {
  const input = tf.input({ shape: [...TINY_SIZE, 3] });
  const c1 = tf.layers
    .conv2d({
      filters: 4,
      kernelSize: 3,
      padding: 'same',
      activation: 'relu',
      name: 'c1',
      kernelInitializer: seeded(1),
    })
    .apply(input) as tf.SymbolicTensor;
  const innerIn = tf.input({ shape: [...TINY_SIZE, 4] });
  const dw = tf.layers
    .depthwiseConv2d({ kernelSize: 3, padding: 'same', name: 'dw', depthwiseInitializer: seeded(2) })
    .apply(innerIn) as tf.SymbolicTensor;
  const innerOut = tf.layers
    .conv2d({
      filters: 6,
      kernelSize: 3,
      padding: 'same',
      activation: 'tanh',
      name: 'inner',
      kernelInitializer: seeded(3),
    })
    .apply(dw) as tf.SymbolicTensor;
  const block = tf.model({ inputs: innerIn, outputs: innerOut, name: 'block' });
  const b = block.apply(c1) as tf.SymbolicTensor;
  const target = tf.layers
    .conv2d({ filters: 6, kernelSize: 1, activation: 'tanh', name: 'target', kernelInitializer: seeded(4) })
    .apply(b) as tf.SymbolicTensor;
  const skip = tf.layers
    .conv2d({ filters: 6, kernelSize: 1, name: 'skip', kernelInitializer: seeded(5) })
    .apply(c1);
  const sum = tf.layers.add({ name: 'sum' }).apply([target, skip as tf.SymbolicTensor]) as tf.SymbolicTensor;
  const pooled = tf.layers.globalAveragePooling2d({ name: 'gap' }).apply(sum);
  const out = tf.layers
    .dense({
      units: 5,
      activation: 'softmax',
      name: 'probs',
      kernelInitializer: seeded(6),
      biasInitializer: seeded(7),
    })
    .apply(pooled) as tf.SymbolicTensor;
  return artifactsOf(tf.model({ inputs: input, outputs: out }));
}

/**
 * feat (3x3 conv relu) -> GAP -> proj (Dense 6): 'softmax' (a class projection, sliceable through its
 * linear twin), 'tanh-after' (a linear projection followed by tanh) or 'relu-dense' (a relu Dense).
 */
export async function denseHeadArtifacts(
  ending: 'softmax' | 'tanh-after' | 'relu-dense',
): Promise<tf.io.ModelArtifacts> {
  const input = tf.input({ shape: [...TINY_SIZE, 3] });
  const feat = tf.layers
    .conv2d({
      filters: 5,
      kernelSize: 3,
      padding: 'same',
      activation: 'relu',
      name: 'feat',
      kernelInitializer: seeded(1),
    })
    .apply(input) as tf.SymbolicTensor;
  const pooled = tf.layers.globalAveragePooling2d({ name: 'gap' }).apply(feat) as tf.SymbolicTensor;
  const activation = ending === 'softmax' ? 'softmax' : ending === 'relu-dense' ? 'relu' : 'linear';
  let out = tf.layers
    .dense({ units: 6, activation, name: 'proj', kernelInitializer: seeded(2), biasInitializer: seeded(3) })
    .apply(pooled) as tf.SymbolicTensor;
  if (ending === 'tanh-after')
    out = tf.layers.activation({ activation: 'tanh', name: 'squash' }).apply(out) as tf.SymbolicTensor;
  return artifactsOf(tf.model({ inputs: input, outputs: out }));
}

/**
 * Cascading randomisation's building blocks: a private copy of a LayersModel's weights, its layers
 * grouped into blocks (a layer with a kernel plus the weighted layers after it, e.g. its batch
 * norm), and seeded re-initialisation of a block (He-normal kernels, identity batch norms, zero
 * biases), all in plain JS so every backend draws the same numbers.
 */
import * as tf from '@tensorflow/tfjs';
import { flattenModel } from '../flatten-layers';

type Layer = tf.layers.Layer;

/** A copy of the model (topology and weights) that shares nothing with it. */
export async function copyLayersModel(model: tf.LayersModel): Promise<tf.LayersModel> {
  let artifacts: tf.io.ModelArtifacts | undefined;
  await model.save(
    tf.io.withSaveHandler(async (a) => {
      artifacts = a;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  if (!artifacts) throw new Error('Could not copy the model');
  return tf.loadLayersModel(tf.io.fromMemory(artifacts));
}

const isKernel = (name: string) => /kernel$/.test(name);

/** Weighted layers grouped into blocks, from the output down (top first). */
export function randomizationBlocks(model: tf.LayersModel): Layer[][] {
  const seen = new Set<Layer>();
  const blocks: Layer[][] = [];
  for (const node of flattenModel(model).nodes) {
    const layer = node.layer;
    if (seen.has(layer) || layer.weights.length === 0) continue;
    seen.add(layer);
    const startsBlock = layer.weights.some((w) => isKernel(w.originalName ?? w.name));
    if (startsBlock || blocks.length === 0) blocks.push([layer]);
    else blocks[blocks.length - 1].push(layer);
  }
  return blocks.reverse();
}

/** mulberry32: a small seeded PRNG with uniform output in [0, 1). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function normals(count: number, std: number, rand: () => number): Float32Array {
  const out = new Float32Array(count);
  for (let i = 0; i < count; i += 2) {
    const u = Math.max(rand(), 1e-12);
    const v = rand();
    const m = std * Math.sqrt(-2 * Math.log(u));
    out[i] = m * Math.cos(2 * Math.PI * v);
    if (i + 1 < count) out[i + 1] = m * Math.sin(2 * Math.PI * v);
  }
  return out;
}

function freshValues(name: string, shape: number[], layer: Layer, rand: () => number): Float32Array {
  const count = shape.reduce((a, b) => a * b, 1);
  if (isKernel(name)) {
    const depthwise = layer.getClassName() === 'DepthwiseConv2D' || /depthwise_kernel$/.test(name);
    const fanIn = depthwise ? shape[0] * shape[1] : count / shape[shape.length - 1];
    return normals(count, Math.sqrt(2 / Math.max(1, fanIn)), rand);
  }
  if (/(gamma|moving_variance)$/.test(name)) return new Float32Array(count).fill(1);
  if (/(beta|moving_mean|bias)$/.test(name)) return new Float32Array(count);
  return normals(count, 0.05, rand);
}

/** Re-initialises every weight of the block's layers (seeded). */
export function randomizeBlock(block: Layer[], seed: number): void {
  const rand = seededRandom(seed);
  for (const layer of block) {
    const values = layer.weights.map((w) => {
      const shape = w.shape as number[];
      return tf.tensor(freshValues(w.originalName ?? w.name, shape, layer, rand), shape, 'float32');
    });
    try {
      layer.setWeights(values);
    } finally {
      tf.dispose(values);
    }
  }
}

/** A checksum of every weight (sum and sum of |x| * position), to show a model was left unchanged. */
export async function weightsChecksum(model: tf.LayersModel): Promise<number> {
  let sum = 0;
  for (const w of model.weights) {
    const data = await w.read().data();
    for (let i = 0; i < data.length; i++) sum += data[i] + Math.abs(data[i]) * ((i % 97) + 1);
  }
  return sum;
}

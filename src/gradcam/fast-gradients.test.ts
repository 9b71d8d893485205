/**
 * The wasm input gradients of fast-gradients.ts against tfjs's own gradients (computed on the cpu
 * backend, where tfjs's kernels exist and are left in place): convs and depthwise convs with
 * strides 1, 2 and 3, 'same', 'valid' and explicit padding, 1x1 kernels (strided too), channel multipliers,
 * and batch normalisation. Every case also runs on wasm without falling back to cpu.
 */
import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import { setNodeBackend } from '../node/backend';
import { expectNoLeak, maxRelDiff } from '../node/testing';
import { installFastGradients } from './fast-gradients';

type Case = {
  name: string;
  x: [number, number, number, number];
  f: [number, number, number, number];
  op: (x: tf.Tensor4D, f: tf.Tensor4D) => tf.Tensor;
};

const CASES: Case[] = [
  { name: 'conv 3x3 same', x: [2, 9, 9, 3], f: [3, 3, 3, 5], op: (x, f) => tf.conv2d(x, f, 1, 'same') },
  {
    name: 'conv 3x3 stride 2 same',
    x: [1, 9, 8, 3],
    f: [3, 3, 3, 4],
    op: (x, f) => tf.conv2d(x, f, 2, 'same'),
  },
  {
    name: 'conv 3x3 stride 2 valid',
    x: [1, 10, 9, 2],
    f: [3, 3, 2, 4],
    op: (x, f) => tf.conv2d(x, f, 2, 'valid'),
  },
  {
    name: 'conv 5x3 explicit pad',
    x: [1, 7, 7, 2],
    f: [5, 3, 2, 3],
    op: (x, f) =>
      tf.conv2d(x, f, 1, [
        [0, 0],
        [2, 1],
        [0, 1],
        [0, 0],
      ]),
  },
  { name: 'conv 1x1', x: [2, 6, 5, 4], f: [1, 1, 4, 7], op: (x, f) => tf.conv2d(x, f, 1, 'same') },
  { name: 'conv 1x1 stride 2', x: [1, 7, 7, 4], f: [1, 1, 4, 3], op: (x, f) => tf.conv2d(x, f, 2, 'valid') },
  {
    name: 'conv 1x1 stride 2 same, even size (ResNet)',
    x: [2, 8, 6, 5],
    f: [1, 1, 5, 3],
    op: (x, f) => tf.conv2d(x, f, 2, 'same'),
  },
  {
    name: 'conv 1x1 strides 3 x 2 valid',
    x: [1, 8, 7, 3],
    f: [1, 1, 3, 4],
    op: (x, f) => tf.conv2d(x, f, [3, 2], 'valid'),
  },
  {
    name: 'conv 1x1 stride 2 explicit pad',
    x: [1, 6, 6, 2],
    f: [1, 1, 2, 3],
    op: (x, f) =>
      tf.conv2d(x, f, 2, [
        [0, 0],
        [1, 0],
        [0, 1],
        [0, 0],
      ]),
  },
  {
    name: 'depthwise 3x3 same',
    x: [2, 8, 8, 4],
    f: [3, 3, 4, 1],
    op: (x, f) => tf.depthwiseConv2d(x, f, 1, 'same'),
  },
  {
    name: 'depthwise 3x3 stride 2 valid',
    x: [1, 9, 9, 3],
    f: [3, 3, 3, 1],
    op: (x, f) => tf.depthwiseConv2d(x, f, 2, 'valid'),
  },
  {
    name: 'depthwise 3x3 stride 2 same',
    x: [1, 8, 7, 3],
    f: [3, 3, 3, 1],
    op: (x, f) => tf.depthwiseConv2d(x, f, 2, 'same'),
  },
  {
    name: 'depthwise multiplier 2',
    x: [1, 6, 6, 3],
    f: [3, 3, 3, 2],
    op: (x, f) => tf.depthwiseConv2d(x, f, 1, 'same'),
  },
  {
    name: 'batch norm',
    x: [2, 5, 5, 4],
    f: [1, 1, 1, 4],
    op: (x, f) => {
      const c = f.reshape([4]);
      return tf.batchNorm(x, c.mul(0.1), c.square().add(0.5), c.mul(-1), c.add(2), 1e-3);
    },
  },
];

/** dx of sum(op(x, f) * r) with fixed pseudo-random x, f, r, on the current backend. */
async function inputGradient(c: Case): Promise<Float32Array> {
  const g = tf.tidy(() => {
    const x = tf.randomNormal(c.x, 0, 1, 'float32', 1) as tf.Tensor4D;
    const f = tf.randomNormal(c.f, 0, 1, 'float32', 2) as tf.Tensor4D;
    const shape = c.op(x, f).shape;
    const r = tf.randomNormal(shape, 0, 1, 'float32', 3);
    return tf.grad((t: tf.Tensor) => tf.sum(tf.mul(c.op(t as tf.Tensor4D, f), r)))(x);
  });
  try {
    return (await g.data()) as Float32Array;
  } finally {
    g.dispose();
  }
}

describe('fast input gradients on wasm equal tfjs gradients', () => {
  afterAll(async () => {
    await setNodeBackend('cpu');
  });

  it.each(CASES.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    installFastGradients();
    await setNodeBackend('cpu'); // tfjs's own gradient kernels
    const reference = await inputGradient(c);
    await setNodeBackend('wasm'); // the rewritten ones (depthwise has no wasm kernel otherwise)
    const fast = await expectNoLeak(() => inputGradient(c));
    expect(fast.length).toBe(reference.length);
    expect(reference.some((v) => v !== 0)).toBe(true); // a real gradient, not zeros on both sides
    expect(maxRelDiff(reference, fast)).toBeLessThan(1e-5);
  });
});

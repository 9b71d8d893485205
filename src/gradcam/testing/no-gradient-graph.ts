/**
 * A tiny hand-written GraphModel (TensorFlow graph JSON + weights) whose head holds an op without a
 * gradient in TensorFlow.js (DepthToSpace): image [N, 8, 8, 3] -> Conv2D -> Relu ('relu', 8x8x4)
 * -> DepthToSpace ('d2s', 16x16x1) -> Reshape -> MatMul -> logits [N, 3].
 * Grad-CAM at 'relu' needs DepthToSpace's gradient; at 'd2s' it does not. Used by unit tests and
 * written to disk by the e2e tests (no tfjs needed to build it).
 */

import { b64, constNode, dims, type HandMadeGraph, handMadeGraph } from './graph-json';

export type { HandMadeGraph } from './graph-json';

const floatConst = (name: string, shape: number[]) => constNode(name, shape, 'DT_FLOAT');
const intConst = (name: string, shape: number[]) => constNode(name, shape, 'DT_INT32');

export const NO_GRADIENT_OP = 'DepthToSpace';

export function noGradientGraph(): HandMadeGraph {
  const specs = [
    { name: 'w', shape: [3, 3, 3, 4], dtype: 'float32' },
    { name: 'shape', shape: [2], dtype: 'int32' },
    { name: 'w2', shape: [256, 3], dtype: 'float32' },
  ];
  // Deterministic, varied weights.
  const w = Float32Array.from({ length: 3 * 3 * 3 * 4 }, (_, i) => Math.sin(i * 1.7) * 0.3);
  const shape = Int32Array.from([-1, 256]);
  const w2 = Float32Array.from({ length: 256 * 3 }, (_, i) => Math.cos(i * 0.37) * 0.2);
  const node = [
    {
      name: 'x',
      op: 'Placeholder',
      attr: { dtype: { type: 'DT_FLOAT' }, shape: { shape: dims([-1, 8, 8, 3]) } },
    },
    floatConst('w', [3, 3, 3, 4]),
    intConst('shape', [2]),
    floatConst('w2', [256, 3]),
    {
      name: 'conv',
      op: 'Conv2D',
      input: ['x', 'w'],
      attr: {
        T: { type: 'DT_FLOAT' },
        strides: { list: { i: ['1', '1', '1', '1'] } },
        padding: { s: b64('SAME') },
        data_format: { s: b64('NHWC') },
        dilations: { list: { i: ['1', '1', '1', '1'] } },
      },
    },
    { name: 'relu', op: 'Relu', input: ['conv'], attr: { T: { type: 'DT_FLOAT' } } },
    {
      name: 'd2s',
      op: NO_GRADIENT_OP,
      input: ['relu'],
      attr: { T: { type: 'DT_FLOAT' }, block_size: { i: '2' }, data_format: { s: b64('NHWC') } },
    },
    { name: 'flat', op: 'Reshape', input: ['d2s', 'shape'], attr: { T: { type: 'DT_FLOAT' } } },
    {
      name: 'logits',
      op: 'MatMul',
      input: ['flat', 'w2'],
      attr: { T: { type: 'DT_FLOAT' }, transpose_a: { b: false }, transpose_b: { b: false } },
    },
  ];
  return handMadeGraph(node, specs, [w, shape, w2]);
}

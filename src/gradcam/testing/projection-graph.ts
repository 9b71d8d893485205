/**
 * A tiny hand-written GraphModel whose head ends in a MatMul class projection:
 * image [N, 8, 8, 3] -> Conv2D -> Relu ('relu', 8x8x4) -> Mean over h, w -> MatMul (4 -> 6 classes)
 * -> BiasAdd ('logits'), optionally followed by a non-linear op ('Tanh') that must stop the slicing.
 * `transposed` stores the projection as [6, 4] with transpose_b (how some converters write Dense).
 */
import { b64, constNode, dims, type HandMadeGraph, handMadeGraph } from './graph-json';

const T = { T: { type: 'DT_FLOAT' } };

export const PROJECTION_CLASSES = 6;

export function projectionGraph(
  options: { transposed?: boolean; nonLinearAfter?: boolean } = {},
): HandMadeGraph {
  const k = PROJECTION_CLASSES;
  const wShape = options.transposed ? [k, 4] : [4, k];
  const specs = [
    { name: 'w', shape: [3, 3, 3, 4], dtype: 'float32' },
    { name: 'axes', shape: [2], dtype: 'int32' },
    { name: 'w2', shape: wShape, dtype: 'float32' },
    { name: 'b2', shape: [k], dtype: 'float32' },
  ];
  const w = Float32Array.from({ length: 108 }, (_, i) => Math.sin(i * 1.3) * 0.4);
  const axes = Int32Array.from([1, 2]);
  const w2 = Float32Array.from({ length: 4 * k }, (_, i) => Math.cos(i * 0.71) * 0.8);
  const b2 = Float32Array.from({ length: k }, (_, i) => 0.1 * (i - 2));
  const node: unknown[] = [
    {
      name: 'x',
      op: 'Placeholder',
      attr: { dtype: { type: 'DT_FLOAT' }, shape: { shape: dims([-1, 8, 8, 3]) } },
    },
    constNode('w', [3, 3, 3, 4], 'DT_FLOAT'),
    constNode('axes', [2], 'DT_INT32'),
    constNode('w2', wShape, 'DT_FLOAT'),
    constNode('b2', [k], 'DT_FLOAT'),
    {
      name: 'conv',
      op: 'Conv2D',
      input: ['x', 'w'],
      attr: {
        ...T,
        strides: { list: { i: ['1', '1', '1', '1'] } },
        padding: { s: b64('SAME') },
        data_format: { s: b64('NHWC') },
        dilations: { list: { i: ['1', '1', '1', '1'] } },
      },
    },
    { name: 'relu', op: 'Relu', input: ['conv'], attr: T },
    { name: 'pool', op: 'Mean', input: ['relu', 'axes'], attr: { ...T, keep_dims: { b: false } } },
    {
      name: 'matmul',
      op: 'MatMul',
      input: ['pool', 'w2'],
      attr: { ...T, transpose_a: { b: false }, transpose_b: { b: Boolean(options.transposed) } },
    },
    {
      name: 'logits',
      op: 'BiasAdd',
      input: ['matmul', 'b2'],
      attr: { ...T, data_format: { s: b64('NHWC') } },
    },
  ];
  if (options.nonLinearAfter) node.push({ name: 'squashed', op: 'Tanh', input: ['logits'], attr: T });
  return handMadeGraph(node, specs, [w, axes, w2, b2]);
}

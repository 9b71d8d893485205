/**
 * Exact head slicing. When the head ENDS in a class projection (a Dense or 1x1 stride-1 Conv2D /
 * a MatMul or 1x1 Conv2D node, linear, followed only by per-channel pooling, reshape, flatten,
 * dropout or a bias add; in a GraphModel reshapes and a bias add), class c's score only needs column c of the projection: the sliced head
 * computes the projection for the requested classes alone (k columns instead of all of them), so a
 * class switch and the top-5 cost O(k). Pooling commutes with selecting channels and everything
 * else in the tail is linear bookkeeping, so the scores are exactly those of the full head. A head
 * whose projection is followed by anything else (an activation, a mix of classes) is not sliced.
 */
import * as tf from '@tensorflow/tfjs';
import type { FlatGraph, FlatNode } from './flatten-layers';
import type { GraphNodeDef } from './split-graph';

type Layer = tf.layers.Layer;

// ---------------------------------------------------------------- LayersModel

/** Layers allowed between the projection and the logits: they act on each channel alone. */
const LAYER_POOLS = new Set([
  'GlobalAveragePooling2D',
  'GlobalMaxPooling2D',
  'AveragePooling2D',
  'MaxPooling2D',
  'GlobalAveragePooling1D',
  'GlobalMaxPooling1D',
]);
const LAYER_IDENTITIES = new Set(['Dropout', 'SpatialDropout1D', 'SpatialDropout2D', 'GaussianNoise']);

export interface LayersProjection {
  /** The Dense / Conv2D layer whose columns are the classes. */
  layer: Layer;
  /** Tensor id of its input (the sliced head computes the graph up to here). */
  inputId: string;
  /** The layers after it, in forward order. */
  tail: Layer[];
}

interface ProjectionInternals {
  kernel: { read(): tf.Tensor };
  bias?: { read(): tf.Tensor } | null;
}

const configOf = (layer: Layer) => layer.getConfig() as Record<string, unknown>;
const onlyLast = (shape: readonly (number | null)[] | undefined, k: number) =>
  shape != null && shape[shape.length - 1] === k && shape.slice(1, -1).every((d) => d === 1);

/** The class projection the logits end in, or undefined (then the full head is used). */
export function findLayersProjection(
  graph: FlatGraph,
  logitsId: string,
  numClasses: number,
  linearTwinOf?: Layer,
): LayersProjection | undefined {
  const tail: Layer[] = [];
  let id = logitsId;
  for (;;) {
    const node: FlatNode | undefined = graph.producer.get(id);
    if (node?.inputs.length !== 1) return undefined;
    const layer = node.layer;
    const cls = layer.getClassName();
    const config = configOf(layer);
    if (cls === 'Dense' || cls === 'Conv2D') {
      const linear = config.activation === 'linear' || layer === linearTwinOf;
      const k = config.kernelSize as number[] | undefined;
      const strides = config.strides as number[] | undefined;
      const pointwise =
        cls === 'Dense' ||
        (k?.every((d) => d === 1) && strides?.every((d) => d === 1) && config.dataFormat !== 'channelsFirst');
      if (!linear || !pointwise || (config.units !== undefined && config.units !== numClasses))
        return undefined;
      if (cls === 'Conv2D' && config.filters !== numClasses) return undefined;
      return { layer, inputId: node.inputs[0], tail: tail.reverse() };
    }
    const ok =
      LAYER_POOLS.has(cls) ||
      LAYER_IDENTITIES.has(cls) ||
      (cls === 'Activation' && config.activation === 'linear') ||
      ((cls === 'Reshape' || cls === 'Flatten') && onlyLast(graph.shapes.get(node.inputs[0]), numClasses));
    if (!ok || (LAYER_POOLS.has(cls) && config.dataFormat === 'channelsFirst')) return undefined;
    tail.push(layer);
    id = node.inputs[0];
  }
}

/** x [B, ..., Cin] -> the projection's columns `classes` [B, ..., k], then the tail, as [B, k]. */
export function applyLayersProjection(
  projection: LayersProjection,
  x: tf.Tensor,
  classes: readonly number[],
): tf.Tensor2D {
  return tf.tidy(() => {
    const { kernel, bias } = projection.layer as unknown as ProjectionInternals;
    let y = projectColumns(x, kernel.read(), bias ? bias.read() : null, classes, false);
    for (const layer of projection.tail) {
      const cls = layer.getClassName();
      if (cls === 'Reshape' || cls === 'Flatten') y = tf.reshape(y, [y.shape[0], -1]);
      else if (LAYER_POOLS.has(cls)) y = layer.apply(y, { training: false }) as tf.Tensor;
      // Dropout, noise and linear activations are the identity at inference.
    }
    return tf.reshape(y, [y.shape[0], classes.length]) as tf.Tensor2D;
  });
}

/** y = x . W[:, classes] + b[classes] over x's last axis (W as [Cin, K], or [K, Cin] when transposed). */
function projectColumns(
  x: tf.Tensor,
  weights: tf.Tensor,
  bias: tf.Tensor | null,
  classes: readonly number[],
  transposed: boolean,
): tf.Tensor {
  const cin = x.shape[x.shape.length - 1];
  const idx = tf.tensor1d(Array.from(classes), 'int32');
  const w2d = tf.reshape(weights, transposed ? [-1, cin] : [cin, -1]);
  const columns = transposed ? tf.transpose(tf.gather(w2d, idx, 0)) : tf.gather(w2d, idx, 1); // [Cin, k]
  let y = tf.matMul(tf.reshape(x, [-1, cin]), columns);
  if (bias) y = tf.add(y, tf.gather(tf.reshape(bias, [-1]), idx));
  return tf.reshape(y, [...x.shape.slice(0, -1), classes.length]);
}

// ---------------------------------------------------------------- GraphModel

export interface GraphProjection {
  /** The MatMul / Conv2D node (for messages). */
  node: string;
  /** The node whose value feeds the projection (the sliced head executes the graph up to it). */
  inputName: string;
  weights: tf.Tensor;
  transposed: boolean;
  bias: tf.Tensor | null;
  /** After the projection, in forward order: reshapes only (a pooling node there is not sliced). */
  tail: { op: 'reshape' }[];
}

const nodeName = (input: string) => input.replace(/^\^/, '').replace(/:\d+$/, '');
const GRAPH_RESHAPES = new Set(['Identity', 'Squeeze', 'Reshape', 'IdentityN', 'StopGradient']);

interface GraphNodeWithAttrs extends GraphNodeDef {
  attr?: Record<string, { b?: boolean; list?: { i?: (string | number)[] } }>;
}

/** The class projection a GraphModel's logits end in, or undefined. */
export function findGraphProjection(
  nodes: GraphNodeDef[],
  logitsName: string,
  weights: tf.NamedTensorMap | Record<string, tf.Tensor[]>,
  numClasses: number,
): GraphProjection | undefined {
  const byName = new Map(nodes.map((n) => [n.name, n as GraphNodeWithAttrs]));
  const constant = (name: string): tf.Tensor | undefined => {
    const value = (weights as Record<string, tf.Tensor | tf.Tensor[]>)[nodeName(name)];
    return Array.isArray(value) ? value[0] : value;
  };
  const tail: GraphProjection['tail'] = [];
  let bias: tf.Tensor | null = null;
  let name = logitsName;
  for (;;) {
    const node = byName.get(name);
    const inputs = (node?.input ?? []).filter((i) => !i.startsWith('^'));
    if (!node || inputs.length === 0) return undefined;
    const [first, second] = inputs;
    if (node.op === 'MatMul' || node.op === 'Conv2D') {
      const w = second ? constant(second) : undefined;
      if (!w || constant(first)) return undefined;
      const attr = node.attr ?? {};
      if (node.op === 'MatMul') {
        if (attr.transpose_a?.b) return undefined;
        const transposed = Boolean(attr.transpose_b?.b);
        if (w.rank !== 2 || w.shape[transposed ? 0 : 1] !== numClasses) return undefined;
        return { node: name, inputName: nodeName(first), weights: w, transposed, bias, tail: tail.reverse() };
      }
      const strides = (attr.strides?.list?.i ?? [1, 1, 1, 1]).map(Number);
      const dilations = (attr.dilations?.list?.i ?? [1, 1, 1, 1]).map(Number);
      const pointwise = w.rank === 4 && w.shape[0] === 1 && w.shape[1] === 1 && w.shape[3] === numClasses;
      if (!pointwise || strides.some((s) => s !== 1) || dilations.some((d) => d !== 1)) return undefined;
      return {
        node: name,
        inputName: nodeName(first),
        weights: w,
        transposed: false,
        bias,
        tail: tail.reverse(),
      };
    }
    // A per-class bias commutes with the reshapes after it: it is added right after the projection.
    if ((node.op === 'BiasAdd' || node.op === 'Add' || node.op === 'AddV2') && second && !bias) {
      const b = constant(second);
      if (!b || b.size !== numClasses || constant(first)) return undefined;
      bias = b;
      name = nodeName(first);
      continue;
    }
    if (!GRAPH_RESHAPES.has(node.op)) return undefined;
    tail.push({ op: 'reshape' });
    name = nodeName(first);
  }
}

/** x (the projection's input) -> the requested classes' scores [B, k]. */
export function applyGraphProjection(
  projection: GraphProjection,
  x: tf.Tensor,
  classes: readonly number[],
): tf.Tensor2D {
  return tf.tidy(() => {
    const y = projectColumns(x, projection.weights, projection.bias, classes, projection.transposed);
    return tf.reshape(y, [y.shape[0], classes.length]) as tf.Tensor2D;
  });
}

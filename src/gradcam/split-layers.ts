/**
 * LayersModel split: base (input -> [A, logits, extras]) and head ([A, extras] -> logits), both
 * rebuilt by re-applying the original layers to new tf.input()s on a flattened copy of the graph
 * (nested models are expanded, so a target layer may live inside one; residual/branching DAGs work
 * because any tensor the head needs that does not depend on A is fed as a constant "extra").
 *
 * Re-applying a layer to a symbolic tensor raises its reference count, and disposing a model built
 * from those tensors lowers it again, so sub-models can be disposed without freeing the original
 * weights (tfjs layers are reference counted).
 */
import * as tf from '@tensorflow/tfjs';
import { ancestorsOf, type FlatGraph, type FlatNode } from './flatten-layers';
import { headSubstitute, uid } from './head-layers';
import type { LayersProjection } from './head-slicing';
import type { Squash } from './heads';
import type { LayerInfo } from './types';

type Layer = tf.layers.Layer;

const PASS_THROUGH = new Set([
  'Reshape',
  'Flatten',
  'Dropout',
  'SpatialDropout1D',
  'SpatialDropout2D',
  'GaussianNoise',
]);

function activationOf(layer: Layer): string | undefined {
  const config = layer.getConfig() as { activation?: unknown };
  return typeof config.activation === 'string' ? config.activation : undefined;
}

export interface LogitsChoice {
  /** Tensor id of the pre-activation score. */
  id: string;
  /** Layer whose softmax/sigmoid activation must be replaced by a linear twin (Dense/Conv). */
  unsoftmax?: FlatNode;
  /** The activation bypassed (decides the head's task with the number of units: heads.ts). */
  squash: Squash;
  /** What was bypassed, for messages. */
  note: string;
}

const SQUASHES = new Set(['softmax', 'sigmoid']);

/** Finds the pre-activation score: a named layer, or the output with a trailing softmax/sigmoid removed. */
export function findLogits(graph: FlatGraph, logitsLayer?: string): LogitsChoice {
  if (logitsLayer) {
    const node = [...graph.nodes].reverse().find((n) => n.layer.name === logitsLayer);
    if (!node) throw new Error(`Logits layer '${logitsLayer}' is not in the model`);
    const act = activationOf(node.layer);
    if (act && SQUASHES.has(act))
      return { id: node.outputs[0], unsoftmax: node, squash: act as Squash, note: logitsLayer };
    const after = squashAfter(graph, node.outputs[0]);
    return { id: node.outputs[0], squash: after, note: logitsLayer };
  }
  let id = graph.output;
  for (;;) {
    const node = graph.producer.get(id);
    if (!node) break;
    const cls = node.layer.getClassName();
    const act = activationOf(node.layer);
    if (cls === 'Softmax' || (cls === 'Activation' && act && SQUASHES.has(act))) {
      const squash = (cls === 'Softmax' ? 'softmax' : act) as Squash;
      return { id: node.inputs[0], squash, note: `bypassed ${squash} layer '${node.layer.name}'` };
    }
    if (act && SQUASHES.has(act))
      return { id, unsoftmax: node, squash: act as Squash, note: `linear twin of '${node.layer.name}'` };
    if (PASS_THROUGH.has(cls) || (cls === 'Activation' && act === 'linear')) {
      id = node.inputs[0];
      continue;
    }
    break;
  }
  return { id: graph.output, squash: 'none', note: 'model output' };
}

/** The softmax/sigmoid between a named logits layer and the output, if any. */
function squashAfter(graph: FlatGraph, id: string): Squash {
  const consumer = graph.nodes.find((n) => n.inputs.includes(id));
  if (!consumer) return 'none';
  const cls = consumer.layer.getClassName();
  const act = activationOf(consumer.layer);
  if (cls === 'Softmax') return 'softmax';
  if (cls === 'Activation' && act && SQUASHES.has(act)) return act as Squash;
  if (PASS_THROUGH.has(cls)) return squashAfter(graph, consumer.outputs[0]);
  return 'none';
}

/** Output units from a logits shape (batch first): all non-batch dims but one must be 1. */
export function classCount(shape: readonly (number | null)[]): number {
  const dims = shape.slice(1);
  const big = dims.filter((d) => d !== 1);
  if (dims.length === 0 || big.length > 1 || dims.some((d) => d == null)) {
    throw new Error(`The model output has shape [${shape.join(', ')}]; expected a class vector [N, classes]`);
  }
  return (big[0] ?? 1) as number; // 1: a binary unit (heads.ts)
}

/** A layer with the same config and weights but a linear activation (the pre-softmax score). */
function linearTwin(layer: Layer): Layer {
  const Ctor = layer.constructor as new (args: Record<string, unknown>) => Layer;
  const config: Record<string, unknown> = { ...layer.getConfig(), activation: 'linear' };
  config.name = `${layer.name}_logits`;
  delete config.batchInputShape;
  delete config.inputShape;
  return new Ctor(config);
}

/** Re-applies `nodes` (topological order) starting from `seeds`; returns the symbolic tensors by id. */
function replay(
  nodes: FlatNode[],
  seeds: Map<string, tf.SymbolicTensor>,
  twins: Map<Layer, Layer>,
): Map<string, tf.SymbolicTensor> {
  const values = new Map(seeds);
  for (const node of nodes) {
    const inputs = node.inputs.map((id) => {
      const v = values.get(id);
      if (!v) throw new Error(`Internal: tensor ${id} needed by '${node.layer.name}' was not computed`);
      return v;
    });
    const layer = twins.get(node.layer) ?? node.layer;
    const out = layer.apply(inputs.length === 1 ? inputs[0] : inputs, { ...node.kwargs, training: false }) as
      | tf.SymbolicTensor
      | tf.SymbolicTensor[];
    const outs = Array.isArray(out) ? out : [out];
    node.outputs.forEach((id, i) => {
      values.set(id, outs[i]);
    });
  }
  return values;
}

const withoutBatch = (shape: (number | null)[]) => shape.slice(1) as number[];

export interface LayersSplit {
  layer: LayerInfo;
  base: tf.LayersModel;
  head: tf.LayersModel;
  /** How many extra (A-independent) tensors the head takes after A. */
  extraCount: number;
  /** Where the head ends in a class projection: the head up to its input (null: that input is A). */
  sliced?: { preHead: tf.LayersModel | null; projection: LayersProjection };
  dispose(): void;
}

/** The base/head pair for one target layer. */
export function buildLayersSplit(
  graph: FlatGraph,
  logits: LogitsChoice,
  layer: LayerInfo,
  targetId: string,
  inputShape: readonly [number, number, number],
  projection?: LayersProjection,
): LayersSplit {
  const needed = ancestorsOf(graph, logits.id);
  if (!needed.has(targetId)) throw new Error(`Layer '${layer.name}' does not feed the class scores`);
  const baseNodes = graph.nodes.filter((n) => n.outputs.some((id) => needed.has(id)));

  // Head: nodes downstream of A (and upstream of the logits).
  const downstream = new Set<string>([targetId]);
  const headNodes: FlatNode[] = [];
  for (const node of baseNodes) {
    if (node.inputs.some((id) => downstream.has(id))) {
      headNodes.push(node);
      for (const id of node.outputs) downstream.add(id);
    }
  }
  const extras: string[] = [];
  for (const node of headNodes) {
    for (const id of node.inputs) if (!downstream.has(id) && !extras.includes(id)) extras.push(id);
  }

  const twins = new Map<Layer, Layer>();
  let twin: Layer | undefined;
  if (logits.unsoftmax) {
    const original = logits.unsoftmax.layer;
    twin = linearTwin(original);
    twins.set(original, twin);
  }

  const built: tf.LayersModel[] = [];
  try {
    const input = tf.input({ shape: [...inputShape], name: `gradcam_input_${uid()}` });
    const values = replay(baseNodes, new Map([[graph.input, input]]), twins);
    if (twin && logits.unsoftmax) twin.setWeights(logits.unsoftmax.layer.getWeights());
    const pick = (id: string) => values.get(id)!;
    const base = tf.model({ inputs: input, outputs: [pick(targetId), pick(logits.id), ...extras.map(pick)] });
    built.push(base);

    const headSeeds = new Map<string, tf.SymbolicTensor>();
    const aShape = withoutBatch(pick(targetId).shape);
    const aInput = tf.input({ shape: aShape, name: `gradcam_a_${uid()}` });
    headSeeds.set(targetId, aInput);
    const extraInputs = extras.map((id) => {
      const t = tf.input({ shape: withoutBatch(pick(id).shape), name: `gradcam_extra_${uid()}` });
      headSeeds.set(id, t);
      return t;
    });
    const headTwins = new Map(twins);
    for (const node of headNodes) {
      const source = twins.get(node.layer) ?? node.layer;
      const sub = headTwins.has(node.layer) && source === node.layer ? undefined : headSubstitute(source);
      if (sub) headTwins.set(node.layer, sub);
    }
    const headValues = replay(headNodes, headSeeds, headTwins);
    const head = tf.model({ inputs: [aInput, ...extraInputs], outputs: headValues.get(logits.id)! });
    built.push(head);
    let sliced: LayersSplit['sliced'];
    if (projection && (projection.inputId === targetId || downstream.has(projection.inputId))) {
      let preHead: tf.LayersModel | null = null;
      if (projection.inputId !== targetId) {
        // Its own replay (layers are reference counted per application, not per model).
        const upTo = ancestorsOf(graph, projection.inputId);
        const seeds = new Map<string, tf.SymbolicTensor>();
        const inputs = [targetId, ...extras].map((id) => {
          const t = tf.input({ shape: withoutBatch(pick(id).shape), name: `gradcam_pre_${uid()}` });
          seeds.set(id, t);
          return t;
        });
        const nodes = headNodes.filter((n) => n.outputs.some((id) => upTo.has(id)));
        preHead = tf.model({ inputs, outputs: replay(nodes, seeds, headTwins).get(projection.inputId)! });
        built.push(preHead);
      }
      sliced = { preHead, projection };
    }
    const shape = aShape as [number, number, number];
    return {
      layer: { name: layer.name, shape },
      base,
      head,
      extraCount: extras.length,
      sliced,
      dispose() {
        for (const m of built.splice(0)) m.dispose();
      },
    };
  } catch (error) {
    for (const m of built) m.dispose();
    throw error;
  }
}

/**
 * The whole model, input -> pre-softmax logits, rebuilt with the head's stand-ins (Conv2D as plain
 * conv2d): a backward pass to the input then computes no filter gradient (Guided Backpropagation).
 */
export function buildInputModel(
  graph: FlatGraph,
  logits: LogitsChoice,
  inputShape: readonly [number, number, number],
): tf.LayersModel {
  const needed = ancestorsOf(graph, logits.id);
  const nodes = graph.nodes.filter((n) => n.outputs.some((id) => needed.has(id)));
  const twins = new Map<Layer, Layer>();
  let twin: Layer | undefined;
  if (logits.unsoftmax) {
    twin = linearTwin(logits.unsoftmax.layer);
    twins.set(logits.unsoftmax.layer, twin);
  }
  const input = tf.input({ shape: [...inputShape], name: `gradcam_input_${uid()}` });
  const built = new Map(twins);
  // Conv2D layers become plain-conv2d stand-ins (as in the head); the softmax layer its linear twin.
  for (const node of nodes) {
    if (built.has(node.layer)) continue;
    const sub = headSubstitute(node.layer);
    if (sub) built.set(node.layer, sub);
  }
  const values = replay(nodes, new Map([[graph.input, input]]), built);
  if (twin && logits.unsoftmax) twin.setWeights(logits.unsoftmax.layer.getWeights());
  return tf.model({ inputs: input, outputs: values.get(logits.id)! });
}

/** Every candidate target layer: 4-D output with h, w > 1 that feeds the logits, in graph order. */
export function candidateLayers(graph: FlatGraph, logitsId: string): { info: LayerInfo; id: string }[] {
  const needed = ancestorsOf(graph, logitsId);
  const out: { info: LayerInfo; id: string }[] = [];
  for (const node of graph.nodes) {
    if (node.outputs.length !== 1) continue;
    const id = node.outputs[0];
    if (!needed.has(id) || id === logitsId) continue;
    const shape = graph.shapes.get(id);
    if (shape?.length !== 4) continue;
    const [, h, w, c] = shape;
    if (h == null || w == null || c == null || h <= 1 || w <= 1) continue;
    out.push({ info: { name: node.layer.name, shape: [h, w, c] }, id });
  }
  return out;
}

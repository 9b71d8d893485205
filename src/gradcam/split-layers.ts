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
import type { LayerInfo } from './types';

type Layer = tf.layers.Layer;
type Kwargs = Record<string, unknown>;

/** One layer call in the flattened graph; tensors are named by string ids. */
export interface FlatNode {
  layer: Layer;
  inputs: string[];
  outputs: string[];
  kwargs: Kwargs;
}

export interface FlatGraph {
  input: string;
  output: string;
  /** Topological order. */
  nodes: FlatNode[];
  /** id -> node that produces it. */
  producer: Map<string, FlatNode>;
  /** id -> symbolic shape (batch first). */
  shapes: Map<string, (number | null)[]>;
}

// Internal tfjs-layers structures we read (stable since tfjs 1.x).
interface SymbolicLike {
  id: number;
  shape: (number | null)[];
}
interface NodeLike {
  outboundLayer: Layer;
  inputTensors: SymbolicLike[];
  outputTensors: SymbolicLike[];
  callArgs?: Kwargs;
}
interface ContainerLike {
  inputs: SymbolicLike[];
  outputs: SymbolicLike[];
  nodesByDepth: Record<string, NodeLike[]>;
  model?: ContainerLike;
}

function isContainer(layer: unknown): layer is ContainerLike {
  const l = layer as Partial<ContainerLike>;
  return l != null && (l.nodesByDepth != null || l.model?.nodesByDepth != null) && Array.isArray(l.inputs);
}

function graphOf(container: ContainerLike): ContainerLike {
  // tf.Sequential keeps its graph in an inner functional model.
  const inner = container.model;
  return inner?.nodesByDepth != null && Object.keys(inner.nodesByDepth).length > 0 ? inner : container;
}

/** Flattens a LayersModel (with nested models expanded) into a topologically ordered node list. */
export function flattenModel(model: tf.LayersModel): FlatGraph {
  const nodes: FlatNode[] = [];
  const shapes = new Map<string, (number | null)[]>();
  let counter = 0;
  const fresh = () => `t${counter++}`;

  const expand = (container: ContainerLike, inputIds: string[]): string[] => {
    const g = graphOf(container);
    const alias = new Map<number, string>();
    g.inputs.forEach((t, i) => {
      alias.set(t.id, inputIds[i]);
    });
    const resolve = (t: SymbolicLike): string => {
      let id = alias.get(t.id);
      if (id == null) {
        id = fresh();
        alias.set(t.id, id);
        shapes.set(id, t.shape);
      }
      return id;
    };
    const depths = Object.keys(g.nodesByDepth)
      .map(Number)
      .sort((a, b) => b - a);
    for (const depth of depths) {
      for (const node of g.nodesByDepth[depth]) {
        const layer = node.outboundLayer;
        if (layer.getClassName() === 'InputLayer') continue;
        const ins = node.inputTensors.map(resolve);
        if (isContainer(layer)) {
          const innerOut = expand(layer, ins);
          node.outputTensors.forEach((t, i) => {
            alias.set(t.id, innerOut[i]);
          });
        } else {
          const outs = node.outputTensors.map(resolve);
          nodes.push({ layer, inputs: ins, outputs: outs, kwargs: { ...(node.callArgs ?? {}) } });
        }
      }
    }
    return g.outputs.map(resolve);
  };

  const top = graphOf(model as unknown as ContainerLike);
  if (top.inputs.length !== 1)
    throw new Error(`The model has ${top.inputs.length} inputs; an image classifier has one`);
  if (top.outputs.length !== 1)
    throw new Error(`The model has ${top.outputs.length} outputs; expected one class vector`);
  const input = fresh();
  shapes.set(input, top.inputs[0].shape);
  const [output] = expand(top, [input]);
  const producer = new Map<string, FlatNode>();
  for (const node of nodes) for (const id of node.outputs) producer.set(id, node);
  return { input, output, nodes, producer, shapes };
}

/** Ids of every tensor `target` depends on (itself included). */
export function ancestorsOf(graph: FlatGraph, target: string): Set<string> {
  const seen = new Set<string>();
  const stack = [target];
  while (stack.length > 0) {
    const id = stack.pop()!;
    if (seen.has(id)) continue;
    seen.add(id);
    const node = graph.producer.get(id);
    if (node) stack.push(...node.inputs);
  }
  return seen;
}

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
  /** Tensor id of the pre-softmax score. */
  id: string;
  /** Layer whose softmax activation must be replaced by a linear twin (Dense/Conv with softmax). */
  unsoftmax?: FlatNode;
  /** What was bypassed, for messages. */
  note: string;
}

/** Finds the pre-softmax score: a named layer, or the output with a trailing softmax removed. */
export function findLogits(graph: FlatGraph, logitsLayer?: string): LogitsChoice {
  if (logitsLayer) {
    const node = [...graph.nodes].reverse().find((n) => n.layer.name === logitsLayer);
    if (!node) throw new Error(`Logits layer '${logitsLayer}' is not in the model`);
    if (activationOf(node.layer) === 'softmax')
      return { id: node.outputs[0], unsoftmax: node, note: logitsLayer };
    return { id: node.outputs[0], note: logitsLayer };
  }
  let id = graph.output;
  for (;;) {
    const node = graph.producer.get(id);
    if (!node) break;
    const cls = node.layer.getClassName();
    const act = activationOf(node.layer);
    if (cls === 'Softmax' || (cls === 'Activation' && act === 'softmax')) {
      return { id: node.inputs[0], note: `bypassed softmax layer '${node.layer.name}'` };
    }
    if (act === 'softmax') return { id, unsoftmax: node, note: `linear twin of '${node.layer.name}'` };
    if (PASS_THROUGH.has(cls) || (cls === 'Activation' && act === 'linear')) {
      id = node.inputs[0];
      continue;
    }
    break;
  }
  return { id: graph.output, note: 'model output' };
}

/** Number of classes from a logits shape (batch first): all non-batch dims but one must be 1. */
export function classCount(shape: readonly (number | null)[]): number {
  const dims = shape.slice(1);
  const big = dims.filter((d) => d !== 1);
  if (dims.length === 0 || big.length > 1 || dims.some((d) => d == null)) {
    throw new Error(`The model output has shape [${shape.join(', ')}]; expected a class vector [N, classes]`);
  }
  const n = (big[0] ?? 1) as number;
  if (n < 2) throw new Error(`The model output has shape [${shape.join(', ')}]; expected a class vector`);
  return n;
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
  dispose(): void;
}

/** The base/head pair for one target layer. */
export function buildLayersSplit(
  graph: FlatGraph,
  logits: LogitsChoice,
  layer: LayerInfo,
  targetId: string,
  inputSize: readonly [number, number],
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
    const input = tf.input({ shape: [inputSize[0], inputSize[1], 3], name: `gradcam_input_${uid()}` });
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
    const shape = aShape as [number, number, number];
    return {
      layer: { name: layer.name, shape },
      base,
      head,
      extraCount: extras.length,
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
 * Stand-in for a Conv2D layer inside the head. tf.layers' Conv2D always calls tf.fused.conv2d,
 * whose gradient (with a linear activation, i.e. under a tape) is a customGrad that computes the
 * FILTER gradient too: 5 s of Conv2DBackpropFilter on cpu for Tiny Darknet's 1x1 head conv, and a
 * kernel wasm does not have. This layer reads the same variables (no copy) and uses the plain
 * conv2d + bias + activation ops, whose tape only differentiates what leads from A to the score.
 */
class HeadConv2D extends tf.layers.Layer {
  static className = 'GradCamHeadConv2D';
  constructor(private readonly original: Layer) {
    super({ name: `${original.name}_head_${uid()}`, trainable: false });
  }
  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape | tf.Shape[] {
    return this.original.computeOutputShape(inputShape);
  }
  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = (Array.isArray(inputs) ? inputs[0] : inputs) as tf.Tensor4D;
      const conv = this.original as unknown as ConvInternals;
      let y: tf.Tensor = tf.conv2d(
        x,
        conv.kernel.read() as tf.Tensor4D,
        conv.strides as [number, number],
        conv.padding === 'same' ? 'same' : 'valid',
        'NHWC',
        conv.dilationRate as [number, number],
      );
      if (conv.bias) y = tf.add(y, conv.bias.read());
      return conv.activation ? conv.activation.apply(y) : y;
    });
  }
}

interface ConvInternals {
  kernel: { read(): tf.Tensor };
  bias?: { read(): tf.Tensor } | null;
  strides: number[];
  padding: string;
  dilationRate: number[];
  activation?: { apply(t: tf.Tensor): tf.Tensor };
}

/** Conv2D layers (channels-last, not causal) are replaced by HeadConv2D in the head. */
function headSubstitute(layer: Layer): Layer | undefined {
  if (layer.getClassName() !== 'Conv2D') return undefined;
  const config = layer.getConfig() as { dataFormat?: string; padding?: string };
  if (config.dataFormat === 'channelsFirst' || (config.padding !== 'same' && config.padding !== 'valid')) {
    return undefined;
  }
  return new HeadConv2D(layer);
}

let uidCounter = 0;
function uid(): number {
  uidCounter += 1;
  return uidCounter;
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

/**
 * A LayersModel as one flat DAG: nested models (a functional base inside a Sequential, say) are
 * expanded so that any layer inside them can be a target, with the tensor shapes by id.
 */
import type * as tf from '@tensorflow/tfjs';

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
  getClassName?(): string;
  build?(shape?: unknown): void;
}

function isContainer(layer: unknown): layer is ContainerLike {
  const l = layer as Partial<ContainerLike>;
  return l != null && (l.nodesByDepth != null || l.model?.nodesByDepth != null) && Array.isArray(l.inputs);
}

function graphOf(container: ContainerLike): ContainerLike {
  // tf.Sequential keeps its graph in an inner functional model, which a Sequential deserialised
  // from model.json builds only on its first call: build it now so its layers can be read.
  if (container.model == null && container.getClassName?.() === 'Sequential' && container.inputs.length > 0) {
    container.build?.(container.inputs[0].shape);
  }
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

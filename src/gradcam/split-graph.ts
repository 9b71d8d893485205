/**
 * GraphModel support: the target activation A is fetched as an intermediate node in the one forward
 * pass, and the head is `execute({[node]: A}, logitsNode)`, which tf.grad can differentiate through.
 */
import * as tf from '@tensorflow/tfjs';
import type { Squash } from './heads';
import type { LayerInfo } from './types';

export interface GraphNodeDef {
  name: string;
  op: string;
  input?: string[];
}

const PASS_THROUGH_OPS = new Set(['Identity', 'Squeeze', 'Reshape', 'IdentityN']);
const NOT_LAYERS = new Set(['Const', 'Placeholder', 'Identity', 'NoOp', 'Shape', 'StridedSlice', 'Pack']);

const nodeName = (input: string) => input.replace(/^\^/, '').replace(/:\d+$/, '');

export interface GraphTopology {
  inputName: string;
  outputName: string;
  logitsName: string;
  /** The activation bypassed after the logits. */
  squash: Squash;
  note: string;
  /** Candidate node names in topological order (ancestors of the logits, after the input). */
  candidates: string[];
}

/** Reads the frozen graph: input, output, the pre-softmax node, and nodes that could be targets. */
export function analyseGraph(model: tf.GraphModel, nodes: GraphNodeDef[]): GraphTopology {
  if (model.inputs.length !== 1)
    throw new Error(`The graph has ${model.inputs.length} inputs; an image classifier has one`);
  if (model.outputs.length < 1) throw new Error('The graph has no output');
  const inputName = nodeName(model.inputs[0].name);
  const outputName = nodeName(model.outputs[0].name);
  const byName = new Map(nodes.map((n) => [n.name, n]));
  let logitsName = outputName;
  let note = 'graph output';
  let squash: Squash = 'none';
  for (let name = outputName; ; ) {
    const node = byName.get(name);
    if (!node?.input?.length) break;
    if (node.op === 'Softmax' || node.op === 'Sigmoid') {
      logitsName = nodeName(node.input[0]);
      squash = node.op === 'Softmax' ? 'softmax' : 'sigmoid';
      note = `bypassed ${node.op} node '${name}'`;
      break;
    }
    if (!PASS_THROUGH_OPS.has(node.op)) break;
    name = nodeName(node.input[0]);
  }
  // Topological order of the logits' ancestors that depend on the input.
  const order: string[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const dependsOnInput = new Map<string, boolean>();
  const visit = (root: string) => {
    const stack: [string, boolean][] = [[root, false]];
    while (stack.length > 0) {
      const [name, expanded] = stack.pop()!;
      if (expanded) {
        const node = byName.get(name);
        const deps = (node?.input ?? []).map(nodeName);
        dependsOnInput.set(name, name === inputName || deps.some((d) => dependsOnInput.get(d)));
        state.set(name, 'done');
        order.push(name);
        continue;
      }
      if (state.has(name)) continue;
      state.set(name, 'visiting');
      stack.push([name, true]);
      for (const dep of byName.get(name)?.input ?? []) {
        const d = nodeName(dep);
        if (!state.has(d)) stack.push([d, false]);
      }
    }
  };
  visit(logitsName);
  const candidates = order.filter((name) => {
    const op = byName.get(name)?.op ?? '';
    return name !== logitsName && name !== inputName && dependsOnInput.get(name) && !NOT_LAYERS.has(op);
  });
  return { inputName, outputName, logitsName, squash, note, candidates };
}

/** Runs the graph once on zeros to learn every candidate's shape; keeps 4-D ones with h, w > 1. */
export function probeGraphLayers(
  model: tf.GraphModel,
  topo: GraphTopology,
  inputSize: readonly [number, number],
  channels = 3,
): { layers: LayerInfo[]; logitsShape: number[] } {
  const x = tf.zeros([1, inputSize[0], inputSize[1], channels]);
  const names = [...topo.candidates, topo.logitsName];
  let outs: tf.Tensor[] = [];
  try {
    outs = model.execute({ [topo.inputName]: x }, names) as tf.Tensor[];
    const layers: LayerInfo[] = [];
    topo.candidates.forEach((name, i) => {
      const s = outs[i].shape;
      if (s.length === 4 && s[1] > 1 && s[2] > 1) layers.push({ name, shape: [s[1], s[2], s[3]] });
    });
    return { layers, logitsShape: outs[outs.length - 1].shape };
  } finally {
    tf.dispose([x, ...outs]);
  }
}

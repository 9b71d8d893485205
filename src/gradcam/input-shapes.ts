/** Concrete layer shapes for a model whose input size is dynamic ([null, null, C]) at one chosen size. */
import type { FlatGraph } from './flatten-layers';

type Shape = (number | null)[];

/** True when the model input leaves height or width open. */
export function hasDynamicSize(inputShape: Shape): boolean {
  return inputShape[1] == null || inputShape[2] == null;
}

/**
 * The graph with every tensor shape recomputed from `inputShape` (layer by layer with
 * computeOutputShape); a shape a layer cannot compute stays as the model declared it.
 */
export function withInputShape(graph: FlatGraph, inputShape: Shape): FlatGraph {
  const shapes = new Map(graph.shapes);
  shapes.set(graph.input, inputShape);
  for (const node of graph.nodes) {
    const ins = node.inputs.map((id) => shapes.get(id) ?? []);
    try {
      const out = node.layer.computeOutputShape(ins.length === 1 ? ins[0] : ins) as Shape | Shape[];
      const outs = node.outputs.length === 1 ? [out as Shape] : (out as Shape[]);
      node.outputs.forEach((id, i) => {
        if (Array.isArray(outs[i])) shapes.set(id, outs[i]);
      });
    } catch {
      // Keep the declared shape.
    }
  }
  return { ...graph, shapes };
}

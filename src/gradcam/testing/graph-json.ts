/**
 * Building blocks of the hand-written GraphModels used by tests: TensorFlow graph JSON nodes, the
 * weights file, and the model.json around them (no tfjs needed to build one).
 */

export interface HandMadeGraph {
  /** The model.json object (weightsManifest points at 'weights.bin'). */
  modelJson: {
    format: string;
    generatedBy: string;
    convertedBy: string;
    modelTopology: { node: unknown[]; library: object; versions: object };
    weightsManifest: { paths: string[]; weights: WeightSpec[] }[];
  };
  /** The weights file. */
  weights: Uint8Array;
}

export interface WeightSpec {
  name: string;
  shape: number[];
  dtype: string;
}

export const b64 = (text: string) => btoa(text);
export const dims = (shape: number[]) => ({ dim: shape.map((size) => ({ size: String(size) })) });
export const constNode = (name: string, shape: number[], dtype: 'DT_FLOAT' | 'DT_INT32') => ({
  name,
  op: 'Const',
  attr: { value: { tensor: { dtype, tensorShape: dims(shape) } }, dtype: { type: dtype } },
});

/** The graph with its weights, in manifest order, as one weights.bin. */
export function handMadeGraph(
  node: unknown[],
  specs: WeightSpec[],
  parts: (Float32Array | Int32Array)[],
): HandMadeGraph {
  const weights = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let offset = 0;
  for (const p of parts) {
    weights.set(new Uint8Array(p.buffer, p.byteOffset, p.byteLength), offset);
    offset += p.byteLength;
  }
  return {
    modelJson: {
      format: 'graph-model',
      generatedBy: 'hand-written test graph',
      convertedBy: 'none',
      modelTopology: { node, library: {}, versions: { producer: 1 } },
      weightsManifest: [{ paths: ['weights.bin'], weights: specs }],
    },
    weights,
  };
}

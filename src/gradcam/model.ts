/** LoadedModel: a tfjs LayersModel or GraphModel plus what Grad-CAM needs (labels, layers, splits). */
import * as tf from '@tensorflow/tfjs';
import { type FlatGraph, flattenModel } from './flatten-layers';
import { resolveLabels } from './labels';
import { analyseGraph, type GraphNodeDef, type GraphTopology, probeGraphLayers } from './split-graph';
import {
  buildInputModel,
  buildLayersSplit,
  candidateLayers,
  classCount,
  findLogits,
  type LogitsChoice,
} from './split-layers';
import type { LayerInfo, ModelMeta } from './types';

/** The forward/backward pieces for one target layer. Tensors returned are owned by the caller. */
export interface Split {
  readonly layer: LayerInfo;
  /** Full model: input [N, H, W, 3] -> A [N, h, w, C], logits [N, K], extras the head needs. */
  forward(x: tf.Tensor4D): { activation: tf.Tensor4D; logits: tf.Tensor2D; extras: tf.Tensor[] };
  /** Head only: A [B, h, w, C] (+ the extras of a 1-image forward) -> logits [B, K]. Differentiable. */
  head(activation: tf.Tensor4D, extras: readonly tf.Tensor[]): tf.Tensor2D;
  dispose(): void;
}

export interface LoadedModel {
  /** The metadata in force (inputSize and format corrected from the model itself). */
  readonly meta: ModelMeta;
  readonly format: 'layers' | 'graph';
  /** Labels in the model's output order (length numClasses). */
  readonly labels: string[];
  readonly numClasses: number;
  /** Every candidate target layer (4-D output, h, w > 1, feeding the scores), in graph order. */
  readonly layers: LayerInfo[];
  readonly defaultLayer: string;
  readonly inputSize: [number, number];
  /** How the pre-softmax score was found (e.g. "bypassed softmax layer 'act_softmax'"). */
  readonly logitsNote: string;
  /** The split for a layer, built on first use and cached until dispose(). */
  split(layerName: string): Split;
  /**
   * Input [N, H, W, 3] -> pre-softmax logits [N, K], for backward passes to the input (Guided
   * Backpropagation): no weight gradient is computed. Built on first use.
   */
  inputLogits(x: tf.Tensor4D): tf.Tensor2D;
  /** The underlying tfjs model (for advanced callers; do not dispose it yourself). */
  readonly tfModel: tf.LayersModel | tf.GraphModel;
  readonly disposed: boolean;
  /** Frees the cached splits and the model's weights. */
  dispose(): void;
}

const toLogits2d = (t: tf.Tensor): tf.Tensor2D => tf.reshape(t, [t.shape[0], -1]) as tf.Tensor2D;

function tileBatch(t: tf.Tensor, batch: number): tf.Tensor {
  if (t.shape[0] === batch) return t;
  const reps = t.shape.map((_, i) => (i === 0 ? batch : 1));
  return tf.tile(t, reps);
}

function pickDefault(layers: LayerInfo[], wanted: string | undefined): string {
  if (layers.length === 0) throw new Error('The model has no layer with a 4-D output (h, w > 1) to explain');
  if (wanted && layers.some((l) => l.name === wanted)) return wanted;
  return layers[layers.length - 1].name;
}

abstract class BaseModel implements LoadedModel {
  abstract readonly format: 'layers' | 'graph';
  abstract readonly tfModel: tf.LayersModel | tf.GraphModel;
  meta!: ModelMeta;
  labels!: string[];
  numClasses!: number;
  layers!: LayerInfo[];
  defaultLayer!: string;
  inputSize!: [number, number];
  logitsNote!: string;
  disposed = false;
  private readonly splits = new Map<string, Split>();

  protected finish(
    meta: ModelMeta,
    inputSize: [number, number],
    layers: LayerInfo[],
    numClasses: number,
  ): void {
    this.inputSize = inputSize;
    this.meta = { ...meta, format: this.format, inputSize };
    this.layers = layers;
    this.numClasses = numClasses;
    this.labels = resolveLabels(meta.labels, numClasses);
    this.defaultLayer = pickDefault(layers, meta.defaultLayer);
  }

  protected abstract buildSplit(layer: LayerInfo): Split;
  abstract inputLogits(x: tf.Tensor4D): tf.Tensor2D;

  split(layerName: string): Split {
    if (this.disposed) throw new Error('The model has been disposed');
    let split = this.splits.get(layerName);
    if (!split) {
      const info = this.layers.find((l) => l.name === layerName);
      if (!info)
        throw new Error(
          `Unknown layer '${layerName}'; candidates: ${this.layers.map((l) => l.name).join(', ')}`,
        );
      split = this.buildSplit(info);
      this.splits.set(layerName, split);
    }
    return split;
  }

  /** Frees the per-layer splits only (the model stays usable). */
  disposeSplits(): void {
    for (const split of this.splits.values()) split.dispose();
    this.splits.clear();
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposeSplits();
    this.disposed = true;
    this.tfModel.dispose();
  }
}

export class LayersGradCamModel extends BaseModel {
  readonly format = 'layers' as const;
  private readonly graph: FlatGraph;
  private readonly logits: LogitsChoice;
  private readonly ids = new Map<string, string>();

  constructor(
    readonly tfModel: tf.LayersModel,
    meta: ModelMeta,
  ) {
    super();
    this.graph = flattenModel(tfModel);
    const inShape = this.graph.shapes.get(this.graph.input)!;
    if (inShape.length !== 4 || inShape[3] !== 3) {
      throw new Error(
        `The model input has shape [${inShape.join(', ')}]; expected an RGB image [N, H, W, 3]`,
      );
    }
    const inputSize: [number, number] = [inShape[1] ?? meta.inputSize[0], inShape[2] ?? meta.inputSize[1]];
    this.logits = findLogits(this.graph, meta.logitsLayer);
    const numClasses = classCount(this.graph.shapes.get(this.logits.id)!);
    const candidates = candidateLayers(this.graph, this.logits.id);
    for (const c of candidates) this.ids.set(c.info.name, c.id);
    this.logitsNote = this.logits.note;
    this.finish(
      meta,
      inputSize,
      candidates.map((c) => c.info),
      numClasses,
    );
  }

  private inputModel: tf.LayersModel | null = null;

  inputLogits(x: tf.Tensor4D): tf.Tensor2D {
    if (this.disposed) throw new Error('The model has been disposed');
    this.inputModel ??= buildInputModel(this.graph, this.logits, this.inputSize);
    const model = this.inputModel;
    return tf.tidy(() => toLogits2d(model.apply(x, { training: false }) as tf.Tensor));
  }

  override disposeSplits(): void {
    super.disposeSplits();
    this.inputModel?.dispose();
    this.inputModel = null;
  }

  protected buildSplit(layer: LayerInfo): Split {
    const s = buildLayersSplit(this.graph, this.logits, layer, this.ids.get(layer.name)!, this.inputSize);
    return {
      layer: s.layer,
      forward: (x) =>
        tf.tidy(() => {
          const [activation, logits, ...extras] = s.base.apply(x, { training: false }) as tf.Tensor[];
          return { activation: activation as tf.Tensor4D, logits: toLogits2d(logits), extras };
        }),
      head: (a, extras) =>
        tf.tidy(() => {
          const inputs = [a, ...extras.map((e) => tileBatch(e, a.shape[0]))];
          return toLogits2d(s.head.apply(inputs.length === 1 ? a : inputs, { training: false }) as tf.Tensor);
        }),
      dispose: () => s.dispose(),
    };
  }
}

export class GraphGradCamModel extends BaseModel {
  readonly format = 'graph' as const;
  private readonly topo: GraphTopology;

  constructor(
    readonly tfModel: tf.GraphModel,
    meta: ModelMeta,
    nodes: GraphNodeDef[],
  ) {
    super();
    const inShape = tfModel.inputs[0].shape ?? [];
    if (inShape.length !== 4 || inShape[3] !== 3) {
      throw new Error(
        `The graph input has shape [${inShape.join(', ')}]; expected an RGB image [N, H, W, 3]`,
      );
    }
    const h = inShape[1] > 0 ? inShape[1] : meta.inputSize[0];
    const w = inShape[2] > 0 ? inShape[2] : meta.inputSize[1];
    const inputSize: [number, number] = [h, w];
    this.topo = analyseGraph(tfModel, nodes);
    const probe = probeGraphLayers(tfModel, this.topo, inputSize);
    this.logitsNote = this.topo.note;
    this.finish(meta, inputSize, probe.layers, classCount(probe.logitsShape));
  }

  inputLogits(x: tf.Tensor4D): tf.Tensor2D {
    if (this.disposed) throw new Error('The model has been disposed');
    const { inputName, logitsName } = this.topo;
    return tf.tidy(() => toLogits2d(this.tfModel.execute({ [inputName]: x }, logitsName) as tf.Tensor));
  }

  protected buildSplit(layer: LayerInfo): Split {
    const { inputName, logitsName } = this.topo;
    const model = this.tfModel;
    return {
      layer,
      forward: (x) =>
        tf.tidy(() => {
          const [activation, logits] = model.execute({ [inputName]: x }, [
            layer.name,
            logitsName,
          ]) as tf.Tensor[];
          return { activation: activation as tf.Tensor4D, logits: toLogits2d(logits), extras: [] };
        }),
      head: (a) => tf.tidy(() => toLogits2d(model.execute({ [layer.name]: a }, logitsName) as tf.Tensor)),
      dispose: () => {},
    };
  }
}

/** LoadedModel: a tfjs LayersModel or GraphModel plus what Grad-CAM needs (labels, layers, splits). */
import * as tf from '@tensorflow/tfjs';
import { type FlatGraph, flattenModel } from './flatten-layers';
import { tileBatch } from './head-gradients';
import {
  applyGraphProjection,
  applyLayersProjection,
  findGraphProjection,
  findLayersProjection,
  type GraphProjection,
  type LayersProjection,
} from './head-slicing';
import { binaryLabels, detectHead, type HeadInfo, headScores } from './heads';
import { hasDynamicSize, withInputShape } from './input-shapes';
import { resolveLabels } from './labels';
import type { MetaSources } from './metadata';
import { validatePreprocess } from './preprocessing/presets';
import { analyseGraph, type GraphNodeDef, type GraphTopology, probeGraphLayers } from './split-graph';
import {
  buildInputModel,
  buildLayersSplit,
  candidateLayers,
  classCount,
  findLogits,
  type LogitsChoice,
} from './split-layers';
import type { LayerInfo, ModelMeta, Preprocess, Task } from './types';

export type { LoadedModel, Split } from './model-types';

import type { LoadedModel, Split } from './model-types';

const toLogits2d = (t: tf.Tensor): tf.Tensor2D => tf.reshape(t, [t.shape[0], -1]) as tf.Tensor2D;

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
  channels: 1 | 3 = 3;
  dynamicSize = false;
  task: Task = 'multiclass';
  headNote = '';
  sources: MetaSources = {};
  logitsNote!: string;
  disposed = false;
  private readonly splits = new Map<string, Split>();

  protected finish(meta: ModelMeta, inputSize: [number, number], layers: LayerInfo[], head: HeadInfo): void {
    this.inputSize = inputSize;
    this.task = head.task;
    this.headNote = head.note;
    this.meta = { ...meta, format: this.format, inputSize, task: head.task };
    this.layers = layers;
    this.numClasses = head.numClasses;
    // ImageNet names only fit an ImageNet-sized output (1000, or 1001 with a background class).
    const n = head.numClasses;
    const names =
      meta.labels === 'imagenet' && n !== 1000 ? (n === 1001 ? 'imagenet-background' : []) : meta.labels;
    this.labels = head.task === 'binary' ? binaryLabels(resolveLabels(names)) : resolveLabels(names, n);
    this.defaultLayer = pickDefault(layers, meta.defaultLayer);
  }

  setPreprocess(preprocess: Preprocess): void {
    this.meta = { ...this.meta, preprocess: validatePreprocess(preprocess) };
  }

  setInputSize(size: [number, number]): void {
    if (!this.dynamicSize)
      throw new Error(`The model's input size is fixed at ${this.inputSize.join(' x ')}`);
    const ok = (n: number) => Number.isInteger(n) && n >= 8 && n <= 4096;
    if (!ok(size[0]) || !ok(size[1])) throw new Error('The input size must be whole numbers from 8 to 4096');
    this.disposeSplits();
    // The same head: its note says how it was detected at load (meta.task now holds the result).
    const { headNote } = this;
    this.configure({ ...this.meta, inputSize: size });
    this.headNote = headNote;
  }

  /** Reads the layers, head and input for `meta` (called by the constructor and setInputSize). */
  protected abstract configure(meta: ModelMeta): void;

  protected abstract buildSplit(layer: LayerInfo): Split;
  abstract inputLogits(x: tf.Tensor4D): tf.Tensor2D;
  prepareInputLogits(): void {}

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
  private logits!: LogitsChoice;
  private readonly ids = new Map<string, string>();
  private projection?: LayersProjection;

  constructor(
    readonly tfModel: tf.LayersModel,
    meta: ModelMeta,
  ) {
    super();
    this.graph = flattenModel(tfModel);
    this.configure(meta);
  }

  protected configure(meta: ModelMeta): void {
    let graph = this.graph;
    const inShape = graph.shapes.get(graph.input)!;
    if (inShape.length !== 4 || (inShape[3] !== 3 && inShape[3] !== 1)) {
      throw new Error(
        `The model input has shape [${inShape.join(', ')}]; expected an RGB image [N, H, W, 3] or a gray image [N, H, W, 1]`,
      );
    }
    this.channels = inShape[3];
    this.dynamicSize = hasDynamicSize(inShape);
    const inputSize: [number, number] = [inShape[1] ?? meta.inputSize[0], inShape[2] ?? meta.inputSize[1]];
    if (this.dynamicSize) graph = withInputShape(graph, [null, inputSize[0], inputSize[1], this.channels]);
    this.logits = findLogits(graph, meta.logitsLayer);
    const head = detectHead(this.logits.squash, classCount(graph.shapes.get(this.logits.id)!), meta.task);
    const candidates = candidateLayers(graph, this.logits.id);
    this.ids.clear();
    for (const c of candidates) this.ids.set(c.info.name, c.id);
    // A binary head's scores are [-z, z] of one unit: nothing to slice.
    this.projection =
      head.task === 'binary'
        ? undefined
        : findLayersProjection(graph, this.logits.id, head.numClasses, this.logits.unsoftmax?.layer);
    this.logitsNote = this.logits.note;
    this.finish(
      meta,
      inputSize,
      candidates.map((c) => c.info),
      head,
    );
  }

  private inputModel: tf.LayersModel | null = null;

  override prepareInputLogits(): void {
    if (this.disposed) throw new Error('The model has been disposed');
    // Outside any tidy: the Conv2D stand-ins keep gradient kernels for the model's lifetime.
    this.inputModel ??= buildInputModel(this.graph, this.logits, [...this.inputSize, this.channels]);
  }

  inputLogits(x: tf.Tensor4D): tf.Tensor2D {
    if (this.disposed) throw new Error('The model has been disposed');
    if (!this.inputModel) throw new Error('Internal: prepareInputLogits() was not called');
    const model = this.inputModel;
    return tf.tidy(() => headScores(toLogits2d(model.apply(x, { training: false }) as tf.Tensor), this.task));
  }

  override disposeSplits(): void {
    super.disposeSplits();
    this.inputModel?.dispose();
    this.inputModel = null;
  }

  protected buildSplit(layer: LayerInfo): Split {
    const s = buildLayersSplit(
      this.graph,
      this.logits,
      layer,
      this.ids.get(layer.name)!,
      [...this.inputSize, this.channels],
      this.projection,
    );
    const headInputs = (a: tf.Tensor4D, extras: readonly tf.Tensor[]) => {
      const inputs = [a, ...extras.map((e) => tileBatch(e, a.shape[0]))];
      return inputs.length === 1 ? a : inputs;
    };
    const sliced = s.sliced;
    const task = this.task;
    const scores = (t: tf.Tensor) => headScores(toLogits2d(t), task);
    return {
      layer: s.layer,
      ...(sliced && {
        projection: sliced.projection.layer.name,
        classHead: (a: tf.Tensor4D, extras: readonly tf.Tensor[], classes: readonly number[]) =>
          tf.tidy(() => {
            const x = sliced.preHead
              ? (sliced.preHead.apply(headInputs(a, extras), { training: false }) as tf.Tensor)
              : a;
            return applyLayersProjection(sliced.projection, x, classes);
          }),
      }),
      forward: (x) =>
        tf.tidy(() => {
          const [activation, logits, ...extras] = s.base.apply(x, { training: false }) as tf.Tensor[];
          return { activation: activation as tf.Tensor4D, logits: scores(logits), extras };
        }),
      head: (a, extras) =>
        tf.tidy(() => scores(s.head.apply(headInputs(a, extras), { training: false }) as tf.Tensor)),
      dispose: () => s.dispose(),
    };
  }
}

export class GraphGradCamModel extends BaseModel {
  readonly format = 'graph' as const;
  private topo!: GraphTopology;
  private projection?: GraphProjection;
  /** Node names upstream of the projection's input (a target among them is sliced). */
  private readonly beforeProjection = new Set<string>();

  constructor(
    readonly tfModel: tf.GraphModel,
    meta: ModelMeta,
    private readonly nodes: GraphNodeDef[],
  ) {
    super();
    this.configure(meta);
  }

  protected configure(meta: ModelMeta): void {
    const tfModel = this.tfModel;
    const inShape = tfModel.inputs[0].shape ?? [];
    if (inShape.length !== 4 || (inShape[3] !== 3 && inShape[3] !== 1)) {
      throw new Error(
        `The graph input has shape [${inShape.join(', ')}]; expected an RGB image [N, H, W, 3] or a gray image [N, H, W, 1]`,
      );
    }
    this.channels = inShape[3] as 1 | 3;
    this.dynamicSize = !(inShape[1] > 0 && inShape[2] > 0);
    const h = inShape[1] > 0 ? inShape[1] : meta.inputSize[0];
    const w = inShape[2] > 0 ? inShape[2] : meta.inputSize[1];
    const inputSize: [number, number] = [h, w];
    this.topo = analyseGraph(tfModel, this.nodes);
    const probe = probeGraphLayers(tfModel, this.topo, inputSize, this.channels);
    this.logitsNote = this.topo.note;
    this.finish(
      meta,
      inputSize,
      probe.layers,
      detectHead(this.topo.squash, classCount(probe.logitsShape), meta.task),
    );
    this.beforeProjection.clear();
    this.projection =
      this.task === 'binary'
        ? undefined
        : findGraphProjection(this.nodes, this.topo.logitsName, tfModel.weights, this.numClasses);
    if (this.projection) {
      const stop = this.topo.candidates.indexOf(this.projection.inputName);
      for (const name of this.topo.candidates.slice(0, stop + 1)) this.beforeProjection.add(name);
      if (this.projection.inputName === this.topo.inputName) this.projection = undefined;
    }
  }

  inputLogits(x: tf.Tensor4D): tf.Tensor2D {
    if (this.disposed) throw new Error('The model has been disposed');
    const { inputName, logitsName } = this.topo;
    return tf.tidy(() =>
      headScores(toLogits2d(this.tfModel.execute({ [inputName]: x }, logitsName) as tf.Tensor), this.task),
    );
  }

  protected buildSplit(layer: LayerInfo): Split {
    const { inputName, logitsName } = this.topo;
    const model = this.tfModel;
    const projection = this.beforeProjection.has(layer.name) ? this.projection : undefined;
    const task = this.task;
    const scores = (t: tf.Tensor) => headScores(toLogits2d(t), task);
    return {
      layer,
      forward: (x) =>
        tf.tidy(() => {
          const [activation, logits] = model.execute({ [inputName]: x }, [
            layer.name,
            logitsName,
          ]) as tf.Tensor[];
          return { activation: activation as tf.Tensor4D, logits: scores(logits), extras: [] };
        }),
      head: (a) => tf.tidy(() => scores(model.execute({ [layer.name]: a }, logitsName) as tf.Tensor)),
      ...(projection && {
        projection: projection.node,
        classHead: (a: tf.Tensor4D, _extras: readonly tf.Tensor[], classes: readonly number[]) =>
          tf.tidy(() => {
            const x =
              projection.inputName === layer.name
                ? a
                : (model.execute({ [layer.name]: a }, projection.inputName) as tf.Tensor);
            return applyGraphProjection(projection, x, classes);
          }),
      }),
      dispose: () => {},
    };
  }
}

/**
 * What a loaded model is, as plain data (crosses the worker boundary; window.gradcamDebug.model()
 * and the model panel's "model-info" read it): detected input, preprocessing, head, and where each
 * came from.
 */
import type { MetaSources } from './metadata';
import type { LoadedModel } from './model';
import { describePreprocess } from './preprocessing/preset-labels';
import { type PreprocessChoice, presetIdOf } from './preprocessing/presets';
import type { LayerInfo, Preprocess, Task } from './types';

export interface ModelDetails {
  id: string;
  format: 'layers' | 'graph';
  inputSize: [number, number];
  channels: 1 | 3;
  dynamicSize: boolean;
  /** The preset id in force, or 'custom'. */
  preprocess: PreprocessChoice;
  /** The full preprocessing in force. */
  preprocessing: Preprocess;
  /** One line for people ("Caffe (Keras ResNet50 / VGG)"). */
  preprocessLabel: string;
  task: Task;
  /** How the task and probabilities were decided. */
  headNote: string;
  numClasses: number;
  layers: LayerInfo[];
  defaultLayer: string;
  /** Where labels, preprocessing, input size and task came from. */
  sources: MetaSources;
  logitsNote: string;
}

export function modelDetails(model: LoadedModel): ModelDetails {
  const preprocessing = model.meta.preprocess;
  return {
    id: model.meta.id,
    format: model.format,
    inputSize: [...model.inputSize],
    channels: model.channels,
    dynamicSize: model.dynamicSize,
    preprocess: presetIdOf(preprocessing),
    preprocessing: structuredClone(preprocessing),
    preprocessLabel: describePreprocess(preprocessing),
    task: model.task,
    headNote: model.headNote,
    numClasses: model.numClasses,
    layers: model.layers.map((l) => ({ name: l.name, shape: [...l.shape] })),
    defaultLayer: model.defaultLayer,
    sources: { ...model.sources },
    logitsNote: model.logitsNote,
  };
}

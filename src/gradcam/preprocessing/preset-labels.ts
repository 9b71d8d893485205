/**
 * The presets for people: a label and a one-line hint each (the own-model picker, the model details
 * and the command line's model description), apart from their values (presets.ts) so that the page's
 * first view, which only reads and writes preset ids, does not carry the text.
 */
import type { Preprocess } from '../types';
import { normalizePreprocess, PRESET_IDS, PRESET_VALUES, type PresetId, presetIdOf } from './presets';

export interface PreprocessPreset {
  id: PresetId;
  label: string;
  /** One line: which models use it. */
  hint: string;
  value: Preprocess;
}

const PRESET_TEXT: Readonly<Record<PresetId, { label: string; hint: string }>> = {
  'minus-one-one': {
    label: 'MobileNet / Inception [-1, 1]',
    hint: 'x / 127.5 - 1: Keras MobileNet, Inception, Xception, EfficientNet-lite',
  },
  'zero-one': { label: '[0, 1]', hint: 'x / 255: TF-Hub image models, many hand-made models' },
  raw: { label: 'Raw 0..255', hint: 'pixels as they are: models with their own rescaling layer' },
  caffe: {
    label: 'Caffe (Keras ResNet50 / VGG)',
    hint: 'BGR minus the ImageNet mean [103.939, 116.779, 123.68], no scaling',
  },
  torch: {
    label: 'PyTorch (ImageNet mean/std)',
    hint: 'x / 255, mean [0.485, 0.456, 0.406], std [0.229, 0.224, 0.225], centre crop 0.875',
  },
  'teachable-machine': {
    label: 'Teachable Machine',
    hint: 'x / 127 - 1 on the centre square, as Teachable Machine exports expect',
  },
  'gray-zero-one': {
    label: 'Grayscale [0, 1]',
    hint: 'one channel, 0.299 R + 0.587 G + 0.114 B, then x / 255',
  },
  'gray-minus-one-one': {
    label: 'Grayscale [-1, 1]',
    hint: 'one channel, 0.299 R + 0.587 G + 0.114 B, then x / 127.5 - 1',
  },
};

/** The presets in order, each with its label, hint and value. */
export const PREPROCESS_PRESETS: readonly PreprocessPreset[] = PRESET_IDS.map((id) => ({
  id,
  ...PRESET_TEXT[id],
  value: PRESET_VALUES[id],
}));

/** One line for people: "Caffe (Keras ResNet50 / VGG)" or "bgr, x*1 + 0, mean [...], stretch". */
export function describePreprocess(p: Preprocess): string {
  const id = presetIdOf(p);
  if (id !== 'custom') return PRESET_TEXT[id].label;
  const f = normalizePreprocess(p);
  const parts = [f.color, `x*${+f.scale.toPrecision(6)} + ${f.offset}`];
  if (f.mean.some((m) => m !== 0)) parts.push(`mean [${f.mean.join(', ')}]`);
  if (f.std.some((s) => s !== 1)) parts.push(`std [${f.std.join(', ')}]`);
  parts.push(f.resize === 'center-crop' ? `centre crop ${f.cropFraction}` : 'stretch');
  return parts.join(', ');
}

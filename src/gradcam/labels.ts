/** Resolves a model's label source to one label per output, in the model's own output order. */
import darknetToImagenet from '../labels/darknet-to-imagenet.json';
import imagenetClasses from '../labels/imagenet-classes.json';
import type { LabelSource } from './types';

/** The first synonym of an ImageNet label ("tench, Tinca tinca" -> "tench") reads best in a UI. */
export function shortLabel(label: string): string {
  return label.split(',')[0].trim();
}

export function resolveLabels(source: LabelSource): string[] {
  if (source === 'imagenet') return [...imagenetClasses];
  if (source === 'darknet') return darknetToImagenet.map((standardIndex) => imagenetClasses[standardIndex]);
  if (source === 'imagenet-background') return ['background', ...imagenetClasses];
  return [...source];
}

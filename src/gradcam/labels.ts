/** Label lists in a model's own output order. */
import darknetToImagenet from '../labels/darknet-to-imagenet.json';
import imagenetClasses from '../labels/imagenet-classes.json';
import type { LabelSource } from './types';

/** The 1000 standard ImageNet labels (index 0 = tench). */
export const IMAGENET_LABELS: readonly string[] = imagenetClasses as string[];

/** darknet output index -> standard ImageNet index. */
export const DARKNET_TO_IMAGENET: readonly number[] = darknetToImagenet as number[];

/**
 * The labels for every output of a model, in the model's own order. With `numClasses`, the list has
 * exactly that length and missing names (a label list shorter than the output) become `class N`.
 */
export function resolveLabels(source: LabelSource | undefined, numClasses?: number): string[] {
  let list: readonly string[];
  if (source === 'imagenet') list = IMAGENET_LABELS;
  else if (source === 'darknet') list = DARKNET_TO_IMAGENET.map((i) => IMAGENET_LABELS[i]);
  else if (source === 'imagenet-background') list = ['background', ...IMAGENET_LABELS];
  else list = source ?? [];
  if (numClasses == null) return [...list];
  const labels: string[] = [];
  for (let i = 0; i < numClasses; i++) labels.push(list[i] ?? `class ${i}`);
  return labels;
}

export { shortLabel } from './short-label';

/**
 * The model's classes by name, for the fixed-class picker (model order is meaningless to a person).
 * Sorted once per label list: the toolbar re-renders with every finished batch, and its localeCompare
 * sort of ImageNet's 1,000 labels took 85 ms of the main thread in the first 3 s of a 502-file run
 * (CPU profile), even with the picker hidden.
 */
import { shortLabel } from '../../../gradcam/short-label';

export interface NamedClass {
  index: number;
  name: string;
}

const collator = new Intl.Collator();
const sorted = new WeakMap<readonly string[], NamedClass[]>();

export function classesByName(labels: readonly string[]): NamedClass[] {
  let classes = sorted.get(labels);
  if (!classes) {
    classes = labels.map((label, index) => ({ index, name: shortLabel(label) }));
    classes.sort((a, b) => collator.compare(a.name, b.name));
    sorted.set(labels, classes);
  }
  return classes;
}

import { describe, expect, it } from 'vitest';
import { shortLabel } from '../../../gradcam/short-label';
import { classesByName } from './classes-by-name';

describe('classesByName', () => {
  it('sorts the short labels as localeCompare does, keeping each class index', () => {
    const labels = ['tabby, tabby cat', 'Egyptian cat', 'espresso', 'Eskimo dog, husky', 'Éclair', 'ant'];
    const expected = labels
      .map((label, index) => ({ index, name: shortLabel(label) }))
      .sort((a, b) => a.name.localeCompare(b.name));
    expect(classesByName(labels)).toEqual(expected);
  });

  it('sorts a label list once', () => {
    const labels = Array.from({ length: 1000 }, (_, i) => `class ${(i * 7919) % 1000}`);
    expect(classesByName(labels)).toBe(classesByName(labels));
    expect(classesByName([...labels])).not.toBe(classesByName(labels));
  });
});

import { describe, expect, it } from 'vitest';
import { presetIdOf, presetValue } from '../../../gradcam/preprocessing/presets';
import { customTexts, parseNumber, readCustom } from './custom-preprocess';

describe('the custom preprocessing form', () => {
  it('shows a preset exactly and reads it back as that preset', () => {
    for (const id of ['minus-one-one', 'zero-one', 'torch', 'teachable-machine', 'caffe'] as const) {
      const texts = customTexts(presetValue(id));
      const { preprocess, problems } = readCustom(texts);
      expect(problems).toEqual([]);
      expect(presetIdOf(preprocess!), JSON.stringify(texts)).toBe(id);
    }
    expect(customTexts(presetValue('zero-one')).scale).toBe('1/255');
    expect(customTexts(presetValue('minus-one-one')).scale).toBe('1/127.5');
    expect(customTexts(presetValue('caffe')).scale).toBe('1');
  });

  it('takes numbers as people type them', () => {
    expect(parseNumber(' 1/255 ')).toBeCloseTo(1 / 255, 15);
    expect(parseNumber('-1')).toBe(-1);
    expect(parseNumber('1e-3')).toBe(0.001);
    expect(parseNumber('')).toBeNaN();
    expect(parseNumber('1/2/3')).toBeNaN();
    const texts = { ...customTexts(presetValue('zero-one')), mean: '0.485 0.456, 0.406', std: '1/4' };
    expect(readCustom(texts).preprocess).toMatchObject({ mean: [0.485, 0.456, 0.406], std: [0.25] });
  });

  it('names every bad field by its label', () => {
    const good = customTexts(presetValue('torch'));
    const { preprocess, problems } = readCustom({
      ...good,
      scale: '',
      offset: 'one',
      mean: '0.5, 0.5',
      std: '0.2, 0, 0.2',
      cropFraction: '1.5',
    });
    expect(preprocess).toBeNull();
    expect(problems).toEqual([
      { field: 'scale', text: 'Scale is empty' },
      { field: 'offset', text: 'Offset must be a number' },
      { field: 'mean', text: 'Mean needs 1 or 3 values for rgb (got 2)' },
      { field: 'std', text: 'Std values must be > 0' },
      { field: 'cropFraction', text: 'Crop fraction must be in (0, 1]' },
    ]);
    // Gray takes one value per statistic; a stretch has no crop fraction to check.
    const gray = readCustom({ ...good, color: 'gray', resize: 'stretch', cropFraction: 'x' });
    expect(gray.problems.map((p) => p.text)).toEqual([
      'Mean needs 1 value for gray (got 3)',
      'Std needs 1 value for gray (got 3)',
    ]);
  });
});

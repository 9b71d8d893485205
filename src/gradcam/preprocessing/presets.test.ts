/** Preprocessing as data: presets, parsing and validation, naming back, crop geometry. */
import { describe, expect, it } from 'vitest';
import { cropRegion, isWholeImage } from './geometry';
import { describePreprocess, PREPROCESS_PRESETS } from './preset-labels';
import {
  inputToPixel,
  normalizePreprocess,
  PRESET_IDS,
  parsePreprocess,
  preprocessProblems,
  preprocessToParam,
  presetIdOf,
  presetValue,
} from './presets';

describe('presets', () => {
  it('has the issue ids, each a valid preprocessing that names itself back', () => {
    expect(PRESET_IDS).toEqual([
      'minus-one-one',
      'zero-one',
      'raw',
      'caffe',
      'torch',
      'teachable-machine',
      'gray-zero-one',
      'gray-minus-one-one',
    ]);
    for (const preset of PREPROCESS_PRESETS) {
      expect(preprocessProblems(preset.value), preset.id).toEqual([]);
      expect(presetIdOf(preset.value)).toBe(preset.id);
      expect(preprocessToParam(preset.value)).toBe(preset.id);
      expect(parsePreprocess(preset.id)).toEqual(presetValue(preset.id));
    }
  });

  it('encodes the conventions: Caffe, PyTorch, Teachable Machine', () => {
    expect(normalizePreprocess(presetValue('caffe'))).toEqual({
      color: 'bgr',
      scale: 1,
      offset: 0,
      mean: [103.939, 116.779, 123.68],
      std: [1, 1, 1],
      resize: 'stretch',
      cropFraction: 1,
    });
    const torch = normalizePreprocess(presetValue('torch'));
    expect(torch.resize).toBe('center-crop');
    expect(torch.cropFraction).toBe(0.875);
    // Pixel 255 in the red channel -> (1 - 0.485) / 0.229.
    expect((255 * torch.scale + torch.offset - torch.mean[0]) / torch.std[0]).toBeCloseTo(2.2489, 4);
    expect(inputToPixel(2.2489082969432315, 0, presetValue('torch'))).toBeCloseTo(255, 6);
    const tm = normalizePreprocess(presetValue('teachable-machine'));
    expect([tm.scale, tm.offset, tm.resize, tm.cropFraction]).toEqual([1 / 127, -1, 'center-crop', 1]);
  });
});

describe('parsePreprocess', () => {
  it('takes JSON, a preset base with changes, and names a custom one', () => {
    const custom = parsePreprocess('{"color":"gray","scale":0.5,"offset":3,"mean":[1],"std":[2]}');
    expect(custom).toEqual({ color: 'gray', scale: 0.5, offset: 3, mean: [1], std: [2] });
    expect(presetIdOf(custom)).toBe('custom');
    expect(JSON.parse(preprocessToParam(custom))).toEqual(custom);
    expect(describePreprocess(custom)).toBe('gray, x*0.5 + 3, mean [1], std [2], stretch');
    const stretched = parsePreprocess({ preset: 'torch', resize: 'stretch' });
    expect(presetIdOf(stretched)).toBe('custom');
    expect(stretched.std).toEqual([0.229, 0.224, 0.225]);
    // A {scale, offset} pair alone is the same as the matching preset.
    expect(presetIdOf({ scale: 1 / 255, offset: 0 })).toBe('zero-one');
  });

  it('says what is wrong, all at once', () => {
    expect(() => parsePreprocess('imagenet')).toThrow(
      /Unknown preprocessing 'imagenet': one of minus-one-one/,
    );
    expect(() => parsePreprocess('{nope')).toThrow(/not valid JSON/);
    expect(
      preprocessProblems({
        color: 'hsv',
        scale: 0,
        offset: 'x',
        mean: [1, 2],
        std: [1, 0, 1],
        resize: 'fit',
        cropFraction: 1.5,
        foo: 1,
      }),
    ).toEqual([
      "unknown field 'foo'",
      'color must be rgb, bgr or gray (got "hsv")',
      'scale must be a non-zero number',
      'offset must be a number',
      'mean needs 1 or 3 values for hsv (got 2)',
      'std values must be > 0',
      'resize must be stretch or center-crop (got "fit")',
      'cropFraction must be in (0, 1]',
    ]);
    expect(preprocessProblems({ color: 'gray', scale: 1, offset: 0, mean: [1, 2, 3] })).toEqual([
      'mean needs 1 value for gray (got 3)',
    ]);
  });
});

describe('cropRegion', () => {
  it('is the whole photo when stretching', () => {
    const r = cropRegion(300, 451, [224, 224], {});
    expect(r).toEqual({ x: 0, y: 0, width: 451, height: 300, imageWidth: 451, imageHeight: 300 });
    expect(isWholeImage(r)).toBe(true);
  });

  it('is the largest centred region with the input aspect, times the fraction', () => {
    // chelsea.png (451 x 300) -> the centre square, then torchvision's 224/256.
    expect(cropRegion(300, 451, [224, 224], { resize: 'center-crop' })).toMatchObject({
      x: 75,
      y: 0,
      width: 300,
      height: 300,
    });
    expect(cropRegion(300, 451, [224, 224], { resize: 'center-crop', cropFraction: 0.875 })).toMatchObject({
      x: 94,
      y: 18,
      width: 263,
      height: 263,
    });
    // A portrait photo into a landscape input (h 100, w 200): full width, half the width tall.
    expect(cropRegion(400, 300, [100, 200], { resize: 'center-crop' })).toMatchObject({
      x: 0,
      y: 125,
      width: 300,
      height: 150,
    });
    expect(isWholeImage(cropRegion(224, 224, [224, 224], { resize: 'center-crop' }))).toBe(true);
  });
});

/** Metadata readers: userDefinedMetadata, Teachable Machine metadata.json, labels files; merging. */
import { describe, expect, it } from 'vitest';
import {
  isTeachableMachineMetadata,
  mergeMetadata,
  parseLabelsFile,
  readSidecarJson,
  readTeachableMachineMetadata,
  readUserDefinedMetadata,
} from './metadata';
import { presetValue } from './preprocessing/presets';
import { teachableMachineMetadata } from './testing/own-models';
import type { ModelMeta } from './types';

const BASE: ModelMeta = {
  id: 'm',
  format: 'layers',
  inputSize: [224, 224],
  preprocess: presetValue('zero-one'),
  labels: [],
};

describe('labels files', () => {
  it('reads the three forms', () => {
    expect(parseLabelsFile('["tench", "goldfish"]').meta.labels).toEqual(['tench', 'goldfish']);
    expect(parseLabelsFile('{"1": "goldfish", "0": "tench"}').meta.labels).toEqual(['tench', 'goldfish']);
    // Keras' imagenet_class_index.json form: {"0": ["n01440764", "tench"]}.
    expect(
      parseLabelsFile('{"0": ["n01440764", "tench"], "2": ["n01484850", "great white shark"]}').meta.labels,
    ).toEqual(['tench', 'class 1', 'great white shark']);
    expect(parseLabelsFile('\uFEFFtench\r\ngoldfish\n\n').meta.labels).toEqual(['tench', 'goldfish']);
    expect(parseLabelsFile('cat\ndog', 'labels.txt').source).toBe('labels.txt');
  });

  it('refuses what is not labels', () => {
    expect(() => parseLabelsFile('  ')).toThrow(/empty/);
    expect(() => parseLabelsFile('[1, {"a": 2}]')).toThrow(/labels must be strings/);
    expect(() => parseLabelsFile('{"cat": 1}')).toThrow(/class indices/);
    expect(() => parseLabelsFile('[not json')).toThrow(/does not parse/);
  });
});

describe('Teachable Machine metadata.json', () => {
  it('gives labels, size and the Teachable Machine preprocessing (gray when it says so)', () => {
    const json = JSON.parse(teachableMachineMetadata(['a', 'b'], 96, true));
    expect(isTeachableMachineMetadata(json)).toBe(true);
    const found = readTeachableMachineMetadata(json);
    expect(found.source).toBe('metadata.json (Teachable Machine)');
    expect(found.meta).toEqual({
      labels: ['a', 'b'],
      inputSize: [96, 96],
      task: 'multiclass',
      preprocess: { ...presetValue('teachable-machine'), color: 'gray' },
    });
    expect(readSidecarJson(teachableMachineMetadata(['x']), 'metadata.json').meta.labels).toEqual(['x']);
    expect(readSidecarJson('["x", "y"]', 'labels.json').meta.labels).toEqual(['x', 'y']);
  });
});

describe('userDefinedMetadata', () => {
  it('reads the gradcam block and ignores models without one', () => {
    expect(readUserDefinedMetadata(undefined)).toBeNull();
    expect(readUserDefinedMetadata({ other: 1 })).toBeNull();
    const found = readUserDefinedMetadata({
      gradcam: {
        labels: ['cat'],
        preprocess: 'caffe',
        task: 'binary',
        inputSize: 299,
        defaultLayer: 'conv5',
      },
    });
    expect(found?.meta).toEqual({
      labels: ['cat'],
      preprocess: presetValue('caffe'),
      task: 'binary',
      inputSize: [299, 299],
      defaultLayer: 'conv5',
    });
  });

  it('says which field is wrong', () => {
    expect(() => readUserDefinedMetadata({ gradcam: { task: 'regression' } })).toThrow(
      /task must be multiclass/,
    );
    expect(() => readUserDefinedMetadata({ gradcam: { inputSize: [0, 10] } })).toThrow(/inputSize/);
    expect(() => readUserDefinedMetadata({ gradcam: { preprocess: { scale: 0, offset: 0 } } })).toThrow(
      /preprocess: scale must be a non-zero number/,
    );
  });
});

describe('mergeMetadata', () => {
  it('applies findings in order and records where each field came from', () => {
    const { meta, sources } = mergeMetadata(BASE, [
      { source: 'model.json userDefinedMetadata', meta: { labels: ['a'], preprocess: presetValue('caffe') } },
      null,
      { source: 'labels.txt', meta: { labels: ['b', 'c'] } },
    ]);
    expect(meta.labels).toEqual(['b', 'c']);
    expect(meta.preprocess).toEqual(presetValue('caffe'));
    expect(meta.inputSize).toEqual([224, 224]);
    expect(sources).toEqual({
      labels: 'labels.txt',
      preprocess: 'model.json userDefinedMetadata',
      inputSize: 'default',
    });
  });
});

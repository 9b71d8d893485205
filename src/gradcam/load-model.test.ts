/** loadModel's format detection and error messages; Node image/npy helpers; preprocessing. */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { setNodeBackend } from '../node/backend';
import { decodeImage, sniffImageType } from '../node/decode-image';
import { fileHandler } from '../node/file-handler';
import { encodeNpy, parseNpy, readNpy } from '../node/npy';
import {
  expectNoLeak,
  GOLDEN_DIR,
  IMAGES_DIR,
  loadImageTensor,
  maxAbsDiff,
  testModelsDir,
} from '../node/testing';
import { findCatalogueEntry, loadModel, type ModelMeta, preprocessImage } from './index';

const META: ModelMeta = {
  id: 'test',
  format: 'layers',
  inputSize: [8, 8],
  preprocess: { scale: 1, offset: 0 },
  labels: [],
};

async function artifactsOf(model: tf.LayersModel): Promise<tf.io.ModelArtifacts> {
  let saved: tf.io.ModelArtifacts | undefined;
  await model.save(
    tf.io.withSaveHandler(async (a) => {
      saved = a;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  model.dispose();
  return saved!;
}

function denseOnly(): tf.LayersModel {
  const input = tf.input({ shape: [8, 8, 3] });
  const flat = tf.layers.flatten().apply(input);
  return tf.model({ inputs: input, outputs: tf.layers.dense({ units: 4 }).apply(flat) as tf.SymbolicTensor });
}

function vectorInput(): tf.LayersModel {
  const input = tf.input({ shape: [10] });
  return tf.model({
    inputs: input,
    outputs: tf.layers.dense({ units: 4 }).apply(input) as tf.SymbolicTensor,
  });
}

function mapOutput(): tf.LayersModel {
  const input = tf.input({ shape: [8, 8, 3] });
  const conv = tf.layers.conv2d({ filters: 4, kernelSize: 3, padding: 'same' }).apply(input);
  return tf.model({ inputs: input, outputs: conv as tf.SymbolicTensor });
}

describe('loadModel', () => {
  beforeAll(async () => {
    await setNodeBackend('cpu');
  });

  it('detects a graph model even when the metadata says layers, and disposes everything', async () => {
    const entry = findCatalogueEntry('mobilenet_v1_0.25_224_graph')!;
    await expectNoLeak(async () => {
      const model = await loadModel(fileHandler(join(testModelsDir(), entry.id, 'model.json')), {
        ...entry,
        format: 'layers',
      });
      expect(model.format).toBe('graph');
      expect(model.meta.format).toBe('graph');
      model.dispose();
      expect(model.disposed).toBe(true);
    });
  });

  it('rejects files that are not JSON, missing weights and weights that do not match the manifest', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gradcam-'));
    writeFileSync(join(dir, 'model.json'), 'this is not json');
    await expect(loadModel(fileHandler(join(dir, 'model.json')), META)).rejects.toThrow(/not valid JSON/);

    const src = join(testModelsDir(), 'darknet_tiny', 'model.json');
    const json = JSON.parse(readFileSync(src, 'utf8'));
    writeFileSync(join(dir, 'model.json'), JSON.stringify(json));
    await expect(loadModel(fileHandler(join(dir, 'model.json')), META)).rejects.toThrow(
      /missing weights file/,
    );

    const artifacts = await artifactsOf(denseOnly());
    const short = (artifacts.weightData as ArrayBuffer).slice(0, 100);
    await expect(loadModel(tf.io.fromMemory({ ...artifacts, weightData: short }), META)).rejects.toThrow(
      /manifest expects/,
    );
  });

  it('explains models it cannot explain', async () => {
    await expectNoLeak(async () => {
      await expect(loadModel(tf.io.fromMemory(await artifactsOf(denseOnly())), META)).rejects.toThrow(
        /no layer with a 4-D/,
      );
      await expect(loadModel(tf.io.fromMemory(await artifactsOf(vectorInput())), META)).rejects.toThrow(
        /RGB image/,
      );
      await expect(loadModel(tf.io.fromMemory(await artifactsOf(mapOutput())), META)).rejects.toThrow(
        /class vector/,
      );
    });
  });

  it('takes the input size from the model', async () => {
    const model = await loadModel(fileHandler(join(testModelsDir(), 'darknet_tiny', 'model.json')), {
      ...META,
      inputSize: [100, 100],
    });
    expect(model.inputSize).toEqual([224, 224]);
    expect(model.defaultLayer).toBe(model.layers.at(-1)?.name);
    model.dispose();
  });
});

describe('Node helpers', () => {
  it('round-trips .npy and reads the golden inputs', async () => {
    const data = Float32Array.from({ length: 24 }, (_, i) => i / 7 - 1);
    const back = parseNpy(encodeNpy(data, [1, 2, 4, 3]));
    expect(back.shape).toEqual([1, 2, 4, 3]);
    expect(Array.from(back.data)).toEqual(Array.from(data));
    const golden = await readNpy(join(GOLDEN_DIR, 'mobilenet-chelsea-285-gradcam.input.npy'));
    expect(golden.shape).toEqual([1, 224, 224, 3]);
  });

  it('decodes PNG and JPEG by their bytes', () => {
    const png = readFileSync(join(IMAGES_DIR, 'chelsea.png'));
    const jpg = readFileSync(join(IMAGES_DIR, 'grace_hopper.jpg'));
    expect(sniffImageType(png)).toBe('png');
    expect(sniffImageType(jpg)).toBe('jpeg');
    const a = decodeImage(png);
    expect([a.width, a.height, a.data.length]).toEqual([451, 300, 451 * 300 * 3]);
    const b = decodeImage(jpg);
    expect([b.width, b.height]).toEqual([512, 600]);
    expect(() => decodeImage(new TextEncoder().encode('GIF89a nope'))).toThrow(/not a PNG or JPEG/);
  });

  it('preprocesses like the golden inputs (half-pixel bilinear, then x / 127.5 - 1)', async () => {
    await setNodeBackend('cpu');
    await expectNoLeak(async () => {
      const pixels = await loadImageTensor('chelsea.png');
      const x = preprocessImage(pixels, findCatalogueEntry('mobilenet_v1_0.25_224')!);
      const golden = await readNpy(join(GOLDEN_DIR, 'mobilenet-chelsea-285-gradcam.input.npy'));
      expect(x.shape).toEqual([1, 224, 224, 3]);
      expect(maxAbsDiff(await x.data(), golden.data)).toBeLessThan(1e-4);
      tf.dispose([pixels, x]);
    });
  });
});

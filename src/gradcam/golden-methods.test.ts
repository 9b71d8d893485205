/**
 * The golden cases of the methods and options added with issue 16 (../shared/golden): EigenGrad-CAM,
 * KPCA-CAM, FEM, ShapleyCAM, FinerCAM, the versus class, aug_smooth, eigen_smooth, several layers,
 * the probability target and Guided Backpropagation, on wasm. Checks: raw map r >= 0.999 (|r| where
 * the sign is arbitrary), final map max-abs <= 0.01 (r >= 0.999 too where runs are combined), the
 * target's value, channel weights, the guided input gradient r >= 0.999; and no tensor leaks.
 */
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setNodeBackend } from '../node/backend';
import { fileHandler } from '../node/file-handler';
import { isExtendedCase } from '../node/golden-split';
import { readNpy } from '../node/npy';
import {
  GOLDEN_DIR,
  type GoldenCase,
  goldenCases,
  goldenInput,
  loadTestModel,
  maxAbsDiff,
  pearson,
  testModelsDir,
} from '../node/testing';
import {
  type CamOptions,
  createSession,
  findCatalogueEntry,
  finishCams,
  type LoadedModel,
  loadModel,
  type MethodName,
} from './index';

interface Case extends GoldenCase {
  versus_class?: number | null;
  target_value: number;
  raw_cam_pre_relu: number[][];
  guided?: { file: string };
}

/** Methods and options whose map is a projection: its sign is arbitrary. */
const SIGN_FREE = new Set(['eigengradcam', 'kpcacam']);

const cases = (goldenCases() as Case[]).filter(isExtendedCase);

/** ResNet50 is no catalogue model: the goldens feed its preprocessed input, so any preprocessing does. */
async function loadCaseModel(id: string): Promise<LoadedModel> {
  if (findCatalogueEntry(id)) return loadTestModel(id);
  return loadModel(fileHandler(join(testModelsDir(), id, 'model.json')), {
    id,
    format: 'layers',
    inputSize: [224, 224],
    preprocess: { scale: 1, offset: 0 },
    labels: 'imagenet',
  });
}

function camOptions(g: Case): CamOptions {
  return {
    layers: g.target_layers,
    augSmooth: g.aug_smooth === true,
    eigenSmooth: g.eigen_smooth === true,
    target: g.score_target === 'probability' ? 'probability' : undefined,
    versus: g.score_target === 'versus' ? g.versus_class : undefined,
  };
}

/** The golden final map of the other orientation: the pipeline on -raw_cam_pre_relu. */
async function flippedFinal(g: Case): Promise<Float32Array> {
  const [h, w] = g.layer_shape;
  const pre = tf.tensor3d(
    g.raw_cam_pre_relu.flat().map((v) => -v),
    [1, h, w],
  );
  const maps = finishCams(pre, [224, 224]);
  const out = (await maps.heatmap.data()) as Float32Array;
  tf.dispose([pre, maps.raw, maps.lowRes, maps.heatmap]);
  return out;
}

describe('golden cases of the added methods and options on wasm', () => {
  const models = new Map<string, LoadedModel>();
  beforeAll(async () => {
    await setNodeBackend('wasm');
  });
  afterAll(() => {
    for (const m of models.values()) m.dispose();
  });
  const model = async (id: string) => {
    let m = models.get(id);
    if (!m) {
      m = await loadCaseModel(id);
      models.set(id, m);
    }
    return m;
  };

  it('has the golden cases to check', () => {
    expect(cases.length).toBeGreaterThanOrEqual(16);
  });

  it.each(cases.map((g) => [g.name, g] as const))('%s', async (_name, g) => {
    const m = await model(g.model.split('/').pop()!);
    for (const layer of g.target_layers ?? [g.target_layer]) m.split(layer); // cached splits: outside the leak check
    // The input model Guided Backpropagation uses is cached on the model too (a linear twin's weights).
    if (g.guided) m.prepareInputLogits();
    const before = tf.memory().numTensors;
    const x = await goldenInput(g.name);
    const session = createSession(m);
    session.setLayer(g.target_layer);
    await session.analyze({ preprocessed: x });
    const result = await session.heatmap(g.class_index, g.method as MethodName, camOptions(g));
    const guided = g.guided ? await session.guided(g.class_index) : undefined;
    session.dispose();
    x.dispose();
    expect(tf.memory().numTensors).toBe(before);

    const sign = SIGN_FREE.has(g.method) || g.eigen_smooth;
    const combined = g.aug_smooth || (g.target_layers?.length ?? 1) > 1;
    expect(result.layerShape).toEqual(g.layer_shape);
    expect(result.layer).toBe(g.target_layer);
    expect(result.options.augSmooth).toBe(g.aug_smooth === true);
    expect(result.options.layers).toEqual(g.target_layers ?? [g.target_layer]);
    expect(result.targetValue ?? g.target_value).toBeCloseTo(g.target_value, 4);
    const pre = g.raw_cam_pre_relu.flat();
    let r = pearson(result.raw, g.raw_cam.flat());
    let final = maxAbsDiff(result.heatmap, g.cam_224.flat());
    if (sign && r < 0) {
      // The other orientation: compare with the golden's negated map through the same pipeline.
      r = pearson(
        result.raw,
        pre.map((v) => Math.max(-v, 0)),
      );
      final = maxAbsDiff(result.heatmap, await flippedFinal(g));
    }
    const finalR = pearson(result.heatmap, g.cam_224.flat());
    console.info(
      `${g.name}: raw r=${r.toFixed(6)} final max diff=${final.toExponential(2)} final r=${finalR.toFixed(6)}`,
    );
    expect(r).toBeGreaterThanOrEqual(0.999);
    expect(final).toBeLessThanOrEqual(0.01);
    if (combined) expect(finalR).toBeGreaterThanOrEqual(0.999);
    if (g.channel_weights && result.channelWeights && !g.eigen_smooth) {
      expect(pearson(result.channelWeights, g.channel_weights)).toBeGreaterThanOrEqual(0.999);
    }
    if (guided) {
      const npy = await readNpy(join(GOLDEN_DIR, g.guided!.file));
      const gr = pearson(guided.gradient, npy.data);
      console.info(`${g.name}: guided r=${gr.toFixed(6)} (backend ${guided.backend})`);
      expect(guided.gradient.length).toBe(224 * 224 * 3);
      expect(gr).toBeGreaterThanOrEqual(0.999);
    }
  });
});

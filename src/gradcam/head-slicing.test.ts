/**
 * Exact head slicing: the sliced head (only the requested classes' columns of the final projection)
 * gives the same scores, gradients and maps as the full head, to 1e-5, for 1x1-conv heads (Tiny
 * Darknet, MobileNet, the TF-Hub GraphModel), Dense heads and GraphModel MatMul heads; a head whose
 * projection is followed by a non-linear op is not sliced.
 */
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setNodeBackend } from '../node/backend';
import { expectNoLeak, loadImageTensor, loadTestModel, maxRelDiff } from '../node/testing';
import { denseHeadArtifacts, tinyInput, tinyMeta } from '../node/tiny-models';
import { classGradients, classMask, tileBatch } from './head-gradients';
import { createSession, type LoadedModel, loadModel } from './index';
import { gradientCam } from './methods';
import { finishCams } from './normalize';
import { preprocessImage } from './preprocess';
import { PROJECTION_CLASSES, projectionGraph } from './testing/projection-graph';

const TOLERANCE = 1e-5;

function graphArtifacts(options: Parameters<typeof projectionGraph>[0]): tf.io.ModelArtifacts {
  const { modelJson, weights } = projectionGraph(options);
  return {
    format: modelJson.format,
    modelTopology: modelJson.modelTopology,
    weightSpecs: modelJson.weightsManifest[0].weights as tf.io.WeightsManifestEntry[],
    weightData: weights.slice().buffer,
  };
}

/** Differences relative to the full head's largest magnitude, at least 1 (near-zero values compare absolutely). */
const relDiff = (full: ArrayLike<number>, sliced: ArrayLike<number>) => maxRelDiff(full, sliced, 1);

/**
 * Scores, dScore/dA and the Grad-CAM maps of `classes` at `layer`, from the sliced head (what the
 * engine uses) and from the full head with a one-hot mask; returns the largest relative differences.
 */
async function slicedVersusFull(model: LoadedModel, layer: string, x: tf.Tensor4D, classes: number[]) {
  const split = model.split(layer);
  const k = model.numClasses;
  const out = split.forward(x);
  const [sliced, full, mapsSliced, mapsFull] = tf.tidy(() => {
    const ab = tileBatch(out.activation, classes.length);
    const gSliced = classGradients(split, out.activation, out.extras, classes, k);
    const mask = classMask(classes, k);
    const gFull = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(split.head(t as tf.Tensor4D, out.extras), mask)))(
      ab,
    );
    const cam = (g: tf.Tensor) =>
      finishCams(gradientCam('gradcam', ab, g as tf.Tensor4D).cam, model.inputSize).heatmap;
    return [gSliced, gFull, cam(gSliced), cam(gFull)];
  });
  const scores = split.classHead ? split.classHead(out.activation, out.extras, classes) : null;
  const fullScores = split.head(out.activation, out.extras);
  try {
    const all = (await fullScores.data()) as Float32Array;
    const wanted = classes.map((c) => all[c]);
    return {
      scores: scores ? relDiff(wanted, (await scores.data()) as Float32Array) : null,
      gradients: relDiff(await full.data(), await sliced.data()),
      maps: relDiff(await mapsFull.data(), await mapsSliced.data()),
      gradientScale: ((await full.data()) as Float32Array).reduce((m, v) => Math.max(m, Math.abs(v)), 0),
    };
  } finally {
    tf.dispose([out.activation, out.logits, ...out.extras, sliced, full, mapsSliced, mapsFull, fullScores]);
    if (scores) scores.dispose();
  }
}

function expectSame(diff: Awaited<ReturnType<typeof slicedVersusFull>>): void {
  expect(diff.gradientScale).toBeGreaterThan(0); // a real gradient, not zeros on both sides
  if (diff.scores !== null) expect(diff.scores).toBeLessThan(TOLERANCE);
  expect(diff.gradients).toBeLessThan(TOLERANCE);
  expect(diff.maps).toBeLessThan(TOLERANCE);
}

describe('head slicing on the bundled models (wasm)', () => {
  let dog: tf.Tensor3D;
  beforeAll(async () => {
    await setNodeBackend('wasm');
    dog = await loadImageTensor('darknet_dog.jpg');
  });
  afterAll(() => dog.dispose());

  it.each([
    ['darknet_tiny', 'conv2d_16'],
    ['mobilenet_v1_0.25_224', 'conv_preds'],
    ['mobilenet_v1_0.25_224_graph', 'module_apply_default/MobilenetV1/Logits/Conv2d_1c_1x1/Conv2D'],
  ])('%s: the 1x1-conv projection %s is sliced; same scores, gradients and maps', async (id, projection) => {
    const model = await loadTestModel(id);
    try {
      const split = model.split(model.defaultLayer);
      expect(split.projection).toBe(projection);
      await expectNoLeak(async () => {
        const x = preprocessImage(dog, model.meta);
        const session = createSession(model);
        const top = (await session.analyze({ preprocessed: x })).predictions.map((p) => p.index);
        expectSame(await slicedVersusFull(model, model.defaultLayer, x, top));
        expectSame(await slicedVersusFull(model, model.defaultLayer, x, [top[3]]));
        // The session's maps carry the model's own logits as scores.
        const maps = await session.heatmaps(top, 'gradcam');
        const logits = session.lastAnalysis!.logits;
        for (const [i, m] of maps.entries()) expect(m.score).toBe(logits[top[i]]);
        session.dispose();
        x.dispose();
      });
    } finally {
      model.dispose();
    }
  });
});

describe('head slicing on hand-made heads (cpu)', () => {
  beforeAll(async () => {
    await setNodeBackend('cpu');
  });
  const input = () => tinyInput(5);

  it('a Dense head (softmax bypassed through its linear twin) is sliced: same scores, gradients and maps', async () => {
    const model = await loadModel(
      tf.io.fromMemory(await denseHeadArtifacts('softmax')),
      tinyMeta('dense', 6),
    );
    try {
      expect(model.split('feat').projection).toBe('proj');
      await expectNoLeak(async () => {
        const x = input();
        expectSame(await slicedVersusFull(model, 'feat', x, [4, 1, 4]));
        x.dispose();
      });
    } finally {
      model.dispose();
    }
  });

  it.each([{ transposed: false }, { transposed: true }])(
    'a GraphModel MatMul head (transpose_b %o) is sliced: same scores, gradients and maps',
    async (options) => {
      const model = await loadModel(tf.io.fromMemory(graphArtifacts(options)), {
        ...tinyMeta('graph', PROJECTION_CLASSES),
        format: 'graph',
      });
      try {
        expect(model.split('relu').projection).toBe('matmul');
        await expectNoLeak(async () => {
          const x = input();
          expectSame(await slicedVersusFull(model, 'relu', x, [5, 0, 2]));
          expectSame(await slicedVersusFull(model, 'conv', x, [3]));
          x.dispose();
        });
      } finally {
        model.dispose();
      }
    },
  );

  it.each(['tanh-after', 'relu-dense'] as const)(
    'a projection followed by a non-linear op (%s) is not sliced; the full head gives the maps',
    async (ending) => {
      const model = await loadModel(tf.io.fromMemory(await denseHeadArtifacts(ending)), tinyMeta(ending, 6));
      try {
        const split = model.split('feat');
        expect(split.projection).toBeUndefined();
        expect(split.classHead).toBeUndefined();
        await expectNoLeak(async () => {
          const x = input();
          expectSame(await slicedVersusFull(model, 'feat', x, [2, 5]));
          x.dispose();
        });
      } finally {
        model.dispose();
      }
    },
  );

  it('a GraphModel whose MatMul projection is followed by Tanh is not sliced', async () => {
    const model = await loadModel(tf.io.fromMemory(graphArtifacts({ nonLinearAfter: true })), {
      ...tinyMeta('graph-tanh', PROJECTION_CLASSES),
      format: 'graph',
    });
    try {
      expect(model.split('relu').projection).toBeUndefined();
      await expectNoLeak(async () => {
        const x = input();
        expectSame(await slicedVersusFull(model, 'relu', x, [1, 4]));
        x.dispose();
      });
    } finally {
      model.dispose();
    }
  });
});

/**
 * Node benchmarks of the core engine on the cpu and wasm backends, for every catalogue model
 * with a local copy. Each figure: the median of N warm runs after a warm-up.
 */
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import {
  CATALOGUE,
  createSession,
  type GradCamSession,
  type LoadedModel,
  loadModel,
  METHODS,
} from '../src/gradcam';
import { setNodeBackend } from '../src/gradcam/node/backend';
import { imageToTensor, readImage } from '../src/gradcam/node/decode-image';
import { findModelDir, REPO_ROOT, resolveModel } from '../src/gradcam/node/resolve-model';
import { type BenchOptions, wantCase } from './options';
import type { BenchResult, SoakReport } from './report';
import { measure } from './stats';

const SAMPLES = ['chelsea.png', 'coffee.png'].map((file) => join(REPO_ROOT, 'public', 'samples', file));
/** Score-CAM runs one forward pass per channel: fewer timed runs, and a channel cap on the slow cpu backend. */
const SCORECAM_RUNS = 3;
const SCORECAM_CPU_CHANNELS = 32;

async function load(id: string): Promise<LoadedModel> {
  const { source, meta } = resolveModel(id);
  return loadModel(source, meta);
}

/** One plain prediction with the model as published: the baseline every ratio divides by. */
async function forwardOnly(model: LoadedModel, input: tf.Tensor4D): Promise<void> {
  const output = model.tfModel.predict(input) as tf.Tensor;
  try {
    await output.data();
  } finally {
    output.dispose();
  }
}

export async function runNodeBenchmarks(
  options: BenchOptions,
  log: (line: string) => void,
): Promise<{ results: BenchResult[]; soak: SoakReport[] }> {
  const results: BenchResult[] = [];
  const soak: SoakReport[] = [];
  const backends = options.backends?.filter((b) => b === 'cpu' || b === 'wasm') ?? ['wasm', 'cpu'];
  const models = CATALOGUE.filter(
    (entry) => (!options.models || options.models.includes(entry.id)) && findModelDir(entry.id) !== undefined,
  );
  const decoded = await Promise.all(SAMPLES.map(readImage));
  for (const backend of backends as ('cpu' | 'wasm')[]) {
    await setNodeBackend(backend);
    const images = decoded.map(imageToTensor);
    try {
      for (const entry of models) {
        const record = (
          name: BenchResult['case'],
          timing: Awaited<ReturnType<typeof measure>>,
          note?: string,
        ) => {
          results.push({
            env: 'node',
            backend,
            model: entry.id,
            case: name,
            ...timing,
            ...(note ? { note } : {}),
          });
          log(`node/${backend}/${entry.id} ${name}: ${timing.medianMs.toFixed(1)} ms`);
        };
        if (wantCase(options, 'load-cold')) {
          record('load-cold', await measure(async () => (await load(entry.id)).dispose(), options.runs, 1));
        }
        const model = await load(entry.id);
        const session = createSession(model);
        const input = tf.tidy(() =>
          tf.image.resizeBilinear(images[0], model.inputSize, false, true).expandDims(0),
        );
        try {
          await benchModel(options, model, session, input as tf.Tensor4D, images, backend, record);
          if (options.soakRuns > 0 && wantCase(options, 'soak')) {
            soak.push(await soakModel(options.soakRuns, session, images, backend, entry.id));
          }
        } finally {
          input.dispose();
          session.dispose();
          model.dispose();
        }
      }
    } finally {
      for (const image of images) image.dispose();
    }
  }
  return { results, soak };
}

async function benchModel(
  options: BenchOptions,
  model: LoadedModel,
  session: GradCamSession,
  input: tf.Tensor4D,
  images: tf.Tensor3D[],
  backend: string,
  record: (name: BenchResult['case'], timing: Awaited<ReturnType<typeof measure>>, note?: string) => void,
): Promise<void> {
  const { runs, warmup } = options;
  if (wantCase(options, 'forward'))
    record('forward', await measure(() => forwardOnly(model, input), runs, warmup));

  const first = await session.analyze(images[0]);
  const top5 = first.predictions.map((p) => p.index);
  if (wantCase(options, 'new-image')) {
    record(
      'new-image',
      await measure(
        async () => {
          const analysis = await session.analyze(images[0]);
          await session.heatmap(analysis.predictions[0].index, 'gradcam');
        },
        runs,
        warmup,
      ),
    );
  }
  await session.analyze(images[0]);
  let flip = 0;
  if (wantCase(options, 'class-switch')) {
    record('class-switch', await measure(() => session.heatmap(top5[flip++ % 2], 'gradcam'), runs, warmup));
  }
  if (wantCase(options, 'top5-batched')) {
    record('top5-batched', await measure(() => session.heatmaps(top5, 'gradcam'), runs, warmup));
  }
  if (wantCase(options, 'top5-separate')) {
    record(
      'top5-separate',
      await measure(
        async () => {
          for (const index of top5) await session.heatmap(index, 'gradcam');
        },
        runs,
        warmup,
      ),
    );
  }
  for (const method of METHODS) {
    if (!wantCase(options, `method:${method}`)) continue;
    if (method === 'scorecam') {
      const maxChannels = backend === 'cpu' ? SCORECAM_CPU_CHANNELS : undefined;
      const timing = await measure(
        () => session.heatmap(top5[0], method, { maxChannels }),
        Math.min(runs, SCORECAM_RUNS),
        1,
      );
      record(`method:${method}`, timing, maxChannels ? `capped at ${maxChannels} channels` : 'all channels');
    } else {
      record(`method:${method}`, await measure(() => session.heatmap(top5[0], method), runs, warmup));
    }
  }
  if (wantCase(options, 'mid-layer')) {
    const mid = model.layers[Math.floor(model.layers.length / 2)].name;
    session.setLayer(mid);
    await session.heatmap(top5[0], 'gradcam'); // recomputes A for the new layer once
    record(
      'mid-layer',
      await measure(() => session.heatmap(top5[flip++ % 2], 'gradcam'), runs, warmup),
      `class switch at ${mid}`,
    );
    session.setLayer(model.defaultLayer);
  }
}

/** 200 explanations alternating images, classes, layers and methods; memory after each. */
async function soakModel(
  runs: number,
  session: GradCamSession,
  images: tf.Tensor3D[],
  backend: string,
  modelId: string,
): Promise<SoakReport> {
  const layers = [
    session.model.defaultLayer,
    session.model.layers[Math.floor(session.model.layers.length / 2)].name,
  ];
  const methods = ['gradcam', 'gradcam++', 'layercam', 'xgradcam', 'eigencam', 'hirescam'] as const;
  const report: SoakReport = {
    env: 'node',
    backend,
    model: modelId,
    runs,
    numTensors: [],
    numBytes: [],
    jsHeapBytes: [],
    growthFrom10To200: { numTensors: 0, numBytes: 0, jsHeapBytes: 0 },
  };
  for (let run = 0; run < runs; run++) {
    session.setLayer(layers[run % 2]);
    const analysis = await session.analyze(images[run % images.length]);
    await session.heatmap(analysis.predictions[run % 5].index, methods[run % methods.length]);
    const memory = tf.memory();
    report.numTensors.push(memory.numTensors);
    report.numBytes.push(memory.numBytes);
    report.jsHeapBytes.push(process.memoryUsage().heapUsed);
  }
  session.setLayer(session.model.defaultLayer);
  const from = Math.min(9, runs - 1);
  const last = runs - 1;
  report.growthFrom10To200 = {
    numTensors: report.numTensors[last] - report.numTensors[from],
    numBytes: report.numBytes[last] - report.numBytes[from],
    jsHeapBytes: report.jsHeapBytes[last] - report.jsHeapBytes[from],
  };
  return report;
}

/**
 * Benchmark cases over a session, framework-free: the Node bench and the browser worker run the
 * same code, so their numbers compare. Every figure is the median of N warm runs after a warm-up.
 */
import * as tf from '@tensorflow/tfjs';
import type { LoadedModel } from './model';
import type { GradCamSession } from './session';
import { METHODS, type MethodName } from './types';

export interface Timing {
  medianMs: number;
  minMs: number;
  maxMs: number;
  runs: number;
}

export interface CaseTiming extends Timing {
  case: string;
  note?: string;
}

export interface SoakSeries {
  runs: number;
  numTensors: number[];
  numBytes: number[];
  numBytesInGPU?: number[];
  jsHeapBytes: number[];
}

export interface BenchmarkSpec {
  runs: number;
  warmup: number;
  /** Case names to run (e.g. 'forward', 'method:gradcam', 'method' for all methods); all when absent. */
  cases?: string[];
  /** Score-CAM: timed runs (one forward pass per channel makes it slow) and an optional channel cap. */
  scorecamRuns?: number;
  scorecamMaxChannels?: number;
  /** Explanations in the memory soak (0: none). */
  soakRuns: number;
}

export function summarize(samples: number[]): Timing {
  const sorted = [...samples].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  const median = sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
  const round = (x: number) => Math.round(x * 100) / 100;
  return {
    medianMs: round(median),
    minMs: round(sorted[0]),
    maxMs: round(sorted[sorted.length - 1]),
    runs: sorted.length,
  };
}

/** Runs `step` `warmup` times untimed, then `runs` times timed, each awaited to completion. */
export async function measure(step: () => Promise<unknown>, runs: number, warmup: number): Promise<Timing> {
  for (let i = 0; i < warmup; i++) await step();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await step();
    samples.push(performance.now() - start);
  }
  return summarize(samples);
}

/** Every case benchmarkSession() knows, in the order it runs them ('soak' last). */
export const BENCHMARK_CASES: readonly string[] = [
  'forward',
  'new-image',
  'class-switch',
  'top5-batched',
  'top5-separate',
  ...METHODS.map((method) => `method:${method}`),
  'guided',
  'mid-layer',
  'soak',
];

export function wantCase(cases: string[] | undefined, name: string): boolean {
  if (!cases) return true;
  return cases.some((wanted) => wanted === name || (wanted === 'method' && name.startsWith('method:')));
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

/** A layer halfway through the candidates: Grad-CAM there runs a much longer head backward. */
export function midLayer(model: LoadedModel): string {
  return model.layers[Math.floor(model.layers.length / 2)].name;
}

/**
 * Times every case on `session` with `images` (H x W x 3 RGB, caller-owned; at least one).
 * `memory` reports the backend's memory for the soak (tf.memory() plus the JS heap where known).
 */
export async function benchmarkSession(
  session: GradCamSession,
  images: tf.Tensor3D[],
  spec: BenchmarkSpec,
  memory: () => { numTensors: number; numBytes: number; numBytesInGPU?: number; jsHeapBytes: number },
): Promise<{ cases: CaseTiming[]; soak?: SoakSeries }> {
  const { model } = session;
  const { runs, warmup } = spec;
  const cases: CaseTiming[] = [];
  const want = (name: string) => wantCase(spec.cases, name);
  const time = async (name: string, step: () => Promise<unknown>, note?: string, caseRuns = runs) => {
    cases.push({ case: name, ...(await measure(step, caseRuns, warmup)), ...(note ? { note } : {}) });
  };
  session.setLayer(model.defaultLayer);
  const input = tf.tidy(
    () => tf.image.resizeBilinear(images[0], model.inputSize, false, true).expandDims(0) as tf.Tensor4D,
  );
  try {
    const preprocessed = {
      preprocessed: tf.tidy(() =>
        input.mul(model.meta.preprocess.scale).add(model.meta.preprocess.offset),
      ) as tf.Tensor4D,
    };
    try {
      if (want('forward')) await time('forward', () => forwardOnly(model, preprocessed.preprocessed));
      // Only when asked for (the video bench): a batch of 8 in one forward pass (explainBatch's).
      if (spec.cases?.includes('forward-batch8')) {
        const batch = tf.concat(Array.from({ length: 8 }, () => preprocessed.preprocessed));
        try {
          await time('forward-batch8', () => forwardOnly(model, batch), 'ms per batch of 8');
        } finally {
          batch.dispose();
        }
      }
    } finally {
      preprocessed.preprocessed.dispose();
    }
    const top5 = (await session.analyze(images[0])).predictions.map((p) => p.index);
    if (want('new-image')) {
      await time('new-image', async () => {
        const analysis = await session.analyze(images[0]);
        await session.heatmap(analysis.predictions[0].index, 'gradcam');
      });
    }
    let flip = 0;
    if (want('class-switch')) await time('class-switch', () => session.heatmap(top5[flip++ % 2], 'gradcam'));
    if (want('top5-batched')) await time('top5-batched', () => session.heatmaps(top5, 'gradcam'));
    if (want('top5-separate')) {
      await time('top5-separate', async () => {
        for (const index of top5) await session.heatmap(index, 'gradcam');
      });
    }
    for (const method of METHODS) {
      if (!want(`method:${method}`)) continue;
      if (method === 'scorecam') {
        const maxChannels = spec.scorecamMaxChannels;
        await time(
          `method:${method}`,
          () => session.heatmap(top5[0], method, { maxChannels }),
          maxChannels ? `capped at ${maxChannels} channels` : 'all channels',
          Math.min(runs, spec.scorecamRuns ?? runs),
        );
      } else {
        await time(`method:${method}`, () => session.heatmap(top5[0], method));
      }
    }
    // Guided Backprop of one class: a backward pass through the whole model (the input model is
    // built in the warm-up run).
    if (want('guided')) await time('guided', () => session.guided(top5[0]), 'Guided Backprop, one class');
    if (want('mid-layer')) {
      const mid = midLayer(model);
      session.setLayer(mid);
      await session.heatmap(top5[0], 'gradcam'); // computes A at the new layer once
      await time('mid-layer', () => session.heatmap(top5[flip++ % 2], 'gradcam'), `class switch at ${mid}`);
      session.setLayer(model.defaultLayer);
    }
    const soak =
      spec.soakRuns > 0 && want('soak')
        ? await soakSession(session, images, spec.soakRuns, memory)
        : undefined;
    return { cases, soak };
  } finally {
    input.dispose();
    session.setLayer(model.defaultLayer);
  }
}

/** Explanations alternating images, classes, layers and methods; memory after each one. */
async function soakSession(
  session: GradCamSession,
  images: tf.Tensor3D[],
  runs: number,
  memory: () => { numTensors: number; numBytes: number; numBytesInGPU?: number; jsHeapBytes: number },
): Promise<SoakSeries> {
  const layers = [session.model.defaultLayer, midLayer(session.model)];
  const methods: MethodName[] = ['gradcam', 'gradcam++', 'layercam', 'xgradcam', 'eigencam', 'hirescam'];
  const series: SoakSeries = { runs, numTensors: [], numBytes: [], jsHeapBytes: [] };
  for (let run = 0; run < runs; run++) {
    session.setLayer(layers[run % layers.length]);
    const analysis = await session.analyze(images[run % images.length]);
    await session.heatmap(
      analysis.predictions[run % analysis.predictions.length].index,
      methods[run % methods.length],
    );
    const sample = memory();
    series.numTensors.push(sample.numTensors);
    series.numBytes.push(sample.numBytes);
    series.jsHeapBytes.push(sample.jsHeapBytes);
    if (sample.numBytesInGPU !== undefined) {
      series.numBytesInGPU ??= [];
      series.numBytesInGPU.push(sample.numBytesInGPU);
    }
  }
  session.setLayer(session.model.defaultLayer);
  return series;
}

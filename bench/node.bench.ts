/**
 * Node benchmarks of the core engine on the cpu and wasm backends, for every catalogue model with
 * a local copy. The cases themselves live in src/gradcam/benchmark.ts (the browser worker runs them too).
 */
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { CATALOGUE, createSession, type LoadedModel, loadModel } from '../src/gradcam';
import { benchmarkSession, measure, wantCase } from '../src/gradcam/benchmark';
import { setNodeBackend } from '../src/node/backend';
import { imageToTensor, readImage } from '../src/node/decode-image';
import { findModelDir, REPO_ROOT, resolveModel } from '../src/node/resolve-model';
import type { BenchOptions } from './options';
import { type BenchResult, loadAverage, type SoakReport, soakReport } from './report';

const SAMPLES = ['chelsea.png', 'coffee.png'].map((file) => join(REPO_ROOT, 'public', 'samples', file));
/** Score-CAM runs a forward pass per channel: 3 timed runs, and 8 channels on the slow pure-JS cpu backend. */
const SCORECAM_RUNS = 3;
const SCORECAM_CPU_CHANNELS = 8;

async function load(id: string): Promise<LoadedModel> {
  const { source, meta } = resolveModel(id);
  return loadModel(source, meta);
}

export async function runNodeBenchmarks(
  options: BenchOptions,
  log: (line: string) => void,
): Promise<{ results: BenchResult[]; soak: SoakReport[] }> {
  const results: BenchResult[] = [];
  const soak: SoakReport[] = [];
  const backends = (options.backends ?? ['wasm', 'cpu']).filter(
    (b): b is 'cpu' | 'wasm' => b === 'cpu' || b === 'wasm',
  );
  const models = CATALOGUE.filter(
    (entry) => (!options.models || options.models.includes(entry.id)) && findModelDir(entry.id) !== undefined,
  );
  const decoded = await Promise.all(SAMPLES.map(readImage));
  for (const backend of backends) {
    await setNodeBackend(backend);
    const images = decoded.map(imageToTensor);
    try {
      for (const entry of models) {
        // One thread: tfjs-backend-wasm turns threads off in Node (tfjs issue #3830; README, Threads).
        const tag = { env: 'node' as const, backend, threads: 1, model: entry.id };
        if (wantCase(options.cases, 'load-cold')) {
          const timing = await measure(async () => (await load(entry.id)).dispose(), options.runs, 1);
          results.push({ ...tag, case: 'load-cold', ...timing, note: 'from disk' });
        }
        const model = await load(entry.id);
        const session = createSession(model);
        try {
          const run = await benchmarkSession(
            session,
            images,
            {
              runs: options.runs,
              warmup: options.warmup,
              cases: options.cases,
              scorecamRuns: SCORECAM_RUNS,
              scorecamMaxChannels:
                options.scorecamChannels ?? (backend === 'cpu' ? SCORECAM_CPU_CHANNELS : undefined),
              // The soak checks the engine's memory, which is the same code on both backends: on the
              // pure-JS cpu backend 200 explanations take many minutes, so it runs there only when asked.
              soakRuns: backend === 'cpu' && !options.cases?.includes('soak') ? 0 : options.soakRuns,
            },
            () => ({ ...tf.memory(), jsHeapBytes: process.memoryUsage().heapUsed }),
          );
          for (const timing of run.cases) {
            results.push({
              ...tag,
              ...timing,
              case: timing.case as BenchResult['case'],
              load1: loadAverage()[0],
            });
            log(`node/${backend}/${entry.id} ${timing.case}: ${timing.medianMs.toFixed(1)} ms`);
          }
          if (run.soak) soak.push(soakReport(tag, run.soak));
        } finally {
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

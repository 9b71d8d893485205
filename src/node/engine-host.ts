/**
 * The page's engine in Node: the worker's own engine (src/worker/engine-api.ts) on tfjs's cpu or wasm
 * backend, with catalogue models read from disk. The pipeline's unit tests drive it exactly as the
 * page drives the worker, so they run the real core, not a stand-in (Node only).
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import type { Engine, EngineHost } from '../app/engine';
import { createEngineApi } from '../worker/engine-api';
import type { FrameSource } from '../worker/frame-protocol';
import type { BackendName, FaultReason } from '../worker/protocol';
import { setNodeBackend } from './backend';
import { imageToTensor, type RgbImage } from './decode-image';
import { fileHandler } from './file-handler';
import { findModelDir } from './resolve-model';

/** An RGB image dressed as the ImageBitmap the store holds (the Node engine reads its pixels). */
export function nodeBitmap(image: RgbImage): ImageBitmap {
  return { width: image.width, height: image.height, close() {}, rgb: image } as unknown as ImageBitmap;
}

export interface NodeEngine extends Engine {
  /** Simulates the worker dying: the pipeline is told, as the bridge tells it. */
  crash(reason?: FaultReason): void;
}

export interface NodeHost extends EngineHost {
  /** Each engine started, oldest first. */
  started: NodeEngine[];
  /** The engine calls made, by method name, in order (the tests' "which stages ran"). */
  calls: string[];
}

/** An EngineHost whose engines run in this process. */
export function nodeHost(backend: 'cpu' | 'wasm' = 'cpu'): NodeHost {
  const started: NodeEngine[] = [];
  const calls: string[] = [];
  return {
    started,
    calls,
    async start(request, onLost) {
      const api = createEngineApi<ImageBitmap, FrameSource>({
        async startBackend() {
          const start = performance.now();
          await setNodeBackend(backend);
          return {
            name: backend as BackendName,
            requested: request,
            skipped: [],
            // tfjs-backend-wasm runs one thread in Node (README: "Threads").
            threads: 1,
            isolated: false,
            initMs: performance.now() - start,
          };
        },
        async openSource(source) {
          if (source.kind === 'url')
            return { handler: fileHandler(fileURLToPath(source.url)), from: 'files' };
          if (source.kind !== 'catalogue')
            throw new Error('The Node engine loads catalogue models and file: URLs.');
          const dir = findModelDir(source.id);
          if (!dir) throw new Error(`No copy of ${source.id} on disk.`);
          return { handler: fileHandler(join(dir, 'model.json')), from: 'files' };
        },
        toTensor: (bitmap) => imageToTensor((bitmap as unknown as { rgb: RgbImage }).rgb),
        frameToTensor: (frame) => imageToTensor((frame as unknown as { rgb: RgbImage }).rgb),
        transfer: (value) => value,
      });
      let alive = true;
      const call = <T>(method: string, run: () => Promise<T>): Promise<T> => {
        calls.push(method);
        return alive ? run() : Promise.reject(new Error('The model engine stopped.'));
      };
      const engine: NodeEngine = {
        loadModel: (source, signal, onProgress) =>
          call('loadModel', () => api.loadModel(source, signal, onProgress)),
        setImage: (image, signal, options) => call('setImage', () => api.setImage(image, signal, 5, options)),
        heatmap: (request, signal, onProgress) =>
          call('heatmap', () => api.heatmap(request, signal, onProgress)),
        heatmaps: (request, signal) => call('heatmaps', () => api.heatmaps(request, signal)),
        guided: (request, signal) => call('guided', () => api.guided(request, signal)),
        frame: (frame, request, signal) => call('frame', () => api.frame(frame, request, signal)),
        releaseFrames: () => api.releaseFrames(),
        trust: (request, signal, onProgress) => call('trust', () => api.trust(request, signal, onProgress)),
        benchmark: (spec, signal) => call('benchmark', () => api.benchmark(spec, signal)),
        memory: async () => api.memory(),
        terminate() {
          alive = false;
          api.dispose();
        },
        crash(reason = 'stopped') {
          engine.terminate();
          onLost(reason);
        },
      };
      const info = await api.init(request);
      started.push(engine);
      return { engine, backend: info };
    },
  };
}

/** Tensors held by tfjs now (the tests check that a stopped engine leaves none behind). */
export function tensorsInUse(): number {
  return tf.memory().numTensors;
}

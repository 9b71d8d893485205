/** window.gradcamDebug (declared in debug-api.ts) for the page's store and engine. */
import type { AppStore } from '../state/store';
import { videoDebug } from '../video/debug';
import { bridgeCalls, totalBridgeCalls } from '../worker/bridge';
import { repeatTiles } from './dataset/debug';
import { datasetFigures } from './dataset/progress';
import type { GradcamDebug } from './debug-api';
import type { EngineRoom } from './engine';

/**
 * last() and model() (debug-views.ts, with the boxes and metrics code) are a chunk of their own,
 * asked for at install, with video()'s timeline selectors. Until they are in, last() and
 * model() answer null and video() empty lists, as before the first model, map or analysed video:
 * those need the worker, the model files and forward passes, far longer than a small chunk from the
 * same server (the tests poll model() and call last() once the canvas says ready).
 */
let views: typeof import('./debug-views') | null = null;

/** Worker calls are counted at the bridge itself. */
export function installDebugHook(store: AppStore, engines: EngineRoom): void {
  void import('./debug-views').then((module) => {
    views = module;
  });

  const engine = () => engines.current;
  window.gradcamDebug = {
    last: () => views?.debugMap(store.getState()) ?? null,
    workerCalls: totalBridgeCalls,
    bridgeCalls,
    model: () => views?.debugModel(store.getState()) ?? null,
    benchmark(spec) {
      const current = engine();
      if (!current) throw new Error('The model engine is not running.');
      return current.benchmark(spec);
    },
    memory: async () => (await engine()?.memory()) ?? null,
    killWorker: () => engine()?.debugKill?.(),
    loseWebGlContext: async () => (await engine()?.debugLoseWebGlContext?.()) ?? false,
    dataset() {
      const { done, total, failed, imagesPerSecond } = datasetFigures(store.getState().dataset);
      return { done, total, failed, imagesPerSecond };
    },
    setDatasetForwardOnly: (on) => store.setState({ datasetForwardOnly: on }),
    repeatDatasetTiles: (times) => repeatTiles(store, times),
    video: () => videoDebug(views),
  } satisfies GradcamDebug;
}

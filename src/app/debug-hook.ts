/** window.gradcamDebug (declared in debug-api.ts) for the page's store and engine. */
import { type AppStore, isMapReady } from '../state/store';
import { bridgeCalls, totalBridgeCalls } from '../worker/bridge';
import type { GradcamDebug } from './debug-api';
import type { EngineRoom } from './engine';

/** Worker calls are counted at the bridge itself. */
export function installDebugHook(store: AppStore, engines: EngineRoom): void {
  const engine = () => engines.current;
  window.gradcamDebug = {
    last() {
      const s = store.getState();
      const map = s.map;
      if (!map) return null;
      return {
        classIndex: map.classIndex,
        layer: map.layer,
        method: map.method,
        backend: map.backend,
        width: map.width,
        height: map.height,
        map: Array.from(map.lowRes),
        forwardPasses: map.forwardPasses,
        timingsMs: { forward: s.analysis?.forwardMs ?? null, cam: map.camMs },
        ready: isMapReady(s),
        options: map.options,
      };
    },
    workerCalls: totalBridgeCalls,
    bridgeCalls,
    model() {
      const { backend, model } = store.getState();
      if (!backend || !model.info) return null;
      const { key, loadMs, from, numClasses, layers } = model.info;
      return { key, backend: backend.name, loadMs, from, numClasses, layers: layers.map((l) => l.name) };
    },
    benchmark(spec) {
      const current = engine();
      if (!current) throw new Error('The model engine is not running.');
      return current.benchmark(spec);
    },
    memory: async () => (await engine()?.memory()) ?? null,
    killWorker: () => engine()?.debugKill?.(),
    loseWebGlContext: async () => (await engine()?.debugLoseWebGlContext?.()) ?? false,
  } satisfies GradcamDebug;
}

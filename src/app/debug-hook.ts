/** window.gradcamDebug (declared in debug-api.ts) for the page's store and engine. */
import { type AppStore, isMapReady } from '../state/store';
import { videoDebug } from '../video/debug';
import { bridgeCalls, totalBridgeCalls } from '../worker/bridge';
import { repeatTiles } from './dataset/debug';
import { datasetFigures } from './dataset/progress';
import type { GradcamDebug } from './debug-api';
import type { EngineRoom } from './engine';
import { currentBoxes } from './trust/boxes';
import { debugMetrics } from './trust/debug';

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
        boxes: currentBoxes(s),
        ...debugMetrics(s),
        threads: map.backend === 'wasm' ? (s.backend?.threads ?? 1) : 1,
        isolated: globalThis.crossOriginIsolated === true,
      };
    },
    workerCalls: totalBridgeCalls,
    bridgeCalls,
    model() {
      const { backend, model, analysis } = store.getState();
      if (!backend || !model.info) return null;
      const { key, loadMs, from, numClasses, layers } = model.info;
      // The analysis knows the preprocessing and size in force (they change without a reload).
      const details = (analysis?.key.includes(key) ? analysis.details : undefined) ?? model.info.details;
      return {
        key,
        id: details?.id ?? key,
        inputSize: details?.inputSize ?? model.info.inputSize,
        channels: details?.channels ?? 3,
        preprocess: details?.preprocess ?? 'custom',
        preprocessing: details?.preprocessing ?? { scale: 1, offset: 0 },
        task: details?.task ?? 'multiclass',
        sources: details?.sources ?? {},
        region: analysis?.region ?? null,
        backend: backend.name,
        loadMs,
        from,
        numClasses,
        layers: (details?.layers ?? layers).map((l) => l.name),
      };
    },
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
    video: videoDebug,
  } satisfies GradcamDebug;
}

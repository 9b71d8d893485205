/**
 * gradcamDebug.last() and model() (declared in debug-api.ts): the map on the stage with its boxes
 * and metrics, and the model in force; and video()'s timeline selectors. A chunk of its own, loaded
 * by debug-hook.ts right after start-up: the boxes, metrics and timeline code is not in the first view.
 */
import { type AppState, isMapReady } from '../state/store';
import type { DebugMap, DebugModel } from './debug-api';
import { currentBoxes } from './trust/boxes';
import { debugMetrics } from './trust/debug';

export { selectKeyframes, selectSamples } from '../video/selectors';

export function debugMap(s: AppState): DebugMap | null {
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
}

/** The model in force, or null before one has loaded. */
export function debugModel(s: AppState): DebugModel | null {
  const { backend, model, analysis } = s;
  if (!backend || !model.info) return null;
  const { key, loadMs, from, numClasses, layers, multiplyAdds } = model.info;
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
    multiplyAdds,
    from,
    numClasses,
    layers: (details?.layers ?? layers).map((l) => l.name),
  };
}

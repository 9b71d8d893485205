/**
 * Connects the video feature to the app: the pipeline's running engine (its frame calls), the model
 * and explanation settings from the store, and the photo view (actions). Nothing else in src/video/
 * imports the app.
 */
import { actions, pipeline } from '../app/page';
import { appStore, effectiveLayer } from '../state/store';
import { closeFrame } from '../worker/frame-protocol';
import { setVideoHost, type VideoModel } from './host';
import { useVideoStore } from './store';

export function wireVideo(): void {
  const get = appStore.getState;
  const engine = () => pipeline.engines.current;
  const model = (): VideoModel | null => {
    const { model } = get();
    if (model.status !== 'ready' || !model.info) return null;
    return { key: model.info.key, labels: model.info.labels, inputSize: model.info.inputSize };
  };
  // The engine's desired use follows the source mode (the pipeline restarts it when its wasm thread
  // count differs: src/app/engine.ts).
  appStore.setState({ engineUse: useVideoStore.getState().mode });
  useVideoStore.subscribe((s, before) => {
    if (s.mode !== before.mode) appStore.setState({ engineUse: s.mode });
  });
  // The video file mode shown on a ready engine (each engine once): its decode worker starts now.
  let warmed: unknown = null;
  const warm = () => {
    const current = engine();
    if (get().engineUse !== 'video' || !model() || !current || current === warmed) return;
    warmed = current;
    current.warmVideoDecoder?.().catch(() => undefined); // an engine lost meanwhile: the next is warmed
  };
  appStore.subscribe(warm);
  warm();
  setVideoHost({
    model,
    modelReady: (signal) =>
      new Promise((resolve, reject) => {
        const check = () => {
          const ready = model();
          if (!ready && !signal.aborted) return;
          unsubscribe();
          signal.removeEventListener('abort', check);
          if (ready) resolve(ready);
          else reject(signal.reason);
        };
        const unsubscribe = appStore.subscribe(check);
        signal.addEventListener('abort', check);
        check();
      }),
    layer: () => effectiveLayer(get()),
    method: () => get().method,
    style: () => ({ opacity: get().opacity, colormap: get().colormap }),
    frame(frame, request, signal) {
      const current = engine();
      if (!current) {
        closeFrame(frame);
        return Promise.reject(new Error('The model engine is not running.'));
      }
      return current.frame(frame, request, signal);
    },
    // No such call (the Node test engine): rejects, and the analysis seeks an element instead.
    analyseFile: async (...args) => engine()!.analyseFile!(...args),
    releaseFrames: () => engine()?.releaseFrames() ?? Promise.resolve(),
    async openStill(blob, name, classIndex) {
      await actions.setImageBlob(blob, name);
      if (classIndex !== null) actions.selectClass(classIndex);
    },
  });
}

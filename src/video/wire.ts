/** Connects the video feature to the app: the worker bridge, the model and settings, the photo view. */
import { selectClass, setImageBlob, workerBridge } from '../app/controller';
import { effectiveLayer, useStore } from '../state/store';
import { watchVisibility } from './camera-actions';
import { setVideoHost } from './host';

export function wireVideo(): void {
  const get = useStore.getState;
  setVideoHost({
    model() {
      const { model } = get();
      if (model.status !== 'ready' || !model.info) return null;
      return { key: model.info.key, labels: model.info.labels, inputSize: model.info.inputSize };
    },
    layer: () => effectiveLayer(get()),
    method: () => get().method,
    style: () => ({ opacity: get().opacity, colormap: get().colormap }),
    frame(frame, request, signal) {
      const bridge = workerBridge();
      if (!bridge) {
        frame.close();
        return Promise.reject(new Error('The model engine is not running.'));
      }
      return bridge.frame(frame, request, signal);
    },
    releaseFrames: () => workerBridge()?.releaseFrames() ?? Promise.resolve(),
    async openStill(blob, name, classIndex) {
      await setImageBlob(blob, name);
      if (classIndex !== null) selectClass(classIndex);
    },
  });
  watchVisibility();
}
